using NamndFollowUp.Contracts.Common.V1;

namespace NamndFollowUp.Events;

/// <summary>
/// Any service (economy, planning, keyfigures): a committee's report for a period changed state — submitted,
/// reopened (draft, same version), adopted (CaseNumber and DecisionDate set) or corrected (draft, the next
/// ReportVersion). One event for every service, published through its outbox with the change itself.
/// </summary>
public sealed record ReportStatusChanged(
    string Service,
    string MunicipalityCode,
    string CommitteeCode,
    int Year,
    int PeriodPoint,
    ReportStatus Status,
    int ReportVersion,
    string? CaseNumber,
    DateOnly? DecisionDate,
    DateTimeOffset ChangedAt);
