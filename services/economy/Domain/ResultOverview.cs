namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// One committee's result and forecast for kommunledningskontoret, each from where it comes: a result report's
/// stated deviation (its stated total, else the sum of its top units' stated deviations) when it states one,
/// otherwise Allocation − NetCost from the figures (and the forecast result from Forecast). In a result report the
/// result against budget is the committee's result: its budget is its allocation.
/// </summary>
public sealed record ResultOverview(
    decimal? Allocation, decimal? NetCost, decimal? DerivedResult, decimal? DerivedForecastResult,
    decimal? StatedResult, decimal? StatedForecastResult)
{
    public const string Stated = "stated";
    public const string AllocationMinusNetCost = "allocation_minus_net_cost";
    public const string Forecast = "forecast";

    public decimal? Result => StatedResult ?? DerivedResult;
    public string ResultSource => StatedResult is not null ? Stated : DerivedResult is not null ? AllocationMinusNetCost : "";
    public decimal? ForecastResult => StatedForecastResult ?? DerivedForecastResult;
    public string ForecastSource => StatedForecastResult is not null ? Stated : DerivedForecastResult is not null ? Forecast : "";

    public static ResultOverview Of(PeriodData data, IReadOnlyCollection<OrganisationalUnit> units, IReadOnlyCollection<StatedDeviation> stated)
    {
        var total = ResultSummary.Compute(data, PeriodData.Empty, PeriodData.Empty).Total;
        var deviation = StatedTotal.Of(units, stated, s => s.Deviation, "");
        var forecast = StatedTotal.Of(units, stated, s => s.ForecastDeviation, "");
        return new ResultOverview(
            data.Allocations.Count > 0 ? total.Allocation : null,
            data.HasFigures ? total.NetCost : null,
            data.HasFigures ? total.Result : null,
            total.ForecastResult,
            deviation.Stated ?? deviation.Derived,
            forecast.Stated ?? forecast.Derived);
    }

    /// <summary>The change since an earlier follow-up, only between figures of the same source (a stated result against a derived one would mix two measures).</summary>
    public static decimal? Change(decimal? now, string sourceNow, decimal? before, string sourceBefore) =>
        sourceNow == sourceBefore ? now - before : null;
}
