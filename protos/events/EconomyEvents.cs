namespace NamndFollowUp.Events;

// Integration events between the services, published through each service's outbox. Delivery is at
// least once and not strictly ordered: each event carries the MessageId set by the outbox (for the
// consumer's inbox) and the source row's Version (so a late, older event never overwrites a newer one).
// Amounts are kronor, exact. Period point: 1–12 month, 13 delår, 14 helår.

/// <summary>
/// economy: one figure row — committee × activity × unit (empty = the activity's committee-level row) ×
/// period — was recorded or changed. Carries every measure of the row as it now stands (null = not given).
/// Net cost is −Actual (a booked net cost is negative); Costs and Income are positive amounts.
/// </summary>
public sealed record ActivityFiguresChanged(
    string MunicipalityCode,
    string CommitteeCode,
    int Year,
    int PeriodPoint,
    string ActivityCode,
    decimal? Actual,
    decimal? Budget,
    long Version,
    DateTimeOffset ChangedAt,
    string UnitCode = "",
    decimal? Forecast = null,
    decimal? Costs = null,
    decimal? Income = null,
    decimal? InterventionCost = null,
    decimal? InterventionCostBudget = null,
    decimal? InterventionCostForecast = null);

/// <summary>
/// economy: an allocation area's allocation (kommunbidrag) for a committee and period was recorded or
/// changed, by a direct write, an import or a budget adjustment. Amount is as budgeted; AdjustedAmount
/// includes every budget adjustment by KS/KF and is what results are measured against.
/// </summary>
public sealed record AllocationChanged(
    string MunicipalityCode,
    string CommitteeCode,
    int Year,
    int PeriodPoint,
    string AreaName,
    decimal Amount,
    decimal AdjustedAmount,
    IReadOnlyList<string> ActivityCodes,
    DateTimeOffset ChangedAt);
