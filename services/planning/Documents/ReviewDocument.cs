using System.Globalization;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.Documents;

namespace NamndFollowUp.Planning.Documents;

/// <summary>
/// "Granskning: text mot siffror", the review appendix (template <c>review.liquid</c>, A4 landscape for the sentences):
/// the mismatches, then the ambiguous references, then the numbers no figure verifies, each with its document and
/// section, the sentence, the number, the figure and the difference; and how many numbers agreed.
/// </summary>
public static class ReviewDocument
{
    public static string Render(FollowUp f, NarrativeCheck check)
    {
        object Rows(NarrativeFindingKind kind) => check.Findings.Where(x => x.Kind == kind).Select(x => new
        {
            Where = $"{x.Document}, {x.Section}",
            x.Sentence,
            x.NumberText,
            x.Figure,
            FigureValue = Shown(x.FigureValue, x),
            Difference = Shown(x.Difference, x),
            x.Note,
        }).ToList();
        var model = new
        {
            Year = f.Period.Year,
            check.FiguresAvailable,
            check.UnavailableReason,
            Mismatches = Rows(NarrativeFindingKind.Mismatch),
            Ambiguous = Rows(NarrativeFindingKind.Ambiguous),
            Unverifiable = Rows(NarrativeFindingKind.Unverifiable),
            MismatchCount = check.Findings.Count(x => x.Kind == NarrativeFindingKind.Mismatch),
            AmbiguousCount = check.Findings.Count(x => x.Kind == NarrativeFindingKind.Ambiguous),
            UnverifiableCount = check.Findings.Count(x => x.Kind == NarrativeFindingKind.Unverifiable),
            ConfirmedCount = check.Confirmed.Count,
        };
        return DocumentTemplates.Render(typeof(ReviewDocument).Assembly, "review.liquid", model,
            FollowUpDocumentModel.Header(f, $"Granskning: text mot siffror {f.Period.Year}", landscape: true));
    }

    /// <summary>Amounts in mnkr with the decimals that show a difference; a share in per cent; empty without a figure.</summary>
    private static string Shown(Contracts.Common.V1.Decimal? d, NarrativeFinding x)
    {
        if (d is null || d.Value.Length == 0)
        {
            return "";
        }
        var value = decimal.Parse(d.Value, CultureInfo.InvariantCulture);
        return x.NumberText.Contains('%') || x.NumberText.Contains("procent")
            ? SwedishNumber.Signed(value * 100m, 2) + " %"
            : SwedishNumber.Signed(value / 1_000_000m, 2) + " mnkr";
    }
}
