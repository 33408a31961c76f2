using System.Text;
using NamndFollowUp.Contracts.Planning.V1;

namespace NamndFollowUp.Web.Domain;

/// <summary>
/// What the status form offers for one assignment: the municipality's status vocabulary in the office's order, with the
/// committee's stored word selected. The committee writes its own words ("Färdig" where another writes "Klar"), so the
/// form offers the words, not the statuses: a fixed list would store a word the committee never chose.
/// </summary>
/// <param name="Words">The choices, in order; <see cref="Kept"/> first when there is one.</param>
/// <param name="Selected">The stored word, spelt as offered; null when nothing is reported yet.</param>
/// <param name="Kept">
/// The stored status when the vocabulary cannot express it: a word the office has since dropped, or a status reported by
/// code that no word of the vocabulary means. Choosing it again reports the status by code, which keeps the stored word
/// (planning would refuse the dropped word itself).
/// </param>
public sealed record StatusChoice(IReadOnlyList<string> Words, string? Selected, string? Kept)
{
    public static StatusChoice For(IEnumerable<StatusVocabularyWord> vocabulary, AssignmentStatus status, string storedWord)
    {
        var words = vocabulary.ToList();
        var offered = words.Select(w => w.Word).ToList();
        if (status == AssignmentStatus.Unspecified)
        {
            return new StatusChoice(offered, null, null);
        }
        var stored = storedWord.Trim();
        // Planning reads a word without regard to letter case, Unicode form or surrounding spaces; so does the form.
        var match = stored.Length > 0
            ? words.FirstOrDefault(w => Same(w.Word, stored))
            // Reported by code: the word the documents print for it, the vocabulary's first for that status.
            : words.FirstOrDefault(w => w.Status == status);
        if (match is not null && match.Status == status)
        {
            return new StatusChoice(offered, match.Word, null);
        }
        var kept = stored.Length > 0 ? stored : SwedishNames.Of(status);
        return new StatusChoice([kept, .. offered], kept, kept);
    }

    /// <summary>The word chosen in the form, spelt as offered; null when it is none of the choices.</summary>
    public string? Chosen(string? posted) =>
        posted is null ? null : Words.FirstOrDefault(w => w == posted) ?? Words.FirstOrDefault(w => Same(w, posted.Trim()));

    private static bool Same(string a, string b) =>
        string.Equals(a.Trim().Normalize(NormalizationForm.FormC), b.Normalize(NormalizationForm.FormC), StringComparison.OrdinalIgnoreCase);
}
