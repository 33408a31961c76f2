namespace NamndFollowUp.Economy.Domain;

public sealed record AreaResult(string AreaName, decimal Allocation, decimal NetCost)
{
    /// <summary>Result = Allocation − NetCost; negative is a deficit (underskott).</summary>
    public decimal Result => Allocation - NetCost;
}

/// <summary>"Sammanfattning av ekonomiskt resultat", derived from stored allocations and Actuals.</summary>
public sealed record ResultSummary(IReadOnlyList<AreaResult> Areas, AreaResult Total, IReadOnlyList<string> UnallocatedActivityCodes)
{
    public const string TotalName = "Nämnden totalt";

    public static ResultSummary Compute(IReadOnlyCollection<Allocation> allocations, IReadOnlyCollection<ActivityFigure> figures)
    {
        // NetCost is costs minus income: the ledger books it negative, so it is the negated Actual.
        // Unit rows break an activity's committee-level row down; they are not counted again.
        var netCostByCode = figures.Where(f => f.UnitCode.Length == 0)
            .ToDictionary(f => f.ActivityCode, f => -(f.Actual ?? 0m), StringComparer.Ordinal);

        var areas = allocations
            .OrderBy(a => a.SortOrder).ThenBy(a => a.AreaName, StringComparer.Ordinal)
            .Select(a => new AreaResult(a.AreaName, a.Amount,
                a.ActivityCodes.Sum(code => netCostByCode.GetValueOrDefault(code))))
            .ToList();

        var allocatedCodes = allocations.SelectMany(a => a.ActivityCodes).ToHashSet(StringComparer.Ordinal);
        var unallocated = netCostByCode.Keys.Where(code => !allocatedCodes.Contains(code)).Order(StringComparer.Ordinal).ToList();

        var total = new AreaResult(TotalName, allocations.Sum(a => a.Amount), netCostByCode.Values.Sum());
        return new ResultSummary(areas, total, unallocated);
    }
}
