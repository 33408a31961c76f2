using NamndFollowUp.Contracts.Planning.V1;

namespace NamndFollowUp.Web.Gateway;

/// <summary>
/// A stored follow-up as the import request that would store it again. Planning's import is whole: what the request
/// leaves out is removed, so every part of the follow-up goes back as it was, the committee's own status words (not
/// their codes, which would put "Klar" where the committee wrote "Färdig") and the tjänsteskrivelse included.
/// </summary>
public static class FollowUpImport
{
    public static ImportFollowUpRequest From(FollowUp f)
    {
        var request = new ImportFollowUpRequest
        {
            MunicipalityCode = f.MunicipalityCode, CommitteeCode = f.CommitteeCode, Period = f.Period,
            CommitteeName = f.CommitteeName, DepartmentName = f.DepartmentName, PreparedBy = f.PreparedBy,
            DocumentDate = f.DocumentDate, AsOfLabel = f.AsOfLabel, CoverMemo = f.CoverMemo,
        };
        request.Assessments.AddRange(f.FocusGoals.Where(g => g.Assessment != Assessment.Unspecified).Select(g => new FocusGoalAssessmentInput
        {
            FocusGoalNumber = g.Number, Assessment = ProtoNames.Of(g.Assessment), Text = g.AssessmentText,
        }));
        request.Assignments.AddRange(f.Assignments.Where(a => a.Status != AssignmentStatus.Unspecified).Select(a =>
        {
            var input = new AssignmentFollowUpInput { Number = a.Number, Status = StatusAsWritten(a.Status, a.StatusWord), Comment = a.Comment, StructuredReport = a.StructuredReport };
            input.Actions.AddRange(a.Actions);
            return input;
        }));
        request.CommitteeGoals.AddRange(f.CommitteeGoals.Select(g =>
        {
            var input = new CommitteeGoalInput { Text = g.Text, FocusGoalNumber = g.FocusGoalNumber, Status = g.Status == AssignmentStatus.Unspecified ? "" : StatusAsWritten(g.Status, g.StatusWord), Comment = g.Comment };
            input.Actions.AddRange(g.Actions);
            return input;
        }));
        request.AdditionalAssignments.AddRange(f.AdditionalAssignments.Select(a => new AdditionalAssignmentInput
        {
            DecidedBy = a.DecidedBy == DecidingBody.Kf ? "KF" : "KS", DecisionText = a.DecisionText, DecisionReference = a.DecisionReference, Report = a.Report,
        }));
        request.SpecialReportingAnswers.AddRange(f.SpecialReporting.Where(s => s.Answer.Length > 0).Select(s => new SpecialReportingAnswerInput
        {
            RoundCode = s.RoundCode, QuestionNumber = s.QuestionNumber, Answer = s.Answer,
        }));
        request.Analysis.AddRange(f.Analysis.Select(a => new AnalysisSectionInput
        {
            Kind = ProtoNames.Of(a.Kind), FocusGoalNumber = a.FocusGoalNumber, Heading = a.Heading, Text = a.Text, Group = a.Group,
        }));
        return request;
    }

    /// <summary>The committee's word when it wrote one (planning checks it against the code it stored), else the code.</summary>
    private static string StatusAsWritten(AssignmentStatus status, string word) => word.Length > 0 ? word : ProtoNames.Of(status);
}
