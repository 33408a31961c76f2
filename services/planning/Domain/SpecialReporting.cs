using NamndFollowUp.Events;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.SharedKernel.Reports;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Planning.Domain;

/// <summary>
/// Questions kommunledningskontoret puts to every committee of the municipality (särskild rapportering),
/// with a due date. Committees answer while it is open; once closed it refuses answers.
/// </summary>
public sealed class SpecialReportingRound : IMunicipalityScoped
{
    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string RoundCode { get; private set; } = "";
    public string Title { get; private set; } = "";
    public int Year { get; private set; }
    public int PeriodPoint { get; private set; }
    public DateOnly DueDate { get; private set; }
    public IReadOnlyList<SpecialReportingQuestion> Questions { get; private set; } = [];
    public List<string> CommitteeCodes { get; private set; } = [];
    public DateTimeOffset OpenedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    public bool IsClosed => ClosedAt is not null;

    private SpecialReportingRound() { }

    public static SpecialReportingRound Open(string municipalityCode, string roundCode, string title, int year, int periodPoint,
        DateOnly dueDate, IReadOnlyList<SpecialReportingQuestion> questions, IEnumerable<string> committeeCodes, DateTimeOffset now)
    {
        var v = new RequestValidator();
        if (questions.Count == 0)
        {
            v.Add("questions", "a round needs at least one question");
        }
        foreach (var duplicate in questions.GroupBy(q => q.Number).Where(g => g.Count() > 1))
        {
            v.Add("questions", $"question number {duplicate.Key} appears more than once");
        }
        var committees = committeeCodes.Distinct().Order(StringComparer.Ordinal).ToList();
        if (committees.Count == 0)
        {
            v.Add("committee_codes", "no committee to ask: name them, or define the year's assignments first");
        }
        v.ThrowIfInvalid();
        return new SpecialReportingRound
        {
            MunicipalityCode = municipalityCode,
            RoundCode = roundCode,
            Title = title,
            Year = year,
            PeriodPoint = periodPoint,
            DueDate = dueDate,
            Questions = questions.OrderBy(q => q.Number).ToList(),
            CommitteeCodes = committees,
            OpenedAt = now,
        };
    }

    public SpecialReportingRoundOpened OpenedEvent() =>
        new(MunicipalityCode, RoundCode, Year, PeriodPoint, DueDate, Questions.Count, [.. CommitteeCodes], OpenedAt);

    public void Close(DateTimeOffset now)
    {
        if (!IsClosed)
        {
            ClosedAt = now;
        }
    }

    /// <summary>Checks that <paramref name="committeeCode"/> may answer <paramref name="questionNumber"/> now.</summary>
    public void EnsureAnswerable(string committeeCode, int questionNumber, string field)
    {
        if (IsClosed)
        {
            throw new ReportLockedException(
                $"the special-reporting round '{RoundCode}' was closed on {ClosedAt:yyyy-MM-dd}; answers are no longer accepted");
        }
        if (!CommitteeCodes.Contains(committeeCode))
        {
            throw new ValidationFailedException("committee_code", $"committee {committeeCode} is not asked in round '{RoundCode}'");
        }
        if (Questions.All(q => q.Number != questionNumber))
        {
            throw new ValidationFailedException(field,
                $"round '{RoundCode}' has no question {questionNumber}; its questions are {string.Join(", ", Questions.Select(q => q.Number))}");
        }
    }
}

public sealed record SpecialReportingQuestion(int Number, string Text);

/// <summary>A committee's answer to one question of a round.</summary>
public sealed class SpecialReportingAnswer
{
    public long Id { get; private set; }
    public long RoundId { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public string CommitteeCode { get; private set; } = "";
    public int QuestionNumber { get; private set; }
    public string Answer { get; private set; } = "";
    public long Version { get; private set; }
    public DateTimeOffset AnsweredAt { get; private set; }

    private SpecialReportingAnswer() { }

    public static SpecialReportingAnswer Create(SpecialReportingRound round, string committeeCode, int questionNumber) =>
        new() { RoundId = round.Id, MunicipalityCode = round.MunicipalityCode, CommitteeCode = committeeCode, QuestionNumber = questionNumber };

    /// <summary>Returns false when the answer already says this.</summary>
    public bool Give(SpecialReportingRound round, string answer, DateTimeOffset now)
    {
        round.EnsureAnswerable(CommitteeCode, QuestionNumber, "answers");
        if (Version > 0 && Answer == answer)
        {
            return false;
        }
        Answer = answer;
        Version++;
        AnsweredAt = now;
        return true;
    }

    public SpecialReportingAnswered ToEvent(SpecialReportingRound round) =>
        new(MunicipalityCode, round.RoundCode, CommitteeCode, QuestionNumber, Version, AnsweredAt);
}
