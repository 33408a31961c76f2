namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// The allocation (kommunbidrag) of one activity area for a committee and period, and the activity
/// codes whose net cost it funds. Which codes make up an area is data: the seed's summary table puts
/// code 550 under "Vård och omsorg om personer med funktionsnedsättning", its detail table under
/// Barn- och ungdomsvård.
/// </summary>
public sealed class Allocation
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public string AreaName { get; private set; } = "";
    public decimal Amount { get; private set; }
    public List<string> ActivityCodes { get; private set; } = [];
    public int SortOrder { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private Allocation() { }

    public static Allocation Create(string municipalityCode, string committeeCode, int year, int periodPoint, string areaName) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint, AreaName = areaName };

    public void Record(decimal amount, IEnumerable<string> activityCodes, int sortOrder, DateTimeOffset now)
    {
        Amount = amount;
        ActivityCodes = activityCodes.Order(StringComparer.Ordinal).ToList();
        SortOrder = sortOrder;
        UpdatedAt = now;
    }
}
