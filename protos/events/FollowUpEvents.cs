namespace NamndFollowUp.Events;

/// <summary>
/// gateway: the committee decided on its follow-up for a period (one case number for all three parts).
/// Each service adopts its own report when it receives this; a service that is down at that moment adopts
/// when it comes back (the message waits in its queue).
/// </summary>
public sealed record FollowUpAdoptionRequested(
    string MunicipalityCode,
    string CommitteeCode,
    int Year,
    int PeriodPoint,
    string CaseNumber,
    DateOnly DecisionDate,
    string RequestedBy,
    DateTimeOffset RequestedAt);
