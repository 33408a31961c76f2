using System.Globalization;
using System.Text.Json;
using NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy.Tests;

/// <summary>
/// Reads the demo data of deploy/demo (the seed's 2024 årsbokslut, in kronor) into domain objects,
/// the same rows the demo loader sends through the gRPC API.
/// </summary>
internal static class DemoData
{
    public const string Municipality = "0380";
    public const string Committee = "SCN";
    public const int Year = 2024;
    public const int FullYear = 14;

    public static readonly DateTimeOffset Now = new(2025, 2, 1, 12, 0, 0, TimeSpan.Zero);

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NamndFollowUp.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"NamndFollowUp.sln not found above {AppContext.BaseDirectory}");
    }

    private static JsonElement Read(string fileName)
    {
        var path = Path.Combine(RepoRoot(), "deploy", "demo", fileName);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    private static decimal Amount(JsonElement element) =>
        decimal.Parse(element.GetProperty("value").GetString()!, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture);

    public static List<ActivityFigure> Figures()
    {
        var root = Read("economy-figures-2024.json");
        Assert.Equal(Year, root.GetProperty("period").GetProperty("year").GetInt32());
        Assert.Equal("PERIOD_POINT_FULL_YEAR", root.GetProperty("period").GetProperty("point").GetString());
        var result = new List<ActivityFigure>();
        foreach (var f in root.GetProperty("figures").EnumerateArray())
        {
            var figure = ActivityFigure.Create(Municipality, Committee, Year, FullYear, f.GetProperty("activityCode").GetString()!);
            figure.Record(Amount(f.GetProperty("actual")), Amount(f.GetProperty("budget")), Now);
            result.Add(figure);
        }
        return result;
    }

    public sealed record AllocationRow(string AreaName, decimal Amount, IReadOnlyList<string> ActivityCodes, int SortOrder);

    public static List<AllocationRow> AllocationRows()
    {
        var root = Read("economy-allocations-2024.json");
        return root.EnumerateArray().Select(a => new AllocationRow(
            a.GetProperty("areaName").GetString()!,
            Amount(a.GetProperty("amount")),
            a.GetProperty("activityCodes").EnumerateArray().Select(c => c.GetString()!).ToList(),
            a.GetProperty("sortOrder").GetInt32())).ToList();
    }

    public static List<Allocation> ToAllocations(IEnumerable<AllocationRow> rows) => rows.Select(r =>
    {
        var allocation = Allocation.Create(Municipality, Committee, Year, FullYear, r.AreaName);
        allocation.Record(r.Amount, r.ActivityCodes, r.SortOrder, Now);
        return allocation;
    }).ToList();

    /// <summary>kronor → whole mnkr as the seed's table shows them.</summary>
    public static decimal Mnkr(decimal kronor, int decimals = 0) =>
        Math.Round(kronor / 1_000_000m, decimals, MidpointRounding.AwayFromZero);
}
