namespace NamndFollowUp.Documents;

/// <summary>
/// What every page of a document carries, as the seed's pages do: the förvaltning, the document's title, its date and
/// case number (diarienummer) in the header, and "Sida X (Y)". Landscape for the wide tables of Bilaga 1. A document
/// that names the committee meeting treating it (Bilaga 3: "Nämndbehandlad/nämndbehandlas") gives
/// <see cref="MeetingDate"/>; the first page's head shows it under the date.
/// </summary>
public sealed record DocumentHeader(
    string Title,
    string Department,
    string Date,
    string CaseNumber,
    string PreparedBy = "",
    bool Landscape = false,
    string DateLabel = "Datum",
    string CaseNumberLabel = "Diarienummer",
    string MeetingDate = "",
    string MeetingDateLabel = "Nämndbehandlad/nämndbehandlas");
