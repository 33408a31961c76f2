using System.Text.RegularExpressions;
using Grpc.Core;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// Sends a generated request the way its test says (gRPC, REST) as the attacker's own office with every role,
/// and checks the properties on the answer — and, for a refused write, on the stored data.
/// </summary>
public sealed partial class Fuzzer(FuzzSuite suite) : IDisposable
{
    public GrpcWire Grpc { get; } = new(suite);
    public RestWire Rest { get; } = new(suite);
    public Generators Generators { get; } = new(suite.Tenants);
    public StoredData Stored { get; } = new(suite, suite.Tenants.Attacker);

    /// <summary>The attacker's token with every role: requests reach validation, not a refusal of access.</summary>
    public string OwnToken { get; } = suite.Token(suite.Tenants.Attacker, Roles.All);

    /// <summary>No answer to the attacker may carry the victim's data.</summary>
    public IReadOnlyList<string> Secrets => suite.Tenants.Victim.MunicipalitySecrets;

    public async Task<Answer> GrpcAsync(Rpc rpc, IReadOnlyList<Message> messages)
    {
        var headers = new Metadata();
        if (rpc.NeedsServiceHeader)
        {
            headers.Add("namnd-service", messages[0].Get("service") is string s && HeaderSafe().IsMatch(s) ? s : "economy");
        }
        var description = $"gRPC {rpc.Path} {string.Join(" | ", messages)}";
        var before = await Stored.BeforeAsync(rpc);
        var answer = await Grpc.CallAsync(rpc, messages.Select(m => m.ToProtobuf()).ToList(), OwnToken, description, headers);
        await HoldAsync(rpc, answer, before);
        return answer;
    }

    public async Task<Answer> RestAsync(Rpc rpc, Message message, JsonMutation mutation)
    {
        var (verb, path, body) = RestWire.Build(rpc, message, mutation);
        var description = $"{verb} {Describe.Shorten(path, 300)}{(body is null ? "" : " " + Describe.Shorten(body))}";
        var before = await Stored.BeforeAsync(rpc);
        var answer = await Rest.SendAsync(verb, path, body, OwnToken, description);
        await HoldAsync(rpc, answer, before);
        return answer;
    }

    public async Task HoldAsync(Rpc rpc, Answer answer, Snapshot? before)
    {
        Properties.Hold(answer, Secrets, rpc.Path);
        if (await Stored.AfterAsync(rpc, answer, before) is { } changed)
        {
            var broken = new[] { $"a refused write stored something: {changed}" };
            if (KnownFindings.Excuse(rpc.Path, answer, broken) is null)
            {
                FindingLog.Record(rpc.Path, answer, broken);
                throw new PropertyBroken($"{broken[0]}\n{answer}");
            }
        }
    }

    [GeneratedRegex("^[a-z]{1,20}$")]
    private static partial Regex HeaderSafe();

    public void Dispose() => Grpc.Dispose();
}
