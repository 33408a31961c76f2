namespace NamndFollowUp.Events;

// Integration events between the services, published through each service's outbox. Delivery is at
// least once and not strictly ordered: each event carries the MessageId set by the outbox (for the
// consumer's inbox) and the source row's Version (so a late, older event never overwrites a newer one).
// Amounts are kronor, exact. Period point: 1–12 month, 13 delår, 14 helår.

/// <summary>planning: a committee reported the status of an assignment at a follow-up.</summary>
public sealed record AssignmentStatusReported(
    string MunicipalityCode,
    string CommitteeCode,
    int Year,
    int PeriodPoint,
    int AssignmentNumber,
    string Status,
    long Version,
    DateTimeOffset ReportedAt);

/// <summary>planning: a committee's assessment of a focus goal at a follow-up changed.</summary>
public sealed record FocusGoalAssessmentChanged(
    string MunicipalityCode,
    string CommitteeCode,
    int Year,
    int PeriodPoint,
    int FocusGoalNumber,
    string Assessment,
    long Version,
    DateTimeOffset ChangedAt);

/// <summary>planning: kommunledningskontoret opened a special-reporting round for the listed committees.</summary>
public sealed record SpecialReportingRoundOpened(
    string MunicipalityCode,
    string RoundCode,
    int Year,
    int PeriodPoint,
    DateOnly DueDate,
    int QuestionCount,
    string[] CommitteeCodes,
    DateTimeOffset OpenedAt);

/// <summary>planning: a committee answered (or changed its answer to) a question of a round.</summary>
public sealed record SpecialReportingAnswered(
    string MunicipalityCode,
    string RoundCode,
    string CommitteeCode,
    int QuestionNumber,
    long Version,
    DateTimeOffset AnsweredAt);
