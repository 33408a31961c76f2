namespace NamndFollowUp.KeyFigures.Domain;

/// <summary>
/// A set of municipalities the committee compares itself with (Kolada's municipality groups, or a network
/// such as R12). Kolada's own country value has the id "0000" and needs no group.
/// </summary>
public sealed class ComparisonGroup
{
    public long Id { get; private set; }
    /// <summary>The municipality that compares itself with the group.</summary>
    public string MunicipalityCode { get; private set; } = "";
    /// <summary>Kolada's group id (e.g. G124054) or the network's own name (R12).</summary>
    public string GroupId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public List<string> Members { get; private set; } = [];
    public DateTimeOffset UpdatedAt { get; private set; }

    private ComparisonGroup() { }

    public static ComparisonGroup Create(string municipality, string groupId) => new() { MunicipalityCode = municipality, GroupId = groupId };

    public void Define(string name, IEnumerable<string> members, DateTimeOffset now)
    {
        Name = name;
        Members = members.Distinct().Order(StringComparer.Ordinal).ToList();
        UpdatedAt = now;
    }
}

/// <summary>
/// One value of Kolada's data format: a KPI for a municipality or group, a year and a gender (T, K or M), as
/// imported by one municipality: each keeps its own copy, so one municipality's import never changes another's
/// comparisons.
/// </summary>
public sealed class KoladaValue
{
    public long Id { get; private set; }
    /// <summary>The municipality that imported the value and compares with it.</summary>
    public string MunicipalityCode { get; private set; } = "";
    public string KpiId { get; private set; } = "";
    /// <summary>A municipality's 4-digit code, "0000" for the country, or a group id.</summary>
    public string AreaId { get; private set; } = "";
    public int Year { get; private set; }
    public string Gender { get; private set; } = "T";
    public decimal? Value { get; private set; }
    public int Count { get; private set; }
    public DateTimeOffset ImportedAt { get; private set; }

    private KoladaValue() { }

    public static KoladaValue Create(string importer, string kpi, string area, int year, string gender) =>
        new() { MunicipalityCode = importer, KpiId = kpi, AreaId = area, Year = year, Gender = gender };

    public void Set(decimal? value, int count, DateTimeOffset now)
    {
        Value = value;
        Count = count;
        ImportedAt = now;
    }
}

public sealed record GroupComparison(string GroupId, string Name, decimal? GroupValue, bool GroupValueFromMembers, int Members,
    decimal? Difference, decimal? DifferencePercent, int? Rank, int Ranked);

public static class Comparison
{
    public const string Country = "0000";

    /// <summary>
    /// Compares the committee's own value with a group: the group's value as Kolada gives it, or else the
    /// unweighted mean of its members' values (Kolada's rule for groups); the rank is the committee's place
    /// among the members with values, lowest value first (1 = lowest cost), its own value in place of
    /// whatever Kolada holds for its municipality.
    /// </summary>
    public static GroupComparison Compare(string municipality, decimal? own, string groupId, string name,
        IReadOnlyCollection<string> members, IReadOnlyDictionary<string, decimal> valuesByArea)
    {
        decimal? groupValue;
        var fromMembers = false;
        if (valuesByArea.TryGetValue(groupId, out var given))
        {
            groupValue = given;
        }
        else
        {
            var memberValues = members.Where(valuesByArea.ContainsKey).Select(m => valuesByArea[m]).ToList();
            groupValue = memberValues.Count > 0 ? memberValues.Sum() / memberValues.Count : null;
            fromMembers = true;
        }
        int? rank = null;
        var others = members.Where(m => m != municipality && valuesByArea.ContainsKey(m)).Select(m => valuesByArea[m]).ToList();
        var ranked = others.Count + (own is null ? 0 : 1);
        if (own is { } o)
        {
            rank = others.Count(v => v < o) + 1;
        }
        decimal? difference = own is { } a && groupValue is { } g ? a - g : null;
        decimal? percent = difference is { } d && groupValue is { } gv && gv != 0 ? d / gv * 100 : null;
        return new GroupComparison(groupId, name, groupValue, fromMembers, members.Count, difference, percent, rank, ranked);
    }
}
