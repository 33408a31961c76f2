using NamndFollowUp.ServiceDefaults.Grpc;
using NamndFollowUp.SharedKernel.Scopes;

namespace NamndFollowUp.Planning.Domain;

/// <summary>
/// The words a municipality's committees write for an assignment's status, each with the status it means, in the
/// order kommunledningskontoret gave them. The words are the municipality's data: the seed's committee writes both
/// "Klar" and "Färdig" for done, another municipality may write "Genomförd". Before the office registers any, the
/// suite's <see cref="Defaults"/>. A word is read without regard to letter case, Unicode form or surrounding spaces
/// (a non-breaking space pasted from a Word report included); the contract's enum names (ASSIGNMENT_STATUS_DONE) are
/// codes, not words, and read the same in every municipality.
/// </summary>
public sealed class StatusVocabulary : IMunicipalityScoped
{
    public const int WordMaxLength = 40;
    public const int MaxWords = 100;
    private const string ContractPrefix = "assignment_status_";

    /// <summary>
    /// The words the suite read before vocabularies were data, so a municipality that registered none reads what
    /// it always did. The first word of each status is the one the documents print for it (<see cref="AssignmentStatusWords.ToSwedish"/>).
    /// </summary>
    public static readonly IReadOnlyList<StatusWord> DefaultWords =
    [
        new("Klar", AssignmentStatus.Done), new("Färdig", AssignmentStatus.Done), new("Genomförd", AssignmentStatus.Done),
        new("Pågående", AssignmentStatus.InProgress), new("Pågår", AssignmentStatus.InProgress), new("Påbörjad", AssignmentStatus.InProgress),
        new("Ej påbörjad", AssignmentStatus.NotStarted), new("Ej startad", AssignmentStatus.NotStarted),
        new("Avbruten", AssignmentStatus.Cancelled), new("Struken", AssignmentStatus.Cancelled),
        new("Senarelagd", AssignmentStatus.Postponed), new("Uppskjuten", AssignmentStatus.Postponed),
        // Systems that report in English (and the enum names with spaces) were read before; they still are.
        new("done", AssignmentStatus.Done), new("in progress", AssignmentStatus.InProgress), new("not started", AssignmentStatus.NotStarted),
        new("cancelled", AssignmentStatus.Cancelled), new("postponed", AssignmentStatus.Postponed),
    ];

    public long Id { get; private set; }
    public string MunicipalityCode { get; private set; } = "";
    public IReadOnlyList<StatusWord> Words { get; private set; } = [];
    /// <summary>0 until the office registers a vocabulary (the defaults); one more for each change.</summary>
    public long Version { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }

    private StatusVocabulary() { }

    public static StatusVocabulary Defaults(string municipalityCode) => new() { MunicipalityCode = municipalityCode, Words = DefaultWords };

    public static StatusVocabulary Create(string municipalityCode) => Defaults(municipalityCode);

    /// <summary>The status a committee's word means in this municipality, or null when it is none of its words.</summary>
    public AssignmentStatus? Parse(string word)
    {
        var key = Key(word);
        if (key.StartsWith(ContractPrefix, StringComparison.Ordinal))
        {
            return ContractName(key[ContractPrefix.Length..]);
        }
        return Words.FirstOrDefault(w => Key(w.Word) == key)?.Status;
    }

    /// <summary>
    /// The status of a word sent for an item that already has one: the word the committee wrote before, sent back as it
    /// was, keeps the status it was stored with, even when kommunledningskontoret has since removed or redefined it.
    /// The web app and a committee's own system send the whole follow-up back to change one part of it; read with
    /// today's vocabulary alone, a follow-up written before a vocabulary change could not be saved again unchanged,
    /// and an unchanged line could silently change its status. Any other word is read with the vocabulary.
    /// </summary>
    public AssignmentStatus? Parse(string word, StatusWord? stored) =>
        stored is not null && stored.Word.Length > 0 && Key(stored.Word) == Key(word) ? stored.Status : Parse(word);

    /// <summary>The words as a refusal lists them, in the office's order: "Genomförd, Pågår, Ej startad".</summary>
    public string Listed() => string.Join(", ", Words.Select(w => w.Word));

    /// <summary>
    /// What is wrong with a vocabulary the office sends, by field (<c>words[2].word</c>): no words; an empty,
    /// over-long or multi-line word; a contract code given as a word; an unknown status; a word given twice (letter
    /// case aside), since one word cannot mean two statuses and the same meaning twice is a slip.
    /// </summary>
    public static IEnumerable<(string Field, string Reason)> Problems(IReadOnlyList<StatusWord> words)
    {
        if (words.Count == 0)
        {
            yield return ("words", "at least one word is required (the words committees write for an assignment's status)");
        }
        if (words.Count > MaxWords)
        {
            yield return ("words", $"at most {MaxWords} words, got {words.Count}");
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            var field = $"words[{i}]";
            var word = words[i].Word.Trim();
            if (word.Length == 0)
            {
                yield return ($"{field}.word", "is empty");
            }
            else if (word.Length > WordMaxLength)
            {
                yield return ($"{field}.word", $"is longer than {WordMaxLength} characters ({word.Length})");
            }
            else if (word.Any(char.IsControl))
            {
                yield return ($"{field}.word", "must be one line without control characters");
            }
            else if (Key(word).StartsWith(ContractPrefix, StringComparison.Ordinal))
            {
                yield return ($"{field}.word", $"'{InputLimits.Shorten(word)}' is a contract code, read in every municipality; it cannot be a word of the vocabulary");
            }
            else if (seen.TryGetValue(Key(word), out var first))
            {
                yield return ($"{field}.word", $"'{InputLimits.Shorten(word)}' is already words[{first}].word ('{InputLimits.Shorten(words[first].Word.Trim())}'); letter case does not make another word");
            }
            else
            {
                seen[Key(word)] = i;
            }
            if (!Enum.IsDefined(words[i].Status))
            {
                yield return ($"{field}.status", $"must be one of ASSIGNMENT_STATUS_NOT_STARTED, _IN_PROGRESS, _DONE, _CANCELLED, _POSTPONED, got {(int)words[i].Status}");
            }
        }
    }

    /// <summary>Takes checked words (see <see cref="Problems"/>), trimmed; false (and nothing changes) when they are the ones in force.</summary>
    public bool Replace(IReadOnlyList<StatusWord> words, DateTimeOffset now)
    {
        var trimmed = words.Select(w => w with { Word = w.Word.Trim() }).ToList();
        if (Version > 0 && trimmed.SequenceEqual(Words))
        {
            return false;
        }
        Words = trimmed;
        UpdatedAt = now;
        Version++;
        return true;
    }

    private static string Key(string word) => word.Normalize().Trim().ToLowerInvariant();

    private static AssignmentStatus? ContractName(string name) => name switch
    {
        "not_started" => AssignmentStatus.NotStarted,
        "in_progress" => AssignmentStatus.InProgress,
        "done" => AssignmentStatus.Done,
        "cancelled" => AssignmentStatus.Cancelled,
        "postponed" => AssignmentStatus.Postponed,
        _ => null,
    };
}
