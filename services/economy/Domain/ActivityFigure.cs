using NamndFollowUp.Events;

namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// A committee's booked Actual and its Budget for one activity code and period, in kronor.
/// A net cost is booked negative, as in the committee's ledger and the seed's tables.
/// </summary>
public sealed class ActivityFigure
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public string ActivityCode { get; private set; } = "";
    public decimal? Actual { get; private set; }
    public decimal? Budget { get; private set; }
    /// <summary>Raised on every change; optimistic concurrency token and the events' ordering key.</summary>
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private ActivityFigure() { }

    public static ActivityFigure Create(string municipalityCode, string committeeCode, int year, int periodPoint, string activityCode) =>
        new()
        {
            MunicipalityCode = municipalityCode,
            CommitteeCode = committeeCode,
            Year = year,
            PeriodPoint = periodPoint,
            ActivityCode = activityCode,
        };

    /// <summary>Sets the amounts; returns false (and changes nothing) when they are already these.</summary>
    public bool Record(decimal? actual, decimal? budget, DateTimeOffset now)
    {
        if (Version > 0 && Actual == actual && Budget == budget)
        {
            return false;
        }
        Actual = actual;
        Budget = budget;
        Version++;
        UpdatedAt = now;
        return true;
    }

    public ActivityFiguresChanged ToChangedEvent() =>
        new(MunicipalityCode, CommitteeCode, Year, PeriodPoint, ActivityCode, Actual, Budget, Version, UpdatedAt);
}
