namespace NamndFollowUp.Planning.Domain;

/// <summary>
/// The tjänsteskrivelse by which the förvaltning puts the follow-up before the committee: förslag till beslut, the
/// headed sections (ärendet, beredning, föredragning, …), beslutsunderlag and the signature. Its texts are data, kept as
/// written; it carries its own diarienummer, since the memo is registered before the committee decides on the attachments.
/// </summary>
public sealed record CoverMemo(
    string Title,
    string AddressedTo,
    string CaseNumber,
    string ProposalIntro,
    IReadOnlyList<string> Proposals,
    IReadOnlyList<CoverMemoSection> Sections,
    IReadOnlyList<string> DecisionBasis,
    string SignatoryName,
    string SignatoryTitle);

/// <param name="Level">1 for a main heading (Ärendet), 2 for one under it (Beredning).</param>
public sealed record CoverMemoSection(string Heading, string Text, int Level);
