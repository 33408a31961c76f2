using System.Globalization;
using System.Text.Json;
using NamndFollowUp.ServiceDefaults.Domain;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.KeyFigures.Domain;

public sealed record KoladaRow(string KpiId, string AreaId, int Year, string Gender, decimal? Value, int Count);

/// <summary>
/// Reads Kolada's data format: the JSON its API returns
/// (<c>{"values":[{"kpi":"N17473","municipality":"0380","period":2024,"values":[{"gender":"T","value":5379.1,"count":1}]}]}</c>)
/// or the same columns as semicolon-separated text with a header line (kpi;municipality;period;gender;value;count).
/// Every row is checked before any is used: one malformed row fails the file, naming the row.
/// </summary>
public static class KoladaFile
{
    private static readonly string[] Columns = ["kpi", "municipality", "period", "gender", "value", "count"];

    public static IReadOnlyList<KoladaRow> Parse(string content)
    {
        var text = content?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new ValidationFailedException("content", "is empty: expected Kolada JSON or kpi;municipality;period;gender;value;count lines");
        }
        return text[0] is '{' or '[' ? ParseJson(text) : ParseText(text);
    }

    private static List<KoladaRow> ParseJson(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ValidationFailedException("content", $"is not valid JSON: {e.Message}");
        }
        using var _ = document;
        var root = document.RootElement;
        var entries = root.ValueKind == JsonValueKind.Array ? root
            : root.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array ? values
            : throw new ValidationFailedException("content", "has no \"values\" array");
        var rows = new List<KoladaRow>();
        var v = new RequestValidator();
        var i = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var field = $"content.values[{i}]";
            var kpi = String(entry, "kpi");
            var area = String(entry, "municipality");
            if (string.IsNullOrWhiteSpace(kpi))
            {
                v.Add($"{field}.kpi", $"row {i + 1}: the KPI id is missing");
            }
            else if (KpiProblem(kpi) is { } kpiProblem)
            {
                v.Add($"{field}.kpi", $"row {i + 1}: {kpiProblem}");
            }
            if (string.IsNullOrWhiteSpace(area))
            {
                v.Add($"{field}.municipality", $"row {i + 1}: the municipality or group id is missing");
            }
            else if (AreaProblem(area) is { } areaProblem)
            {
                v.Add($"{field}.municipality", $"row {i + 1}: {areaProblem}");
            }
            int? year = entry.TryGetProperty("period", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var y) ? y
                : entry.TryGetProperty("period", out p) && p.ValueKind == JsonValueKind.String && int.TryParse(p.GetString(), out y) ? y : null;
            if (year is not { } knownYear || !DomainLimits.IsYear(knownYear))
            {
                v.Add($"{field}.period", $"row {i + 1}: the period must be a year {DomainLimits.YearMin}–{DomainLimits.YearMax}, got {(entry.TryGetProperty("period", out p) ? InputLimits.Shorten(p.GetRawText()) : "nothing")}");
            }
            if (!entry.TryGetProperty("values", out var genders) || genders.ValueKind != JsonValueKind.Array)
            {
                v.Add($"{field}.values", $"row {i + 1}: has no values array");
                i++;
                continue;
            }
            var j = 0;
            foreach (var g in genders.EnumerateArray())
            {
                var gfield = $"{field}.values[{j}]";
                var gender = String(g, "gender");
                if (gender is not ("T" or "K" or "M"))
                {
                    v.Add($"{gfield}.gender", $"row {i + 1}: gender must be T, K or M, got '{gender}'");
                }
                decimal? value = null;
                if (g.TryGetProperty("value", out var val) && val.ValueKind != JsonValueKind.Null)
                {
                    // Judged on the number as written: TryGetDecimal would round a 30-digit number silently.
                    if (val.ValueKind == JsonValueKind.Number)
                    {
                        if (DomainLimits.AmountProblem(val.GetRawText(), DomainLimits.StatisticScale, out var d) is { } valueProblem)
                        {
                            v.Add($"{gfield}.value", $"row {i + 1}: the value {valueProblem}");
                        }
                        else
                        {
                            value = d;
                        }
                    }
                    else
                    {
                        v.Add($"{gfield}.value", $"row {i + 1}: the value must be a number or null, got {val.GetRawText()}");
                    }
                }
                var count = 0;
                if (g.TryGetProperty("count", out var c) && c.ValueKind != JsonValueKind.Null && !(c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out count) && count >= 0))
                {
                    v.Add($"{gfield}.count", $"row {i + 1}: the count must be a whole number, got {c.GetRawText()}");
                }
                rows.Add(new KoladaRow(kpi?.Trim() ?? "", area?.Trim() ?? "", year ?? 0, gender ?? "", value, count));
                j++;
            }
            i++;
        }
        v.ThrowIfInvalid();
        return rows;
    }

    private static string? KpiProblem(string kpi) => DomainLimits.IsKoladaKpiId(kpi.Trim()) ? null
        : $"the KPI id must be a capital letter and five digits (e.g. N17473), got '{InputLimits.Shorten(kpi)}'";

    /// <summary>A municipality's SCB code or a Kolada group id (G…): a code, as every code of the suite.</summary>
    private static string? AreaProblem(string area) =>
        (DomainLimits.CharacterProblem(area, multiline: false) ?? DomainLimits.CodeProblem(area.Trim())) is { } problem
            ? $"the municipality or group id {problem}" : null;

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static List<KoladaRow> ParseText(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines[0].Split(';').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (!header.SequenceEqual(Columns))
        {
            throw new ValidationFailedException("content", $"line 1 must be the header {string.Join(';', Columns)}, got '{lines[0]}'");
        }
        var rows = new List<KoladaRow>();
        var v = new RequestValidator();
        for (var n = 1; n < lines.Count; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n]))
            {
                continue;
            }
            var line = n + 1;
            var cells = lines[n].Split(';').Select(c => c.Trim()).ToArray();
            if (cells.Length != Columns.Length)
            {
                v.Add($"content.line[{line}]", $"line {line} has {cells.Length} columns, expected {Columns.Length}: '{lines[n]}'");
                continue;
            }
            var ok = true;
            if (cells[0].Length == 0 || cells[1].Length == 0)
            {
                v.Add($"content.line[{line}]", $"line {line}: the KPI id and the municipality or group id are required");
                ok = false;
            }
            else if ((KpiProblem(cells[0]) ?? AreaProblem(cells[1])) is { } idProblem)
            {
                v.Add($"content.line[{line}]", $"line {line}: {idProblem}");
                ok = false;
            }
            if (!int.TryParse(cells[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || !DomainLimits.IsYear(year))
            {
                v.Add($"content.line[{line}].period", $"line {line}: the period must be a year {DomainLimits.YearMin}–{DomainLimits.YearMax}, got '{InputLimits.Shorten(cells[2])}'");
                ok = false;
            }
            if (cells[3] is not ("T" or "K" or "M"))
            {
                v.Add($"content.line[{line}].gender", $"line {line}: gender must be T, K or M, got '{cells[3]}'");
                ok = false;
            }
            decimal? value = null;
            if (cells[4].Length > 0)
            {
                if (DomainLimits.AmountProblem(cells[4], DomainLimits.StatisticScale, out var d) is { } valueProblem)
                {
                    v.Add($"content.line[{line}].value", $"line {line}: the value {valueProblem}, got '{InputLimits.Shorten(cells[4])}'");
                    ok = false;
                }
                else
                {
                    value = d;
                }
            }
            var count = 0;
            if (cells[5].Length > 0 && !int.TryParse(cells[5], NumberStyles.None, CultureInfo.InvariantCulture, out count))
            {
                v.Add($"content.line[{line}].count", $"line {line}: the count must be a whole number, got '{cells[5]}'");
                ok = false;
            }
            if (ok)
            {
                rows.Add(new KoladaRow(cells[0], cells[1], year, cells[3], value, count));
            }
        }
        v.ThrowIfInvalid();
        return rows;
    }
}
