using NamndFollowUp.Events;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel.Reports;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Planning.Domain;

/// <summary>
/// A committee's follow-up of its verksamhetsplan at one period: the document Bilaga 1 (with the Bilaga 2
/// analysis) is made from. Assignment statuses are rows of their own (<see cref="AssignmentStatusReport"/>,
/// each with a version for its event); everything else the committee writes is <see cref="Content"/>.
/// The shared workflow decides when it may change.
/// </summary>
public sealed class CommitteeFollowUp : ICommitteeReport, IPeriodScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public ReportLifecycle Lifecycle { get; private set; } = new();
    public FollowUpContent Content { get; private set; } = FollowUpContent.Empty;
    /// <summary>Raised with every change of content; the optimistic concurrency token.</summary>
    public long Revision { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private CommitteeFollowUp() { }

    public static CommitteeFollowUp Create(string municipalityCode, string committeeCode, int year, int periodPoint) =>
        new() { MunicipalityCode = municipalityCode, CommitteeCode = committeeCode, Year = year, PeriodPoint = periodPoint };

    public string Key => ReportKey.For(MunicipalityCode, CommitteeCode, Year, PeriodPoint);

    public void EnsureEditable() => Lifecycle.EnsureEditable($"The follow-up {Key}");

    /// <summary>
    /// Replaces the content; refused when adopted. Returns the focus goals whose assessment changed
    /// (for their events).
    /// </summary>
    public IReadOnlyList<FocusGoalAssessment> Replace(FollowUpContent content, DateTimeOffset now)
    {
        EnsureEditable();
        var before = Content.Assessments.ToDictionary(a => a.FocusGoalNumber);
        var changed = content.Assessments
            .Where(a => !before.TryGetValue(a.FocusGoalNumber, out var old) || old != a)
            .ToList();
        if (FollowUpContent.Json(content) != FollowUpContent.Json(Content))
        {
            Content = content;
            Revision++;
            UpdatedAt = now;
        }
        return changed;
    }

    public FocusGoalAssessmentChanged AssessmentChanged(FocusGoalAssessment a, DateTimeOffset now) =>
        new(MunicipalityCode, CommitteeCode, Year, PeriodPoint, a.FocusGoalNumber, a.Assessment.ToString(), Revision, now);

    /// <summary>A change of the report's state: the audit trail records the owned lifecycle only with the row.</summary>
    public void Touch(DateTimeOffset now) => UpdatedAt = now;
}

/// <summary>What a committee writes in its follow-up besides the assignment statuses.</summary>
public sealed record FollowUpContent(
    string CommitteeName,
    string DepartmentName,
    string PreparedBy,
    DateOnly? DocumentDate,
    string AsOfLabel,
    IReadOnlyList<FocusGoalAssessment> Assessments,
    IReadOnlyList<AssignmentActions> AssignmentActions,
    IReadOnlyList<CommitteeGoal> CommitteeGoals,
    IReadOnlyList<AdditionalAssignment> AdditionalAssignments,
    IReadOnlyList<AnalysisSection> Analysis,
    CoverMemo? CoverMemo = null)
{
    public static readonly FollowUpContent Empty = new("", "", "", null, "", [], [], [], [], []);

    private static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static string Json(FollowUpContent content) => System.Text.Json.JsonSerializer.Serialize(content, Options);

    public static FollowUpContent FromJson(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<FollowUpContent>(json, Options) ?? Empty;

    public IReadOnlyList<string> ActionsOf(int assignmentNumber) =>
        AssignmentActions.FirstOrDefault(a => a.AssignmentNumber == assignmentNumber)?.Actions ?? [];

    public string StatusWordOf(int assignmentNumber) =>
        AssignmentActions.FirstOrDefault(a => a.AssignmentNumber == assignmentNumber)?.StatusWord ?? "";

    /// <summary>The stored word and status of the committee goal with this text under this focus goal, if it has a word.</summary>
    public StatusWord? CommitteeGoalWord(string text, int focusGoalNumber) =>
        CommitteeGoals.FirstOrDefault(g => g.Text == text && g.FocusGoalNumber == focusGoalNumber) is { StatusWord: { Length: > 0 } word } goal
            ? new(word, goal.Status) : null;
}

public sealed record FocusGoalAssessment(int FocusGoalNumber, Assessment Assessment, string Text);

/// <summary>
/// What the committee does under one assignment (åtgärder), in the report's order, and the status word it wrote
/// ("Färdig" or "Klar" for the same <see cref="AssignmentStatus.Done"/>): the committee's word is what its documents show.
/// </summary>
public sealed record AssignmentActions(int AssignmentNumber, IReadOnlyList<string> Actions, string? StatusWord = null);

/// <summary>A goal the committee set itself, shown in the table of its focus goal after the assignments.</summary>
/// <param name="StatusWord">The status as the committee wrote it; null in follow-ups stored before it was kept.</param>
public sealed record CommitteeGoal(string Text, int FocusGoalNumber, AssignmentStatus Status, IReadOnlyList<string> Actions, string Comment, string? StatusWord = null);

public enum DecidingBody
{
    /// <summary>Kommunstyrelsen.</summary>
    Ks = 1,
    /// <summary>Kommunfullmäktige.</summary>
    Kf = 2,
}

/// <summary>An assignment added during the year by a KS or KF decision, with the committee's report.</summary>
public sealed record AdditionalAssignment(DecidingBody DecidedBy, string DecisionText, string DecisionReference, string Report);

public enum AnalysisSectionKind
{
    ImportantEvent = 1,
    GoalFulfilment = 2,
    FutureChallenge = 3,
    CoreMission = 4,
    CostDevelopment = 5,
    PrivateProviders = 6,
}

/// <summary>A section of the seed's Bilaga 2 (sammanställd analys).</summary>
/// <param name="Group">A heading above consecutive sections of the same kind ("Målgrupper och volymer"); null for none.</param>
public sealed record AnalysisSection(AnalysisSectionKind Kind, int? FocusGoalNumber, string Heading, string Text, string? Group = null);
