using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Documents;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.Economy.Documents;

/// <summary>
/// The page header of economy's documents (Bilaga 3, the result report): the case number is the adoption's, known once
/// the committee has decided; before that the header says which state the report is in, so a draft is never printed as
/// if it were decided. Bilaga 3 also prints the report's case data as the seed's header does: "Datum" (the document's
/// date), "Nämndbehandlad/nämndbehandlas" (the decision's date once adopted, else the meeting it is planned for) and
/// "Handläggare".
/// </summary>
public static class ReportHeader
{
    /// <param name="caseData">The report's case data as recorded (prepared_by, document_date, committee_meeting_date); null for a document without them.</param>
    public static DocumentHeader For(string title, string department, ReportState? state, ResultSummary? caseData = null)
    {
        var decided = state is { Status: ReportStatus.Adopted } ? state.DecisionDate.Shown() : "";
        var date = caseData is { DocumentDate.Length: > 0 } ? caseData.DocumentDate : decided.Length > 0 ? decided : "–";
        var caseNumber = state is { CaseNumber.Length: > 0 } ? state.CaseNumber : $"ej fastställd ({StateWord(state)})";
        if (caseData is null)
        {
            return new(title, department, date, caseNumber);
        }
        var meeting = decided.Length > 0 ? decided : caseData.CommitteeMeetingDate.Length > 0 ? caseData.CommitteeMeetingDate : "–";
        return new(title, department, date, caseNumber, caseData.PreparedBy, MeetingDate: meeting);
    }

    private static string StateWord(ReportState? state) => state?.Status switch
    {
        ReportStatus.Submitted => $"inlämnad, version {state.Version}",
        ReportStatus.Draft => $"utkast, version {state.Version}",
        _ => "ingen rapport",
    };
}
