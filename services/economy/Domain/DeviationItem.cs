using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// A typed note inside a deviation, on a unit or (<see cref="UnitCode"/> "") the committee: a one-off amount or a
/// staffing change. Identified by its kind and description within the unit and period.
/// </summary>
public sealed class DeviationItem : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public string UnitCode { get; private set; } = "";
    public DeviationItemKind Kind { get; private set; }
    public string Description { get; private set; } = "";
    /// <summary>Kronor, booked sign; null when the report gives no amount.</summary>
    public decimal? Amount { get; private set; }
    /// <summary>Årsarbetare; null unless a staffing change.</summary>
    public decimal? FullTimeEquivalents { get; private set; }

    private DeviationItem() { }

    public static DeviationItem Create(string municipalityCode, string committeeCode, int year, int periodPoint, string unitCode, DeviationItemKind kind, string description) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint, UnitCode = unitCode, Kind = kind, Description = description };

    public bool Record(decimal? amount, decimal? fullTimeEquivalents)
    {
        if (Id != 0 && Amount == amount && FullTimeEquivalents == fullTimeEquivalents)
        {
            return false;
        }
        (Amount, FullTimeEquivalents) = (amount, fullTimeEquivalents);
        return true;
    }
}
