using NamndFollowUp.Events;
using NamndFollowUp.Planning.Domain;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.SharedKernel.Reports;

namespace NamndFollowUp.Planning.Tests;

public sealed class AssessmentWordsTests
{
    [Theory]
    [InlineData("Nämndens verksamhet bedöms delvis leda till de resultat den vill se inom målet.", Assessment.PartlyLeadsTo)]
    [InlineData("Nämndens verksamhet bedöms leda till de resultat den vill se inom målet. ", Assessment.LeadsTo)]
    [InlineData("Nämndens verksamhet bedöms inte leda till de resultat den vill se inom målet.", Assessment.DoesNotLeadTo)]
    [InlineData("kan inte bedömas", Assessment.CannotBeAssessed)]
    [InlineData("leder till", Assessment.LeadsTo)]
    [InlineData("Delvis", Assessment.PartlyLeadsTo)]
    [InlineData("ASSESSMENT_PARTLY_LEADS_TO", Assessment.PartlyLeadsTo)]
    [InlineData("ASSESSMENT_LEADS_TO", Assessment.LeadsTo)]
    public void The_seeds_sentences_short_words_and_enum_names_map_to_the_scale(string text, Assessment expected)
    {
        Assert.Equal(expected, AssessmentWords.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bra")]
    [InlineData("Målet är uppfyllt")]
    public void Text_off_the_scale_gives_null(string text) => Assert.Null(AssessmentWords.Parse(text));

    [Fact]
    public void Every_assessment_survives_ToSwedish_then_Parse()
    {
        foreach (var assessment in Enum.GetValues<Assessment>())
        {
            Assert.Equal(assessment, AssessmentWords.Parse(assessment.ToSwedish()));
        }
    }
}

public sealed class StatusEnumNameTests
{
    [Theory]
    [InlineData("ASSIGNMENT_STATUS_DONE", AssignmentStatus.Done)]
    [InlineData("ASSIGNMENT_STATUS_NOT_STARTED", AssignmentStatus.NotStarted)]
    [InlineData("assignment_status_in_progress", AssignmentStatus.InProgress)]
    public void The_contracts_enum_names_are_read_as_status_words(string word, AssignmentStatus expected) =>
        Assert.Equal(expected, AssignmentStatusWords.Parse(word));

    [Fact]
    public void An_unknown_enum_name_is_unknown() => Assert.Null(AssignmentStatusWords.Parse("ASSIGNMENT_STATUS_ALMOST"));
}

public sealed class CommitteeFollowUpTests
{
    private static readonly DateTimeOffset T1 = new(2025, 1, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2025, 2, 7, 8, 0, 0, TimeSpan.Zero);

    private static FollowUpContent Content(Assessment goal1, string comment = "") => FollowUpContent.Empty with
    {
        CommitteeName = "Socialnämnden",
        Assessments = [new FocusGoalAssessment(1, goal1, "Underskott om -23,5 miljoner kronor."), new FocusGoalAssessment(2, Assessment.LeadsTo, "")],
        CommitteeGoals = [new CommitteeGoal("Nämnden ska ha en budget i balans", 1, AssignmentStatus.Done, ["Minska vårddygnen"], comment)],
    };

    [Fact]
    public void Replacing_reports_the_assessments_that_changed_and_raises_the_revision_only_on_change()
    {
        var followUp = CommitteeFollowUp.Create("0380", "SCN", 2024, 14);

        var first = followUp.Replace(Content(Assessment.PartlyLeadsTo), T1);
        Assert.Equal([1, 2], first.Select(a => a.FocusGoalNumber));
        Assert.Equal(1, followUp.Revision);

        Assert.Empty(followUp.Replace(Content(Assessment.PartlyLeadsTo), T2));
        Assert.Equal(1, followUp.Revision);

        var changed = followUp.Replace(Content(Assessment.LeadsTo), T2);
        Assert.Equal(1, Assert.Single(changed).FocusGoalNumber);
        Assert.Equal(2, followUp.Revision);
        Assert.Equal(new FocusGoalAssessmentChanged("0380", "SCN", 2024, 14, 1, "LeadsTo", 2, T2), followUp.AssessmentChanged(changed[0], T2));
    }

    [Fact]
    public void An_adopted_follow_up_refuses_a_change_and_keeps_its_content()
    {
        var followUp = CommitteeFollowUp.Create("0380", "SCN", 2024, 14);
        followUp.Replace(Content(Assessment.PartlyLeadsTo, "före"), T1);
        followUp.Lifecycle.Submit(T1);
        followUp.Lifecycle.Adopt("SCN-2025-00043", new DateOnly(2025, 2, 7), T2);

        var refused = Assert.Throws<ReportLockedException>(() => followUp.Replace(Content(Assessment.LeadsTo, "efter"), T2));
        Assert.Contains("SCN-2025-00043", refused.Message);
        Assert.Throws<ReportLockedException>(followUp.EnsureEditable);
        Assert.Equal("före", followUp.Content.CommitteeGoals[0].Comment);
        Assert.Equal(1, followUp.Revision);
    }

    [Fact]
    public void A_correction_makes_the_next_version_a_draft_that_can_change()
    {
        var followUp = CommitteeFollowUp.Create("0380", "SCN", 2024, 14);
        followUp.Replace(Content(Assessment.PartlyLeadsTo), T1);
        followUp.Lifecycle.Adopt("SCN-2025-00043", new DateOnly(2025, 2, 7), T1);

        followUp.Lifecycle.StartCorrection();

        Assert.Equal(2, followUp.Lifecycle.Version);
        Assert.Null(followUp.Lifecycle.CaseNumber);
        Assert.Equal(Contracts.Common.V1.ReportStatus.Draft, followUp.Lifecycle.Status);
        Assert.Single(followUp.Replace(Content(Assessment.LeadsTo), T2));
    }

    [Fact]
    public void Only_a_draft_is_submitted_and_a_draft_is_not_corrected()
    {
        var followUp = CommitteeFollowUp.Create("0380", "SCN", 2024, 14);
        followUp.Lifecycle.Submit(T1);
        Assert.Equal(Contracts.Common.V1.ReportStatus.Submitted, followUp.Lifecycle.Status);
        Assert.Throws<ReportLockedException>(() => followUp.Lifecycle.Submit(T2));
        followUp.Lifecycle.Reopen();
        Assert.Equal(Contracts.Common.V1.ReportStatus.Draft, followUp.Lifecycle.Status);
        Assert.Throws<ReportLockedException>(followUp.Lifecycle.StartCorrection);
    }

    [Fact]
    public void The_content_survives_its_json_column()
    {
        var content = Content(Assessment.PartlyLeadsTo, "Kommentar <med> tecken & citat \"så\".") with
        {
            DocumentDate = new DateOnly(2025, 2, 7),
            AssignmentActions = [new AssignmentActions(29, ["Utred i samverkan med kommunstyrelsen"])],
            AdditionalAssignments = [new AdditionalAssignment(DecidingBody.Kf, "Ekonomi i balans", "", "Rapport")],
            Analysis = [new AnalysisSection(AnalysisSectionKind.GoalFulfilment, 1, "Fokusmål 1", "Text")],
        };
        var back = FollowUpContent.FromJson(FollowUpContent.Json(content));
        Assert.Equal(FollowUpContent.Json(content), FollowUpContent.Json(back));
        Assert.Equal(["Utred i samverkan med kommunstyrelsen"], back.ActionsOf(29));
        Assert.Empty(back.ActionsOf(30));
    }
}

public sealed class SpecialReportingRoundTests
{
    private static readonly DateTimeOffset T1 = new(2024, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2025, 2, 1, 8, 0, 0, TimeSpan.Zero);

    private static SpecialReportingRound Round() => SpecialReportingRound.Open("0380", "2024-synpunkter", "Synpunktshantering", 2024, 14,
        new DateOnly(2025, 1, 31), [new(1, "Har ni ändamålsenliga arbetssätt?"), new(2, "Mönster?")], ["SCN", "UBN", "SCN"], T1);

    [Fact]
    public void An_open_round_takes_answers_from_the_committees_it_asks_and_counts_a_change_as_a_new_version()
    {
        var round = Round();
        Assert.Equal(["SCN", "UBN"], round.CommitteeCodes);
        var answer = SpecialReportingAnswer.Create(round, "SCN", 1);

        Assert.True(answer.Give(round, "Ja.", T1));
        Assert.False(answer.Give(round, "Ja.", T2));
        Assert.True(answer.Give(round, "Ja, med DF respons.", T2));
        Assert.Equal(2, answer.Version);
        Assert.Equal(new SpecialReportingAnswered("0380", "2024-synpunkter", "SCN", 1, 2, T2), answer.ToEvent(round));
    }

    [Fact]
    public void A_closed_round_refuses_answers_and_keeps_the_last_one()
    {
        var round = Round();
        var answer = SpecialReportingAnswer.Create(round, "SCN", 1);
        answer.Give(round, "Ja.", T1);
        round.Close(T2);

        var refused = Assert.Throws<ReportLockedException>(() => answer.Give(round, "Nej.", T2));
        Assert.Contains("closed", refused.Message);
        Assert.Equal("Ja.", answer.Answer);
        Assert.True(round.IsClosed);
    }

    [Fact]
    public void A_committee_not_asked_or_a_question_not_put_is_refused()
    {
        var round = Round();
        var notAsked = Assert.Throws<ValidationFailedException>(() => round.EnsureAnswerable("KSN", 1, "answers[0].question_number"));
        Assert.Equal("committee_code", notAsked.Violations.Single().Field);
        var noQuestion = Assert.Throws<ValidationFailedException>(() => round.EnsureAnswerable("SCN", 3, "answers[0].question_number"));
        Assert.Equal("answers[0].question_number", noQuestion.Violations.Single().Field);
    }

    [Fact]
    public void A_round_needs_questions_and_committees()
    {
        var e = Assert.Throws<ValidationFailedException>(() => SpecialReportingRound.Open("0380", "r", "t", 2024, 14, new DateOnly(2025, 1, 31), [], [], T1));
        Assert.Equal(["questions", "committee_codes"], e.Violations.Select(v => v.Field));
    }
}
