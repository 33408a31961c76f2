using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.KeyFigures.Domain;

/// <summary>
/// One value of Kolada's data format: a KPI for a municipality or group, a year and a gender (T, K or M), as
/// imported by one municipality: each keeps its own copy, so one municipality's import never changes another's
/// comparisons.
/// </summary>
public sealed class KoladaValue : IMunicipalityScoped
{
    public long Id { get; private set; }
    /// <summary>The municipality that imported the value and compares with it.</summary>
    public string MunicipalityCode { get; private set; } = "";
    public string KpiId { get; private set; } = "";
    /// <summary>A municipality's 4-digit code, "0000" for the country, or a group id.</summary>
    public string AreaId { get; private set; } = "";
    public int Year { get; private set; }
    public string Gender { get; private set; } = "T";
    public decimal? Value { get; private set; }
    public int Count { get; private set; }
    /// <summary>
    /// Kolada's flag on the value as it gave it ("" when none), kept so that a comparison can say that a value
    /// it uses is, for instance, preliminary: the comparison shows it beside the value rather than judging it.
    /// </summary>
    public string Status { get; private set; } = "";
    public DateTimeOffset ImportedAt { get; private set; }

    private KoladaValue() { }

    public static KoladaValue Create(string importer, string kpi, string area, int year, string gender) =>
        new() { MunicipalityCode = importer, KpiId = kpi, AreaId = area, Year = year, Gender = gender };

    public void Set(decimal? value, int count, string status, DateTimeOffset now)
    {
        Value = value;
        Count = count;
        Status = status;
        ImportedAt = now;
    }
}
