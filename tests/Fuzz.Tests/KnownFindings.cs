namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// Findings that are recorded in docs/fuzz-findings.md and still open, each excused only for the exact class of
/// answer it describes (an RPC, a kind of input, the broken property), never for a whole RPC or property. Empty
/// when every finding is fixed; an entry is removed with its fix.
/// </summary>
public static class KnownFindings
{
    public sealed record Finding(string Id, string Description, Func<string?, Answer, IReadOnlyList<string>, bool> Matches);

    public static readonly IReadOnlyList<Finding> Open = [];

    public static string? Excuse(string? rpc, Answer answer, IReadOnlyList<string> broken) =>
        Open.FirstOrDefault(f => f.Matches(rpc, answer, broken))?.Id;
}
