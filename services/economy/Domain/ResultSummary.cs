namespace NamndFollowUp.Economy.Domain;

public sealed record AreaResult(string AreaName, decimal Allocation, decimal NetCost)
{
    /// <summary>Result = Allocation − NetCost; negative is a deficit (underskott).</summary>
    public decimal Result => Allocation - NetCost;

    /// <summary>Results of the same area by budget, forecast, the previous year and the previous follow-up.</summary>
    public decimal? BudgetResult { get; init; }
    public decimal? ForecastResult { get; init; }
    public decimal? PreviousYearResult { get; init; }
    public decimal? PreviousFollowUpResult { get; init; }

    /// <summary>The result as a share of the allocation: the seed's "2 procent av budgetramen".</summary>
    public decimal? ShareOfAllocation => Allocation == 0 ? null : Result / Allocation;
    public decimal? DeviationAgainstBudget => Result - BudgetResult;
    public decimal? DeviationAgainstForecast => Result - ForecastResult;
    public decimal? DeviationAgainstPreviousYear => Result - PreviousYearResult;
    public decimal? DeviationAgainstPreviousFollowUp => Result - PreviousFollowUpResult;
}

/// <summary>"Sammanfattning av ekonomiskt resultat", derived from stored allocations and figures.</summary>
public sealed record ResultSummary(IReadOnlyList<AreaResult> Areas, AreaResult Total, IReadOnlyList<string> UnallocatedActivityCodes)
{
    public const string TotalName = "Nämnden totalt";

    public static ResultSummary Compute(IReadOnlyCollection<Allocation> allocations, IReadOnlyCollection<ActivityFigure> figures) =>
        Compute(new PeriodData(figures, allocations, []), PeriodData.Empty, PeriodData.Empty);

    public static ResultSummary Compute(PeriodData current, PeriodData previousYear, PeriodData previousFollowUp)
    {
        var areas = current.Allocations
            .OrderBy(a => a.SortOrder).ThenBy(a => a.AreaName, StringComparer.Ordinal)
            .Select(a => new AreaResult(a.AreaName, current.Adjusted(a), -(current.Sum(a.ActivityCodes, f => f.Actual) ?? 0m))
            {
                BudgetResult = Result(a.Amount, current.Sum(a.ActivityCodes, f => f.Budget)),
                ForecastResult = Result(a.ForecastAmount ?? a.Amount, current.Sum(a.ActivityCodes, f => f.Forecast)),
                PreviousYearResult = SameArea(previousYear, a.AreaName),
                PreviousFollowUpResult = SameArea(previousFollowUp, a.AreaName),
            })
            .ToList();

        var allocatedCodes = current.Allocations.SelectMany(a => a.ActivityCodes).ToHashSet(StringComparer.Ordinal);
        var unallocated = current.ByCode.Keys.Where(code => !allocatedCodes.Contains(code)).Order(StringComparer.Ordinal).ToList();

        var total = new AreaResult(TotalName, current.Allocations.Sum(current.Adjusted), -(current.Sum(current.ByCode.Keys, f => f.Actual) ?? 0m))
        {
            BudgetResult = Result(current.Allocations.Sum(a => a.Amount), current.Sum(current.ByCode.Keys, f => f.Budget)),
            ForecastResult = Result(current.Allocations.Sum(a => a.ForecastAmount ?? a.Amount), current.Sum(current.ByCode.Keys, f => f.Forecast)),
            PreviousYearResult = CommitteeResult(previousYear),
            PreviousFollowUpResult = CommitteeResult(previousFollowUp),
        };
        return new ResultSummary(areas, total, unallocated);
    }

    /// <summary>Allocation plus the booked (negative) net cost, when anything is booked.</summary>
    private static decimal? Result(decimal allocation, decimal? booked) => booked is null ? null : allocation + booked;

    private static decimal? SameArea(PeriodData data, string areaName) =>
        data.Allocations.SingleOrDefault(a => a.AreaName == areaName) is { } area
            ? Result(data.Adjusted(area), data.Sum(area.ActivityCodes, f => f.Actual))
            : null;

    private static decimal? CommitteeResult(PeriodData data) =>
        data.HasFigures ? data.Allocations.Sum(data.Adjusted) + (data.Sum(data.ByCode.Keys, f => f.Actual) ?? 0m) : null;
}
