using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// The allocation (kommunbidrag) of one allocation area for a committee and period, and the activity
/// codes whose net cost it funds. These areas are the rows of "Sammanfattning av ekonomiskt resultat";
/// other report layouts group the same codes differently (<see cref="LayoutArea"/>) and take their
/// allocation from the allocation areas they contain, so an allocation is stored once.
/// </summary>
public sealed class Allocation : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public string AreaName { get; private set; } = "";
    /// <summary>As budgeted; budget adjustments by KS/KF come on top.</summary>
    public decimal Amount { get; private set; }
    /// <summary>The allocation the report's forecast assumed, when it differs from <see cref="Amount"/>.</summary>
    public decimal? ForecastAmount { get; private set; }
    public List<string> ActivityCodes { get; private set; } = [];
    public int SortOrder { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private Allocation() { }

    public static Allocation Create(string municipalityCode, string committeeCode, int year, int periodPoint, string areaName) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint, AreaName = areaName };

    public void Record(decimal amount, IEnumerable<string> activityCodes, int sortOrder, DateTimeOffset now) =>
        Record(amount, ForecastAmount, activityCodes, sortOrder, now);

    /// <summary>Returns false (and changes nothing) when the allocation already stands like this.</summary>
    public bool Record(decimal amount, decimal? forecastAmount, IEnumerable<string> activityCodes, int sortOrder, DateTimeOffset now)
    {
        var codes = activityCodes.Distinct().Order(StringComparer.Ordinal).ToList();
        if (Id != 0 && Amount == amount && ForecastAmount == forecastAmount && SortOrder == sortOrder && codes.SequenceEqual(ActivityCodes))
        {
            return false;
        }
        Amount = amount;
        ForecastAmount = forecastAmount;
        if (!codes.SequenceEqual(ActivityCodes))
        {
            ActivityCodes = codes;
        }
        SortOrder = sortOrder;
        UpdatedAt = now;
        return true;
    }

    /// <summary>The allocation results are measured against: as budgeted plus every adjustment by KS/KF.</summary>
    public decimal Adjusted(IEnumerable<BudgetAdjustment> adjustments) =>
        Amount + adjustments.Where(a => a.AreaName == AreaName).Sum(a => a.Amount);

    public LayoutArea AsLayoutArea() => LayoutArea.Of(this);

    public NamndFollowUp.Events.AllocationChanged ToChangedEvent(decimal adjustedAmount) =>
        new(MunicipalityCode, CommitteeCode, Year, PeriodPoint, AreaName, Amount, adjustedAmount, ActivityCodes, UpdatedAt);
}
