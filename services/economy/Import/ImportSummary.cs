namespace NamndFollowUp.Economy.Import;

/// <summary>One line of an import's account: how many records of a kind, and why they went where they went.</summary>
public sealed record ImportCount(string Kind, long Count, string Reason = "");

/// <summary>
/// What a file held and what became of it, per kind of record: read, mapped into figures, checked against
/// other records, or left out and why. The answer of every import carries it, so a file that stored less than its sender expected says so.
/// </summary>
public sealed class ImportSummary
{
    private readonly Dictionary<string, long> _read = [];
    private readonly Dictionary<(string, string), long> _mapped = [];
    private readonly Dictionary<(string, string), long> _ignored = [];
    private readonly Dictionary<(string, string), long> _checked = [];

    public void Read(string kind, long count = 1) => _read[kind] = _read.GetValueOrDefault(kind) + count;

    public void Mapped(string kind, string into, long count = 1)
    {
        if (count != 0) _mapped[(kind, into)] = _mapped.GetValueOrDefault((kind, into)) + count;
    }

    public void Ignored(string kind, string reason, long count = 1)
    {
        if (count != 0) _ignored[(kind, reason)] = _ignored.GetValueOrDefault((kind, reason)) + count;
    }

    /// <summary>Records held against others and found consistent (a failing check refuses the file instead).</summary>
    public void Checked(string kind, string against, long count = 1)
    {
        if (count != 0) _checked[(kind, against)] = _checked.GetValueOrDefault((kind, against)) + count;
    }

    public long MappedCount => _mapped.Values.Sum();

    public IReadOnlyList<ImportCount> ReadCounts => _read.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new ImportCount(r.Key, r.Value)).ToList();

    public IReadOnlyList<ImportCount> MappedCounts => Ordered(_mapped);

    public IReadOnlyList<ImportCount> IgnoredCounts => Ordered(_ignored);

    public IReadOnlyList<ImportCount> CheckedCounts => Ordered(_checked);

    private static List<ImportCount> Ordered(Dictionary<(string Kind, string Reason), long> counts) =>
        counts.OrderBy(c => c.Key.Kind, StringComparer.Ordinal).ThenByDescending(c => c.Value).Select(c => new ImportCount(c.Key.Kind, c.Value, c.Key.Reason)).ToList();
}
