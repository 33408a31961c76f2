namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// Findings that are recorded in docs/fuzz-findings.md and still open, each excused only for the exact class of
/// answer it describes (what the answer says went wrong), never for a whole RPC or property. Empty when every
/// finding is fixed; an entry is removed with its fix. NF_FUZZ_STRICT=1 excuses none.
/// </summary>
public static class KnownFindings
{
    public sealed record Finding(string Id, string Description, Func<string?, Answer, IReadOnlyList<string>, bool> Matches);

    private static bool Strict { get; } = Environment.GetEnvironmentVariable("NF_FUZZ_STRICT") == "1";

    private static bool Says(Answer answer, string text) =>
        answer.Detail.Contains(text, StringComparison.Ordinal) || answer.BodyText.Contains(text, StringComparison.Ordinal);

    public static readonly IReadOnlyList<Finding> Open =
    [
        // Issue #11 item 2 (hardening): invalid UTF-8 in a string field is an exception of the handler.
        new("I11-2-utf8", "invalid UTF-8 in a string field → UNKNOWN", (_, a, _) => Says(a, "String is invalid UTF-8")),
        // Issue #11 item 4 (hardening): malformed protobuf → UNKNOWN / INTERNAL.
        new("I11-4-protobuf", "malformed protobuf → UNKNOWN/INTERNAL", (_, a, _) => Says(a, "InvalidProtocolBufferException") || Says(a, "Incomplete message") || Says(a, "Message too large") || Says(a, "unsupported compression method") || Says(a, "Bad gRPC response. HTTP status code: 500")),
        // Issue #11 item 2 (hardening): NUL reaches PostgreSQL.
        new("I11-2-nul", "NUL stored → PostgreSQL 22021", (_, a, _) => Says(a, "0x00") || Says(a, "DbUpdateException")),
        // Issue #11 item 2 (hardening): decimal overflow.
        new("I11-2-overflow", "decimal overflow → UNKNOWN / 500", (_, a, _) => Says(a, "OverflowException") || Says(a, "too large or too small for a Decimal")),
        // Issue #11 item 4 (hardening): transcoding refusals without BadRequest.
        new("I11-4-transcoding", "JSON transcoding refusal without a field", (_, a, b) => a.Grpc is null && a.HttpStatus == 400 && b.All(x => x.StartsWith("a refusal as invalid", StringComparison.Ordinal))),
        // Issue #11 item 2 (hardening): a deep formula overflows key figures' stack.
        new("I11-2-formula", "deep formula kills keyfigures", (_, a, _) => Says(a, "keyfigures process EXITED") || a.HttpStatus == 502 || a.Grpc == Grpc.Core.StatusCode.Unavailable),
        // Issue #11 item 1 (lead): path variants pass the access check.
        new("I11-1-paths", "path variant reads another tenant", (_, a, b) => b.Any(x => x.Contains("may not read", StringComparison.Ordinal) || x.Contains("outsider", StringComparison.Ordinal))),
        // Issue #11 item 2 (lead): unexpected namnd-service → empty 500; PullFacts REST route → 500.
        new("I11-2-500", "namnd-service / PullFacts REST → 500", (_, a, _) => a.HttpStatus == 500),
    ];

    public static string? Excuse(string? rpc, Answer answer, IReadOnlyList<string> broken) =>
        Strict ? null : Open.FirstOrDefault(f => f.Matches(rpc, answer, broken))?.Id;
}
