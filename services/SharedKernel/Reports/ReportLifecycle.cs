using System.Text.RegularExpressions;
using NamndFollowUp.Contracts.Common.V1;

namespace NamndFollowUp.SharedKernel.Reports;

/// <summary>
/// The workflow every committee report shares (economy, planning and key figures alike):
/// draft → submitted → adopted (case number, decision date). An adopted report refuses changes; a
/// correction starts the next version as a draft, and the adopted versions stay readable as snapshots.
/// Owned by each service's report entity (an EF owned type), so the rule is written once. The status is
/// the contract's <see cref="ReportStatus"/> (stored by name: Draft, Submitted, Adopted).
/// </summary>
public sealed partial class ReportLifecycle
{
    public ReportStatus Status { get; private set; } = ReportStatus.Draft;
    /// <summary>1 for the first report; a correction after adoption makes the next.</summary>
    public int Version { get; private set; } = 1;
    public string? CaseNumber { get; private set; }
    public DateOnly? DecisionDate { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public DateTimeOffset? AdoptedAt { get; private set; }

    public bool IsAdopted => Status == ReportStatus.Adopted;

    /// <summary>A registry number such as SCN-2025-00042.</summary>
    public static bool IsCaseNumber(string? value) => CaseNumberPattern().IsMatch(value ?? "");

    /// <summary>Throws when the report may not change: it is adopted (corrections make a new version).</summary>
    public void EnsureEditable(string report)
    {
        if (IsAdopted)
        {
            throw new ReportLockedException(
                $"{report} version {Version} is adopted ({CaseNumber}, {DecisionDate:yyyy-MM-dd}) and cannot change; start a correction to make version {Version + 1}");
        }
    }

    public void Submit(DateTimeOffset now)
    {
        if (Status != ReportStatus.Draft)
        {
            throw new ReportLockedException($"only a draft can be submitted; this report is {Status.ToString().ToLowerInvariant()}");
        }
        Status = ReportStatus.Submitted;
        SubmittedAt = now;
    }

    /// <summary>Back to draft before adoption, e.g. when the office returns it for changes.</summary>
    public void Reopen()
    {
        if (Status != ReportStatus.Submitted)
        {
            throw new ReportLockedException($"only a submitted report can be reopened; this report is {Status.ToString().ToLowerInvariant()}");
        }
        Status = ReportStatus.Draft;
        SubmittedAt = null;
    }

    /// <summary>The committee's decision. A draft may be adopted directly: the decision is what counts.</summary>
    public void Adopt(string caseNumber, DateOnly decisionDate, DateTimeOffset now)
    {
        if (!IsCaseNumber(caseNumber))
        {
            throw new ValidationFailedException("case_number", $"must look like SCN-2025-00042 (registry, year, number), got '{caseNumber}'");
        }
        if (IsAdopted)
        {
            throw new ReportLockedException($"version {Version} is already adopted ({CaseNumber})");
        }
        Status = ReportStatus.Adopted;
        CaseNumber = caseNumber;
        DecisionDate = decisionDate;
        AdoptedAt = now;
    }

    /// <summary>Starts the next version as a draft; the adopted one stays readable as a snapshot.</summary>
    public void StartCorrection()
    {
        if (!IsAdopted)
        {
            throw new ReportLockedException($"only an adopted report is corrected by a new version; this one is {Status.ToString().ToLowerInvariant()} and can be changed as it is");
        }
        Version++;
        Status = ReportStatus.Draft;
        CaseNumber = null;
        DecisionDate = null;
        SubmittedAt = null;
        AdoptedAt = null;
    }

    [GeneratedRegex(@"^[A-ZÅÄÖ]{2,6}-\d{4}-\d{3,6}$")]
    private static partial Regex CaseNumberPattern();
}
