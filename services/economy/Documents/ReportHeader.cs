using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Documents;
using NamndFollowUp.ServiceDefaults.Reports;

namespace NamndFollowUp.Economy.Documents;

/// <summary>
/// The page header of economy's documents (Bilaga 3, the result report): the date and case number are the adoption's,
/// known once the committee has decided; before that the header says which state the report is in, so a draft is
/// never printed as if it were decided.
/// </summary>
public static class ReportHeader
{
    public static DocumentHeader For(string title, string department, ReportState? state) => new(title, department,
        state is { Status: ReportStatus.Adopted } ? state.DecisionDate.Shown() : "–",
        state is { CaseNumber.Length: > 0 } ? state.CaseNumber : $"ej fastställd ({StateWord(state)})");

    private static string StateWord(ReportState? state) => state?.Status switch
    {
        ReportStatus.Submitted => $"inlämnad, version {state.Version}",
        ReportStatus.Draft => $"utkast, version {state.Version}",
        _ => "ingen rapport",
    };
}
