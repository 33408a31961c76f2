using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Documents;
using NamndFollowUp.Planning.Domain;

namespace NamndFollowUp.Planning.Documents;

/// <summary>
/// "Bilaga 1 – Uppföljning av verksamhetsplan" in the seed's layout (A4 landscape, template <c>bilaga1.liquid</c>):
/// per focus goal its title, assessment and text, then the table Uppdrag | Status | Åtgärder | Kommentar
/// (assignments by number, then the committee goals of that focus goal); then additional assignments and
/// special reporting.
/// </summary>
public static class Bilaga1Document
{
    public static string Render(FollowUp f)
    {
        var model = new
        {
            Year = f.Period.Year,
            f.AsOfLabel,
            Occasion = f.Period.Point == Contracts.Common.V1.PeriodPoint.FullYear ? "årsbokslutet" : f.Period.Point == Contracts.Common.V1.PeriodPoint.Interim ? "delårsbokslutet" : "uppföljningen",
            State = FollowUpDocumentModel.StateWord(f.State),
            FocusGoals = f.FocusGoals.Select(goal => new
            {
                goal.Number,
                goal.Title,
                Assessment = goal.Assessment == Contracts.Planning.V1.Assessment.Unspecified ? "" : ((Domain.Assessment)goal.Assessment).ToSwedish(),
                goal.AssessmentText,
                Economic = goal.EconomicResult is { } e
                    ? new { e.Available, Result = e.Result?.Value ?? "", Reason = e.UnavailableReason }
                    : null,
                Assignments = f.Assignments.Where(a => a.FocusGoalNumber == goal.Number).OrderBy(a => a.Number).Select(a => new
                {
                    a.Number,
                    a.Text,
                    Status = FollowUpDocumentModel.StatusWord(a.Status, a.StatusWord),
                    a.Actions,
                    a.Comment,
                    Structured = a.StructuredReport,
                }).ToList(),
                CommitteeGoals = f.CommitteeGoals.Where(g => g.FocusGoalNumber == goal.Number).Select(g => new
                {
                    g.Text,
                    Status = FollowUpDocumentModel.StatusWord(g.Status, g.StatusWord),
                    g.Actions,
                    g.Comment,
                }).ToList(),
            }).ToList(),
            AdditionalAssignments = f.AdditionalAssignments.Select(a => new
            {
                DecidedBy = a.DecidedBy == Contracts.Planning.V1.DecidingBody.Kf ? "KF" : "KS",
                Reference = a.DecisionReference,
                a.DecisionText,
                a.Report,
            }).ToList(),
            SpecialReporting = f.SpecialReporting.Select(q => new { q.Question, q.Answer }).ToList(),
        };
        return DocumentTemplates.Render(typeof(Bilaga1Document).Assembly, "bilaga1.liquid", model,
            FollowUpDocumentModel.Header(f, $"Bilaga 1 – Uppföljning av verksamhetsplan {f.Period.Year}", landscape: true));
    }
}
