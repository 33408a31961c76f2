using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel.Reports;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>
/// A committee's economic follow-up for one period, as a report: draft → submitted → adopted. Every write
/// to the period's figures, allocations and texts asks it first, so an adopted report refuses them.
/// </summary>
public sealed class EconomyReport : ICommitteeReport, IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    /// <summary>The forecast the report's forecast column comes from, named by when it was made ("helårsprognos 202408").</summary>
    public string? ForecastName { get; private set; }
    public ReportLifecycle Lifecycle { get; private set; } = new();
    /// <summary>Set with every state change, so the audit trail records the report row (owned changes ride on it).</summary>
    public DateTimeOffset? StatusChangedAt { get; private set; }

    private EconomyReport() { }

    public static EconomyReport Create(string municipalityCode, string committeeCode, int year, int periodPoint) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint };

    public string Key => $"{MunicipalityCode}/{CommitteeCode}/{Year}/{PeriodPoint}";

    public void EnsureEditable() => Lifecycle.EnsureEditable($"The economic report {Key}");

    public void Touch(DateTimeOffset now) => StatusChangedAt = now;

    public bool NameForecast(string? forecastName)
    {
        if (ForecastName == forecastName)
        {
            return false;
        }
        EnsureEditable();
        ForecastName = forecastName;
        return true;
    }
}
