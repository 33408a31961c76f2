using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel.Reports;
using Domain = NamndFollowUp.Planning.Domain;

namespace NamndFollowUp.Planning;

/// <summary>The tjänsteskrivelse of a follow-up: checked field by field on import, and mapped back for reading.</summary>
public sealed partial class PlanningGrpcService
{
    private static Domain.CoverMemo? CoverMemo(RequestValidator v, string field, CoverMemo? input)
    {
        if (input is null)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(input.Title)) v.Add($"{field}.title", "is required");
        Text(v, $"{field}.title", input.Title);
        Text(v, $"{field}.addressed_to", input.AddressedTo);
        // Registered before the committee decides, so the memo's number is known when it is written; empty = not yet registered.
        if (input.CaseNumber.Length > 0 && !ReportLifecycle.IsCaseNumber(input.CaseNumber.Trim()))
        {
            v.Add($"{field}.case_number", $"must look like SCN-2025-00042 (registry, year, number), got '{input.CaseNumber}'");
        }
        Text(v, $"{field}.proposal_intro", input.ProposalIntro);
        Lines(v, $"{field}.proposals", input.Proposals);
        for (var i = 0; i < input.Sections.Count; i++)
        {
            var section = input.Sections[i];
            if (string.IsNullOrWhiteSpace(section.Heading)) v.Add($"{field}.sections[{i}].heading", "is required");
            Text(v, $"{field}.sections[{i}].heading", section.Heading);
            Text(v, $"{field}.sections[{i}].text", section.Text);
            if (section.Level is < 0 or > 2) v.Add($"{field}.sections[{i}].level", $"must be 1 (a main heading) or 2 (a heading under it), got {section.Level}");
        }
        Lines(v, $"{field}.decision_basis", input.DecisionBasis);
        Text(v, $"{field}.signatory_name", input.SignatoryName);
        Text(v, $"{field}.signatory_title", input.SignatoryTitle);
        return new Domain.CoverMemo(input.Title.Trim(), input.AddressedTo.Trim(), input.CaseNumber.Trim(), input.ProposalIntro.Trim(),
            [.. input.Proposals.Select(p => p.Trim())],
            [.. input.Sections.Select(s => new Domain.CoverMemoSection(s.Heading.Trim(), s.Text, s.Level == 0 ? 1 : s.Level))],
            [.. input.DecisionBasis.Select(d => d.Trim())], input.SignatoryName.Trim(), input.SignatoryTitle.Trim());
    }

    private static void Lines(RequestValidator v, string field, IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) v.Add($"{field}[{i}]", "is empty");
            Text(v, $"{field}[{i}]", lines[i]);
        }
    }

    private static CoverMemo ToProto(Domain.CoverMemo m) => new()
    {
        Title = m.Title,
        AddressedTo = m.AddressedTo,
        CaseNumber = m.CaseNumber,
        ProposalIntro = m.ProposalIntro,
        Proposals = { m.Proposals },
        Sections = { m.Sections.Select(s => new CoverMemoSection { Heading = s.Heading, Text = s.Text, Level = s.Level }) },
        DecisionBasis = { m.DecisionBasis },
        SignatoryName = m.SignatoryName,
        SignatoryTitle = m.SignatoryTitle,
    };
}
