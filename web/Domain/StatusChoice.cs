using System.Text;
using NamndFollowUp.Contracts.Planning.V1;

namespace NamndFollowUp.Web.Domain;

/// <summary>
/// What the status form offers for one assignment: the municipality's status vocabulary in the office's order, with the
/// committee's stored word selected. The committee writes its own words ("Färdig" where another writes "Klar"), so the
/// form offers the words, not the statuses: a fixed list would store a word the committee never chose.
/// </summary>
/// <param name="Words">The municipality's words, in the office's order.</param>
/// <param name="Selected">The stored word, spelt as offered; null when nothing is reported yet, or when <see cref="Kept"/> is.</param>
/// <param name="Kept">
/// The stored status when the vocabulary cannot express it: a word the office has since dropped, or a status no word of
/// the vocabulary means. Offered first (value <see cref="KeepValue"/>, which no word can be) and selected; choosing it
/// again reports the status by code, which keeps the stored word (planning would refuse the dropped word itself).
/// </param>
public sealed record StatusChoice(IReadOnlyList<string> Words, string? Selected, string? Kept)
{
    /// <summary>The form's value for <see cref="Kept"/>: empty, as no word of a vocabulary is.</summary>
    public const string KeepValue = "";

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
        var same = stored.Length > 0 ? words.FirstOrDefault(w => Same(w.Word, stored)) : null;
        if (same is not null && same.Status == status)
        {
            return new StatusChoice(offered, same.Word, null);
        }
        if (stored.Length > 0 && same is null)
        {
            return new StatusChoice(offered, null, stored);
        }
        // Reported by code, or in a word that now means another status: the word the documents print for the status,
        // the vocabulary's first for it; the suite's name when it has none.
        var first = words.FirstOrDefault(w => w.Status == status);
        return first is not null ? new StatusChoice(offered, first.Word, null) : new StatusChoice(offered, null, SwedishNames.Of(status));
    }

    /// <summary>
    /// The word chosen in the form, spelt as offered; <see cref="KeepValue"/> for the kept status; null when the form
    /// posted none of the choices.
    /// </summary>
    public string? Chosen(string? posted) =>
        posted is null ? null
        : posted.Length == 0 ? (Kept is null ? null : KeepValue)
        : Words.FirstOrDefault(w => w == posted) ?? Words.FirstOrDefault(w => Same(w, posted.Trim()));

    private static bool Same(string a, string b) =>
        string.Equals(a.Trim().Normalize(NormalizationForm.FormC), b.Normalize(NormalizationForm.FormC), StringComparison.OrdinalIgnoreCase);
}
