namespace NamndFollowUp.Events;

/// <summary>
/// gateway: the committee decided on its follow-up for a period (one case number for all three parts).
/// Each service adopts its own report when it receives this; a service that is down at that moment adopts
/// when it comes back (the message waits in its queue). DecisionDate is yyyy-MM-dd.
/// </summary>
public sealed record FollowUpAdoptionRequested(
    string MunicipalityCode,
    string CommitteeCode,
    int Year,
    int PeriodPoint,
    string CaseNumber,
    string DecisionDate,
    string RequestedBy,
    DateTimeOffset RequestedAt);
