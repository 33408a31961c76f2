using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Economy.Domain;

/// <summary>Where an import stands, as <see cref="ImportRun.Phase"/> records it.</summary>
public enum ImportRunPhase
{
    Reading,
    Applying,
    Done,
    Refused,
    Abandoned,
}

/// <summary>
/// One import of a committee's file as it runs and after: recorded by the replica running it, on a connection
/// of its own outside the import's all-or-nothing transaction (Infrastructure/ImportRunRecorder), and read by
/// whichever replica a poller reaches. Nothing in it lives in a process, so two replicas behind the gateway
/// answer alike.
/// </summary>
public sealed class ImportRun : ICommitteeScoped
{
    /// <summary>How often the running replica records progress, and so how fresh a poller's answer is.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// An unfinished run not recorded for this long has lost its replica (stopped, killed): its transaction
    /// was rolled back with its connection, so nothing of it was stored. 60 report intervals: a replica
    /// starved of CPU for a few seconds is not taken for dead.
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(30);

    /// <summary>How many reasons of a refusal are kept; the answer gives the count of all.</summary>
    public const int KeptProblems = 20;

    public Guid Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public string Actor { get; private set; } = "";
    /// <summary><c>csv</c> or <c>sie</c>.</summary>
    public string Format { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public bool DryRun { get; private set; }
    public ImportRunPhase Phase { get; private set; }
    public long BytesRead { get; private set; }
    public long LinesRead { get; private set; }
    public long FigureRows { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    /// <summary>Done: the answer the import gave (the contract's ImportResult as JSON), so a poller gets the same.</summary>
    public string? Result { get; private set; }
    /// <summary>Refused or abandoned: the first <see cref="KeptProblems"/> reasons, one a line.</summary>
    public string? Problems { get; private set; }
    public int ProblemCount { get; private set; }

    private ImportRun() { }

    /// <summary>
    /// The phase a poller is told: as recorded, except that a run still reading or applying whose replica has
    /// not recorded anything for <see cref="AbandonedAfter"/> is abandoned.
    /// </summary>
    public ImportRunPhase PhaseAt(DateTimeOffset now) =>
        Phase is ImportRunPhase.Reading or ImportRunPhase.Applying && now - UpdatedAt > AbandonedAfter
            ? ImportRunPhase.Abandoned
            : Phase;

    public IReadOnlyList<string> ProblemLines => Problems is null ? [] : Problems.Split('\n');
}
