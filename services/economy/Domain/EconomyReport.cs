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
    /// <summary>The handläggare who prepared the report (Bilaga 3's "Handläggare"); null until recorded.</summary>
    public string? PreparedBy { get; private set; }
    /// <summary>The document's date (Bilaga 3's "Datum"), as the committee's office dates it.</summary>
    public DateOnly? DocumentDate { get; private set; }
    /// <summary>The committee meeting that treats the report ("nämndbehandlas"); the decision's date replaces it once adopted.</summary>
    public DateOnly? CommitteeMeetingDate { get; private set; }
    public ReportLifecycle Lifecycle { get; private set; } = new();
    /// <summary>Set with every state change, so the audit trail records the report row (owned changes ride on it).</summary>
    public DateTimeOffset? StatusChangedAt { get; private set; }

    private EconomyReport() { }

    public static EconomyReport Create(string municipalityCode, string committeeCode, int year, int periodPoint) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint };

    public string Key => $"{MunicipalityCode}/{CommitteeCode}/{Year}/{PeriodPoint}";

    public void EnsureEditable() => Lifecycle.EnsureEditable($"The economic report {Key}");

    public void Touch(DateTimeOffset now) => StatusChangedAt = now;

    /// <summary>
    /// Keeps what a "report" record says (the parts it gives; the others stay). Returns false, and changes nothing,
    /// when the report already says it; an adopted report refuses a change like any other write to its period.
    /// </summary>
    public bool Describe(ReportDetails details)
    {
        var forecastName = details.ForecastName ?? ForecastName;
        var preparedBy = details.PreparedBy ?? PreparedBy;
        var documentDate = details.DocumentDate ?? DocumentDate;
        var meetingDate = details.CommitteeMeetingDate ?? CommitteeMeetingDate;
        if (ForecastName == forecastName && PreparedBy == preparedBy && DocumentDate == documentDate && CommitteeMeetingDate == meetingDate)
        {
            return false;
        }
        EnsureEditable();
        (ForecastName, PreparedBy, DocumentDate, CommitteeMeetingDate) = (forecastName, preparedBy, documentDate, meetingDate);
        return true;
    }
}
