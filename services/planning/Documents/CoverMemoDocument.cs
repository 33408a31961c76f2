using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Documents;

namespace NamndFollowUp.Planning.Documents;

/// <summary>
/// The tjänsteskrivelse (template <c>cover_memo.liquid</c>, A4 portrait) in the seed's order: title, förslag till beslut
/// (numbered), the headed sections, beslutsunderlag and the signature. Its header names the memo's own diarienummer
/// (the seed's SCN-2025-00042, where the attachments carry the decision's SCN-2025-00043); without one, the follow-up's state.
/// </summary>
public static class CoverMemoDocument
{
    public static string Render(FollowUp f)
    {
        var memo = f.CoverMemo;
        var model = new
        {
            Present = memo is not null,
            Title = memo?.Title ?? "",
            ProposalIntro = memo?.ProposalIntro ?? "",
            Proposals = memo?.Proposals.ToList() ?? [],
            Sections = memo?.Sections.Select(s => new { s.Heading, s.Text, Level = s.Level <= 1 ? 1 : 2 }).ToList() ?? [],
            DecisionBasis = memo?.DecisionBasis.ToList() ?? [],
            Committee = f.CommitteeName,
            SignatoryName = memo?.SignatoryName ?? "",
            SignatoryTitle = memo?.SignatoryTitle ?? "",
        };
        var header = FollowUpDocumentModel.Header(f, memo is { AddressedTo.Length: > 0 } ? memo.AddressedTo : "Tjänsteskrivelse");
        if (memo is { CaseNumber.Length: > 0 })
        {
            header = header with { CaseNumber = memo.CaseNumber };
        }
        return DocumentTemplates.Render(typeof(CoverMemoDocument).Assembly, "cover_memo.liquid", model, header);
    }
}
