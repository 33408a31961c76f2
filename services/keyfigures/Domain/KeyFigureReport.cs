using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.KeyFigures.Domain;

/// <summary>
/// The committee's key-figure report for a period (Bilaga 4 with the volume statistics): draft → submitted →
/// adopted through the shared <see cref="ReportLifecycle"/>. Entered inputs may change only while it is editable.
/// </summary>
public sealed class KeyFigureReport
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

    public string Key => $"{MunicipalityCode}/{CommitteeCode}/{Year}/{PeriodPoint}";

    public void EnsureEditable() => Lifecycle.EnsureEditable($"The key-figure report of {CommitteeCode} for {new ServiceDefaults.Domain.PeriodKey(Year, PeriodPoint)}");

    public void Submit(DateTimeOffset now)
    {
        Lifecycle.Submit(now);
        UpdatedAt = now;
    }

    public void Reopen(DateTimeOffset now)
    {
        Lifecycle.Reopen();
        UpdatedAt = now;
    }

    /// <summary>Adopts the report and marks every value as the adopted one.</summary>
    public void Adopt(string caseNumber, DateOnly decisionDate, IEnumerable<ComputedKeyFigure> values, DateTimeOffset now)
    {
        Lifecycle.Adopt(caseNumber, decisionDate, now);
        foreach (var value in values)
        {
            value.MarkAdopted();
        }
        UpdatedAt = now;
    }

    public void StartCorrection(DateTimeOffset now)
    {
        Lifecycle.StartCorrection();
        UpdatedAt = now;
    }
}
