using System.Text.RegularExpressions;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// Findings recorded in docs/fuzz-findings.md and still open. Each is excused only for the exact class of answer
/// it describes (what the answer says went wrong, and for which kind of request), never for a whole RPC or
/// property; an example of IssueExamplesTests that demonstrates an open finding names it and does not fail while
/// it is open. An entry is removed with its fix. NF_FUZZ_STRICT=1 excuses none.
/// </summary>
public static partial class KnownFindings
{
    public sealed record Finding(string Id, string Description, Func<string?, Answer, IReadOnlyList<string>, bool> Matches);

    public static bool Strict { get; } = Environment.GetEnvironmentVariable("NF_FUZZ_STRICT") == "1";

    private static bool Says(Answer answer, string text) =>
        answer.Detail.Contains(text, StringComparison.Ordinal) || answer.BodyText.Contains(text, StringComparison.Ordinal);

    private static bool OnlyServerErrors(IReadOnlyList<string> broken) =>
        broken.All(b => b.StartsWith("HTTP 5", StringComparison.Ordinal) || b.StartsWith("gRPC ", StringComparison.Ordinal));

    /// <summary>A raw gRPC request whose path is not spelt exactly as a method of the contracts.</summary>
    private static bool MisspeltGrpcPath(Answer answer) =>
        answer.Request.StartsWith("raw gRPC ", StringComparison.Ordinal)
        && AccessRegistry.Find(answer.Request.Split(' ')[2]) is null;

    public static readonly IReadOnlyList<Finding> Open =
    [
        new("F1", "issue #11 item 1: a gRPC path spelt otherwise (letter case, trailing slash, %2E) skips the access check",
            (_, a, b) => MisspeltGrpcPath(a)),
        new("F2", "issue #11 item 2: invalid UTF-8 in a string field → UNKNOWN",
            (_, a, b) => OnlyServerErrors(b) && Says(a, "String is invalid UTF-8")),
        new("F3", "issue #11 item 2: a NUL in text reaches PostgreSQL → UNKNOWN",
            (_, a, b) => OnlyServerErrors(b) && ((Says(a, "invalid byte sequence for encoding") && Says(a, "0x00")) || Says(a, "DbUpdateException"))),
        new("F4", "issue #11 item 2: amounts overflow decimal in a sum → UNKNOWN",
            (_, a, b) => OnlyServerErrors(b) && Says(a, "OverflowException")),
        new("F5", "issue #11 item 2: a formula nested thousands deep overflows the key-figures service's stack (the process exits)",
            (_, a, b) => Says(a, "keyfigures process EXITED")),
        new("F6", "issue #11 items 2 and 4: malformed protobuf, a lying length prefix, non-gzip under gzip → UNKNOWN / INTERNAL",
            (_, a, b) => OnlyServerErrors(b) && (Says(a, "InvalidProtocolBufferException") || Says(a, "Incomplete message")
                || Says(a, "Message too large") || Says(a, "unsupported compression method") || Says(a, "The archive entry was compressed"))),
        new("F7", "issue #11 item 4: JSON transcoding's own refusals (malformed JSON, enum names, types, a query parameter twice) name no field",
            (_, a, b) => a.Grpc is null && a.HttpStatus == 400 && TranscodingRefusal().IsMatch(a.BodyText)),
        new("F8", "issue #11 item 2: an unexpected namnd-service header → empty HTTP 500",
            (_, a, b) => OnlyServerErrors(b) && UnexpectedServiceHeader().IsMatch(a.Request) && (a.HttpStatus == 500 || Says(a, "HTTP status code: 500"))),
        new("F9", "issue #11 item 2: the REST route of PullFacts (…/facts/{fact_set}) → 500",
            (_, a, b) => OnlyServerErrors(b) && a.HttpStatus == 500 && PullFactsRoute().IsMatch(a.Request)),
        new("F10", "new: a compressed frame without grpc-encoding, or a second message on a unary call → INTERNAL",
            (_, a, b) => OnlyServerErrors(b) && (Says(a, "Request did not include grpc-encoding value") || Says(a, "Additional data after the message received"))),
        new("F17", "new: a refusal whose message echoes a huge value (a 1 MB code) overflows the response headers at the gateway → 502 / UNAVAILABLE",
            (_, a, b) => OnlyServerErrors(b) && (a.HttpStatus == 502 || Says(a, "HTTP status code: 502")) && HugeValue().Matches(a.Request).Any(m => int.Parse(m.Groups[1].Value) > 10_000)),
        new("F16", "framework: a NUL (%00) in a REST path is refused by Kestrel with an empty 400 before any code of ours runs",
            (_, a, b) => a.Grpc is null && a.HttpStatus == 400 && a.Body.Length == 0 && a.Request.Split(' ')[1].Contains("%00", StringComparison.Ordinal)),
    ];

    public static string? Excuse(string? rpc, Answer answer, IReadOnlyList<string> broken) =>
        Strict ? null : Open.FirstOrDefault(f => f.Matches(rpc, answer, broken))?.Id;

    /// <summary>Ids of findings that IssueExamplesTests demonstrate and that are still open (docs/fuzz-findings.md).</summary>
    public static readonly IReadOnlySet<string> OpenExamples = new HashSet<string>
    {
        "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12", "F13", "F14",
    };

    public static bool IsOpen(string id) => !Strict && OpenExamples.Contains(id);

    [GeneratedRegex("\"code\":\\s*3,\\s*\"message\":\\s*\"(Request JSON payload is not correctly formatted|Invalid value '[^']*' for enum type|Error converting value|Can't set multiple values onto a non-repeating field|Unable to parse|Invalid |Value was either too large or too small|Request body too large)(?:[^\"\\\\]|\\\\.)*\",\\s*\"details\":\\s*\\[\\]")]
    private static partial Regex TranscodingRefusal();

    [GeneratedRegex("…\\[(\\d+) chars\\]")]
    private static partial Regex HugeValue();

    [GeneratedRegex("namnd-service: (?!economy\\)|planning\\)|keyfigures\\)|none\\))")]
    private static partial Regex UnexpectedServiceHeader();

    [GeneratedRegex("^GET /api/v1/[a-z]+/municipalities/[^/]*/facts/[^/?. ]+([? ]|$)")]
    private static partial Regex PullFactsRoute();
}
