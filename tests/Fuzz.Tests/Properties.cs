using System.Text;
using Grpc.Core;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// What must hold for every answer, whatever was asked: no HTTP 5xx, no gRPC UNKNOWN / INTERNAL / DATA_LOSS (nor
/// UNAVAILABLE or a missed deadline: every process is up, so either means one broke or hung); every refusal as
/// INVALID_ARGUMENT / HTTP 400 names at least one field in a google.rpc.BadRequest; and no answer carries data
/// that only another tenant (or committee) may read.
/// </summary>
public static class Properties
{
    public static IEnumerable<string> Broken(Answer answer, IReadOnlyList<string> secrets)
    {
        if (answer.HttpStatus >= 500)
        {
            yield return $"HTTP {answer.HttpStatus}";
        }
        if (answer.Grpc is StatusCode.Unknown or StatusCode.Internal or StatusCode.DataLoss or StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            yield return $"gRPC {answer.Grpc}";
        }
        // REST answers 400 for FAILED_PRECONDITION too (docs/api.md); only INVALID_ARGUMENT (code 3), or a 400 that is
        // no google.rpc.Status at all, must name a field.
        var refusedAsInvalid = answer.Grpc == StatusCode.InvalidArgument
            || (answer.Grpc is null && answer.HttpStatus == 400 && RestCode(answer.Body) is null or (int)StatusCode.InvalidArgument);
        if (refusedAsInvalid && (answer.FieldViolations is not { Count: > 0 } v || v.Any(string.IsNullOrWhiteSpace)))
        {
            yield return "a refusal as invalid that names no field (no google.rpc.BadRequest field violation)";
        }
        foreach (var secret in secrets)
        {
            if (Contains(answer.Body, secret) || answer.Detail.Contains(secret, StringComparison.Ordinal))
            {
                yield return $"the answer carries '{secret}', which this caller may not read";
            }
        }
    }

    /// <summary>The gRPC code of a REST error body (a google.rpc.Status as JSON), or null when it is not one.</summary>
    private static int? RestCode(byte[] body)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(body)?["code"]?.GetValue<int>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static bool Contains(byte[] body, string secret) =>
        body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0;

    /// <summary>Fails the running example (CsCheck then shrinks it) unless the answer breaks only open, listed findings.</summary>
    public static void Hold(Answer answer, IReadOnlyList<string> secrets, string? rpc = null)
    {
        var broken = Broken(answer, secrets).ToList();
        if (broken.Count == 0)
        {
            return;
        }
        if (KnownFindings.Excuse(rpc, answer, broken) is { } open)
        {
            return;
        }
        FindingLog.Record(rpc, answer, broken);
        throw new PropertyBroken($"{string.Join("; ", broken)}\n{answer}");
    }
}

public sealed class PropertyBroken(string message) : Exception(message);

/// <summary>Every broken example as it happens (before shrinking), for docs/fuzz-findings.md.</summary>
public static class FindingLog
{
    private static readonly object Gate = new();
    public static string File { get; } = Path.Combine(AppContext.BaseDirectory, "fuzz-logs", "findings.txt");

    public static void Record(string? rpc, object request, IEnumerable<string> broken)
    {
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(File)!);
            System.IO.File.AppendAllText(File, $"[{DateTime.UtcNow:HH:mm:ss}] {rpc}: {string.Join("; ", broken)}\n{request}\n\n");
        }
    }
}
