using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// A deviation against budget (and a forecast deviation) as a result report states it, a figure in its own right:
/// "Enhet X −27,1 mnkr" needs no Actual or Budget, and inventing one of them would make allocations and shares
/// nonsense. <see cref="UnitCode"/> "" is the committee's stated total, which may differ from the sum of its
/// rounded unit rows; the difference is shown as rounding, never stored as a plug row.
/// </summary>
public sealed class StatedDeviation : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public string UnitCode { get; private set; } = "";
    /// <summary>Against budget, booked sign: negative is a deficit.</summary>
    public decimal? Deviation { get; private set; }
    public decimal? ForecastDeviation { get; private set; }

    private StatedDeviation() { }

    public static StatedDeviation Create(string municipalityCode, string committeeCode, int year, int periodPoint, string unitCode) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint, UnitCode = unitCode };

    public bool Record(decimal? deviation, decimal? forecastDeviation)
    {
        if (Id != 0 && Deviation == deviation && ForecastDeviation == forecastDeviation)
        {
            return false;
        }
        (Deviation, ForecastDeviation) = (deviation, forecastDeviation);
        return true;
    }
}
