using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel.Reports;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.KeyFigures.Domain;

/// <summary>
/// The committee's key-figure report for a period (Bilaga 4 with the volume statistics): draft → submitted →
/// adopted through the shared <see cref="ReportLifecycle"/>. Entered inputs may change only while it is editable.
/// </summary>
public sealed class KeyFigureReport : ICommitteeReport, IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public ReportLifecycle Lifecycle { get; private set; } = new();
    public DateTimeOffset UpdatedAt { get; private set; }

    private KeyFigureReport() { }

    public static KeyFigureReport Create(string municipality, string committee, int year, int point) =>
        new() { MunicipalityCode = municipality, CommitteeCode = committee, Year = year, PeriodPoint = point };

    public string Key => ReportKey.For(MunicipalityCode, CommitteeCode, Year, PeriodPoint);

    public void EnsureEditable() => Lifecycle.EnsureEditable($"The key-figure report of {CommitteeCode} for {new SharedKernel.PeriodKey(Year, PeriodPoint)}");

    /// <summary>A change of the report's state: the audit trail records the owned lifecycle only with the row.</summary>
    public void Touch(DateTimeOffset now) => UpdatedAt = now;
}
