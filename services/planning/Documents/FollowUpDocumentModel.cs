using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.ServiceDefaults.Reports;
using NamndFollowUp.Documents;
using NamndFollowUp.Planning.Domain;

namespace NamndFollowUp.Planning.Documents;

/// <summary>What the planning service's documents share: the page header and the Swedish words for states and statuses.</summary>
public static class FollowUpDocumentModel
{
    public static DocumentHeader Header(FollowUp f, string title, bool landscape = false) =>
        new(title, f.DepartmentName, f.DocumentDate, CaseNumber(f), f.PreparedBy, landscape);

    /// <summary>The case number once adopted; before that the document says which state it is in instead of a number.</summary>
    public static string CaseNumber(FollowUp f) =>
        f.State is { CaseNumber.Length: > 0 } s ? s.CaseNumber : $"ej fastställd ({StateWord(f.State)})";

    /// <summary>
    /// The committee's own word, whatever its municipality's vocabulary says today (a word dropped from it later still
    /// prints); ours for the status when it wrote none. One exception: a word the suite's default vocabulary reads as
    /// another status is a leftover — follow-ups stored, and snapshots taken, before the status row kept its own word
    /// carry the import's word even after the status was changed by code — and gives way to ours.
    /// </summary>
    public static string StatusWord(Contracts.Planning.V1.AssignmentStatus status, string committeesWord = "")
    {
        if (status == Contracts.Planning.V1.AssignmentStatus.Unspecified)
        {
            return "Ej rapporterad";
        }
        var stored = (Domain.AssignmentStatus)status;
        var defaultReading = committeesWord.Length > 0 ? Domain.AssignmentStatusWords.Parse(committeesWord) : null;
        return committeesWord.Length > 0 && (defaultReading is null || defaultReading == stored) ? committeesWord : stored.ToSwedish();
    }

    public static string StateWord(ReportState? state) => state?.Status switch
    {
        ReportStatus.Submitted => $"inlämnad, version {state.Version}",
        ReportStatus.Adopted => $"fastställd {state.DecisionDate.Shown()}, version {state.Version}",
        ReportStatus.Draft => $"utkast, version {state.Version}",
        _ => "ingen rapport",
    };
}
