using System.Globalization;
using NamndFollowUp.Events;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.KeyFigures.Domain;

public enum VolumeKind
{
    /// <summary>Vårddygn.</summary>
    CareDays = 1,
    /// <summary>Vårdtagare.</summary>
    Clients = 2,
}

/// <summary>The value of a key figure, or why there is none.</summary>
public sealed record KeyFigureResult(decimal? Value, string? NotComputableReason)
{
    public bool Computable => Value is not null;

    /// <summary>In tkr with one decimal and a Swedish decimal comma, as the committee's sheet shows it.</summary>
    public string Shown => Value is { } v
        ? Math.Round(v / 1000m, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.GetCultureInfo("sv-SE"))
        : "";
}

/// <summary>
/// Net cost per volume unit of one activity for a committee and period (e.g. net cost per care day of
/// 5731). The net cost comes from the economy service's events; the volume is entered by the committee.
/// The value is always computed from these inputs, never stored or entered.
/// </summary>
public sealed class ActivityKeyFigure : IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public string ActivityCode { get; private set; } = "";
    /// <summary>kronor, positive = cost.</summary>
    public decimal? NetCost { get; private set; }
    /// <summary>The economy figure's version the net cost came from; older events are ignored.</summary>
    public long NetCostSourceVersion { get; private set; }
    public VolumeKind? VolumeKind { get; private set; }
    public decimal? Volume { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private ActivityKeyFigure() { }

    /// <summary>A figure as stored, read with SQL by a set-based writer (the economy consumer) for its event.</summary>
    public static ActivityKeyFigure Restore(string municipalityCode, string committeeCode, int year, int periodPoint, string activityCode,
        decimal? netCost, long netCostSourceVersion, VolumeKind? volumeKind, decimal? volume, DateTimeOffset updatedAt) =>
        new()
        {
            MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint, ActivityCode = activityCode,
            NetCost = netCost, NetCostSourceVersion = netCostSourceVersion, VolumeKind = volumeKind, Volume = volume, UpdatedAt = updatedAt,
        };

    public static ActivityKeyFigure Create(string municipalityCode, string committeeCode, int year, int periodPoint, string activityCode) =>
        new()
        {
            MunicipalityCode = municipalityCode,
            CommitteeCode = committeeCode,
            Year = year,
            PeriodPoint = periodPoint,
            ActivityCode = activityCode,
        };

    /// <summary>
    /// Takes the net cost from an economy figure (booked Actual, negative = cost). Returns false when
    /// the figure is not newer than the one already applied: events may arrive late or twice.
    /// </summary>
    public bool ApplyEconomyActual(decimal? actual, long sourceVersion, DateTimeOffset now)
    {
        if (sourceVersion <= NetCostSourceVersion)
        {
            return false;
        }
        NetCost = actual is { } a ? -a : null;
        NetCostSourceVersion = sourceVersion;
        UpdatedAt = now;
        return true;
    }

    public bool RecordVolume(VolumeKind kind, decimal volume, DateTimeOffset now)
    {
        if (volume < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(volume), volume, "A volume cannot be negative.");
        }
        if (VolumeKind == kind && Volume == volume)
        {
            return false;
        }
        VolumeKind = kind;
        Volume = volume;
        UpdatedAt = now;
        return true;
    }

    public KeyFigureResult Compute()
    {
        if (NetCost is not { } netCost)
        {
            return new(null, $"no net cost for activity {ActivityCode} has arrived from the economy service");
        }
        if (Volume is not { } volume)
        {
            return new(null, $"no volume has been entered for activity {ActivityCode}");
        }
        if (volume == 0)
        {
            return new(null, $"the volume of activity {ActivityCode} is zero");
        }
        return new(netCost / volume, null);
    }

    public KeyFigureRecomputed ToRecomputedEvent()
    {
        var result = Compute();
        return new(MunicipalityCode, CommitteeCode, Year, PeriodPoint, ActivityCode, result.Value, result.NotComputableReason, UpdatedAt);
    }
}
