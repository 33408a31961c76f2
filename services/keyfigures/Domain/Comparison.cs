namespace NamndFollowUp.KeyFigures.Domain;

public static class Comparison
{
    public const string Country = "0000";

    /// <summary>
    /// Compares the committee's own value with a group: the group's value as Kolada gives it, or else the
    /// unweighted mean of its members' values (Kolada's rule for groups); the rank is the committee's place
    /// among the members with values, lowest value first (1 = lowest cost), its own value in place of
    /// whatever Kolada holds for its municipality. <paramref name="statusByArea"/> carries Kolada's flags on
    /// the values, shown beside them; a flagged value is compared like any other.
    /// </summary>
    public static GroupComparison Compare(string municipality, decimal? own, string groupId, string name,
        IReadOnlyCollection<string> members, IReadOnlyDictionary<string, decimal> valuesByArea,
        IReadOnlyDictionary<string, string>? statusByArea = null)
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
        string StatusOf(string area) => statusByArea?.GetValueOrDefault(area) ?? "";
        return new GroupComparison(groupId, name, groupValue, fromMembers, members.Count, difference, percent, rank, ranked)
        {
            GroupStatus = fromMembers ? "" : StatusOf(groupId),
            Values = members.Where(valuesByArea.ContainsKey).Order(StringComparer.Ordinal)
                .Select(m => new ComparedValue(m, valuesByArea[m], StatusOf(m))).ToList(),
        };
    }
}
