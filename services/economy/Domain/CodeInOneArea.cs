namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// Within one period's allocation areas, and within one report layout, an activity code belongs to one area,
/// or the total would count it twice. The one place that rule is decided; imports and RecordAllocation ask it.
/// </summary>
public static class CodeInOneArea
{
    public const string Rule = EconomyChecks.CodeInOneArea;

    /// <summary>Every code that more than one of <paramref name="areas"/> names, with the areas naming it.</summary>
    public static IEnumerable<(string Code, IReadOnlyList<string> Areas)> Conflicts(IEnumerable<(string Area, IEnumerable<string> Codes)> areas) =>
        areas.SelectMany(a => a.Codes.Distinct().Select(code => (Code: code, a.Area)))
            .GroupBy(x => x.Code)
            .Where(g => g.Count() > 1)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(x => x.Area).ToList()));

    public static string Describe(string code, IReadOnlyList<string> areas, string where) =>
        $"rule {Rule}: activity code {code} is in the {where} {string.Join(" and ", areas.Select(a => $"'{a}'"))}";
}
