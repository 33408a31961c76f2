using NamndFollowUp.Events;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>The measures of one figure row, in kronor. Actual is booked (net cost negative); the rest positive.</summary>
public readonly record struct FigureMeasures(
    decimal? Actual, decimal? Budget, decimal? Forecast = null, decimal? Costs = null, decimal? Income = null, decimal? InterventionCost = null,
    decimal? InterventionCostBudget = null, decimal? InterventionCostForecast = null);

/// <summary>
/// A committee's figures for one activity code (optionally one unit) and period, in kronor.
/// A net cost is booked negative, as in the committee's ledger and the seed's tables.
/// </summary>
public sealed class ActivityFigure : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public string ActivityCode { get; private set; } = "";
    /// <summary>Empty for the activity's committee-level row.</summary>
    public string UnitCode { get; private set; } = "";
    public decimal? Actual { get; private set; }
    public decimal? Budget { get; private set; }
    public decimal? Forecast { get; private set; }
    public decimal? Costs { get; private set; }
    public decimal? Income { get; private set; }
    public decimal? InterventionCost { get; private set; }
    public decimal? InterventionCostBudget { get; private set; }
    public decimal? InterventionCostForecast { get; private set; }

    public FigureMeasures Measures => new(Actual, Budget, Forecast, Costs, Income, InterventionCost, InterventionCostBudget, InterventionCostForecast);
    /// <summary>Raised on every change; optimistic concurrency token and the events' ordering key.</summary>
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private ActivityFigure() { }

    public static ActivityFigure Create(string municipalityCode, string committeeCode, int year, int periodPoint, string activityCode, string unitCode = "") =>
        new()
        {
            MunicipalityCode = municipalityCode,
            CommitteeCode = committeeCode,
            Year = year,
            PeriodPoint = periodPoint,
            ActivityCode = activityCode,
            UnitCode = unitCode,
        };

    /// <summary>Sets the amounts; returns false (and changes nothing) when they are already these.</summary>
    public bool Record(decimal? actual, decimal? budget, DateTimeOffset now) => Record(new FigureMeasures(actual, budget), now);

    /// <summary>Sets the measures; returns false (and changes nothing) when they are already these.</summary>
    public bool Record(FigureMeasures measures, DateTimeOffset now)
    {
        if (Version > 0 && Measures == measures)
        {
            return false;
        }
        (Actual, Budget, Forecast, Costs, Income, InterventionCost, InterventionCostBudget, InterventionCostForecast) = measures;
        Version++;
        UpdatedAt = now;
        return true;
    }

    public ActivityFiguresChanged ToChangedEvent() =>
        new(MunicipalityCode, CommitteeCode, Year, PeriodPoint, ActivityCode, Actual, Budget, Version, UpdatedAt,
            UnitCode, Forecast, Costs, Income, InterventionCost, InterventionCostBudget, InterventionCostForecast);
}
