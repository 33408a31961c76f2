using NamndFollowUp.Contracts.Planning.V1;

namespace NamndFollowUp.Planning.Documents;

/// <summary>
/// "Bilaga 2 – sammanställd analys" (template <c>bilaga2.liquid</c>, A4 portrait): the analysis sections in the seed's
/// order — important events, goal fulfilment, the development of the core mission (target groups and volumes,
/// prevention), cost development with the comparisons, follow-up of private providers, future challenges.
/// </summary>
public static class Bilaga2Document
{
    private static readonly (AnalysisSectionKind Kind, string Heading)[] Parts =
    [
        (AnalysisSectionKind.ImportantEvent, "Viktiga händelser under året"),
        (AnalysisSectionKind.GoalFulfilment, "Måluppfyllelse"),
        (AnalysisSectionKind.CoreMission, "Utvecklingen av grunduppdraget över tid"),
        (AnalysisSectionKind.CostDevelopment, ""),
        (AnalysisSectionKind.PrivateProviders, ""),
        (AnalysisSectionKind.FutureChallenge, "Framtida utmaningar"),
    ];

    public static string Render(FollowUp f)
    {
        var model = new
        {
            Title = $"{f.CommitteeName}s sammanställda analys inför årsredovisning {f.Period.Year}",
            Parts = Parts.Select(part => new
            {
                part.Heading,
                // Bulleted headings ("› Ny lag …") for events and challenges, as the seed prints them.
                Bullets = part.Kind is AnalysisSectionKind.ImportantEvent or AnalysisSectionKind.FutureChallenge,
                Sections = f.Analysis.Where(s => s.Kind == part.Kind).Select(s => new { s.Group, s.Heading, s.Text }).ToList(),
            }).Where(p => p.Sections.Count > 0).ToList(),
        };
        return NamndFollowUp.Documents.DocumentTemplates.Render(typeof(Bilaga2Document).Assembly, "bilaga2.liquid", model,
            FollowUpDocumentModel.Header(f, $"Bilaga 2 – Sammanställd analys {f.Period.Year}"));
    }
}
