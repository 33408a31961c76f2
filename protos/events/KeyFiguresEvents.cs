namespace NamndFollowUp.Events;

// Integration events between the services, published through each service's outbox. Delivery is at
// least once and not strictly ordered: each event carries the MessageId set by the outbox (for the
// consumer's inbox) and the source row's Version (so a late, older event never overwrites a newer one).
// Amounts are kronor, exact. Period point: 1–12 month, 13 delår, 14 helår.

/// <summary>
/// keyfigures: a key figure's value was recomputed because one of its inputs changed. DefinitionCode is
/// empty for the per-activity figure (RecordVolume); ChangedAfterAdoption says the committee's adopted
/// report showed AdoptedValue and the value has since moved.
/// </summary>
public sealed record KeyFigureRecomputed(
    string MunicipalityCode,
    string CommitteeCode,
    int Year,
    int PeriodPoint,
    string ActivityCode,
    decimal? Value,
    string? NotComputableReason,
    DateTimeOffset ComputedAt,
    string DefinitionCode = "",
    bool ChangedAfterAdoption = false,
    decimal? AdoptedValue = null);

/// <summary>
/// keyfigures: the stored values of definitions (DefineKeyFigure) for one committee and period were recomputed
/// because an input changed: one event per committee and period and unit of work, carrying every value that
/// changed in it (an economy bulk import changes many at once). The per-activity figure of RecordVolume keeps
/// its own <see cref="KeyFigureRecomputed"/>.
/// </summary>
public sealed record KeyFigureValuesRecomputed(
    string MunicipalityCode,
    string CommitteeCode,
    int Year,
    int PeriodPoint,
    IReadOnlyList<RecomputedKeyFigureValue> Values);

/// <summary>One definition's new value; ChangedAfterAdoption says the adopted report showed AdoptedValue.</summary>
public sealed record RecomputedKeyFigureValue(
    string DefinitionCode,
    string ActivityCode,
    decimal? Value,
    string? NotComputableReason,
    DateTimeOffset ComputedAt,
    bool ChangedAfterAdoption = false,
    decimal? AdoptedValue = null);

/// <summary>
/// keyfigures: the per-activity figures of RecordVolume for one committee and period were recomputed because
/// their committee-level net cost arrived from economy: one event per committee and period and batch of economy
/// events, carrying one <see cref="KeyFigureRecomputed"/> per economy event that changed a figure. A volume
/// entered through RecordVolume still publishes a single <see cref="KeyFigureRecomputed"/>.
/// </summary>
public sealed record ActivityKeyFiguresRecomputed(
    string MunicipalityCode,
    string CommitteeCode,
    int Year,
    int PeriodPoint,
    IReadOnlyList<KeyFigureRecomputed> Figures);
