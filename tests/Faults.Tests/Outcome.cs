using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;

namespace NamndFollowUp.Faults.Tests;

/// <summary>One answered (or unanswered) request: when it was sent, how long it took and what kind of answer it got.</summary>
public readonly partial record struct Outcome(DateTimeOffset At, TimeSpan Took, string Kind, string Route)
{
    public const string Ok = "ok";
    public bool IsOk => Kind == Ok;

    /// <summary>A REST answer's kind: "ok", "HTTP 503 naming economy", "HTTP 500", …</summary>
    public static string OfRest(HttpStatusCode status, string body, string service) => (int)status switch
    {
        >= 200 and < 300 => Ok,
        503 when Unavailable().IsMatch(body) && body.Contains(service, StringComparison.Ordinal) => $"HTTP 503 UNAVAILABLE naming {service}",
        503 when Unavailable().IsMatch(body) => "HTTP 503 UNAVAILABLE",
        var code => $"HTTP {code}{(body.Length == 0 ? " (empty body)" : "")}",
    };

    /// <summary>A google.rpc.Status of code 14 in JSON, as the gateway and JSON transcoding write it.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("\"code\":\\s*14\\b")]
    private static partial System.Text.RegularExpressions.Regex Unavailable();

    public static string OfGrpc(RpcException e, string service) => e.StatusCode switch
    {
        StatusCode.Unavailable when e.Status.Detail.Contains(service, StringComparison.Ordinal) => $"gRPC UNAVAILABLE naming {service}",
        var code => $"gRPC {code.ToString().ToUpperInvariant()}",
    };

    /// <summary>Failures that must never happen, whatever the fault: they tell the caller nothing it can act on.</summary>
    public bool IsUnacceptable => Kind.StartsWith("HTTP 500", StringComparison.Ordinal) || Kind.StartsWith("HTTP 502", StringComparison.Ordinal)
        || Kind == "gRPC UNKNOWN" || Kind == "gRPC INTERNAL";
}

/// <summary>Outcomes of a scenario, safe to add to from many workers.</summary>
public sealed class Outcomes
{
    private readonly ConcurrentQueue<Outcome> _all = new();

    public void Add(Outcome outcome) => _all.Enqueue(outcome);

    public IReadOnlyList<Outcome> All => _all.OrderBy(o => o.At).ToList();

    public Dictionary<string, int> ByKind() => _all.GroupBy(o => o.Kind).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count());

    public string Summary() => string.Join(", ", ByKind().Select(k => $"{k.Key}: {k.Value:N0}"));

    /// <summary>
    /// The answers that must never happen, each with its route and time: an assertion's message then says which call
    /// got what and when (a CI run once said only "Expected 0, Actual 1").
    /// </summary>
    public string Unacceptable() => string.Join("; ", All.Where(o => o.IsUnacceptable)
        .Select(o => $"{o.Kind} on {o.Route} sent {o.At:HH:mm:ss.fff} ({o.Took.TotalMilliseconds:N0} ms)"));

    /// <summary>The first request sent after <paramref name="from"/> that succeeded and after which every request succeeded.</summary>
    public DateTimeOffset? SteadyFrom(DateTimeOffset from)
    {
        var after = All.Where(o => o.At >= from).ToList();
        var lastFailure = after.LastOrDefault(o => !o.IsOk);
        var firstOk = lastFailure == default ? after.FirstOrDefault(o => o.IsOk) : after.FirstOrDefault(o => o.IsOk && o.At > lastFailure.At);
        return firstOk == default ? null : firstOk.At;
    }
}
