using CsCheck;
using Grpc.Core;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// Requests aimed at the victim's municipality and committee — every RPC, gRPC and REST, in every spelling of the
/// path and with every value of the gateway's namnd-service header — from callers who may not read or change what
/// the victim's committee holds. No answer carries the victim's markers, no outsider gets a success, and the
/// victim's stored data is the same afterwards.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class TenantIsolationTests(FuzzSuite suite)
{
    public static TheoryData<Caller> AllCallers => new(Enum.GetValues<Caller>());

    [Theory]
    [MemberData(nameof(AllCallers))]
    public async Task No_caller_reads_or_changes_data_it_may_not_whatever_the_path_or_header(Caller caller)
    {
        var victim = suite.Tenants.Victim;
        var services = new[] { "economy", "planning", "keyfigures" };
        var token = Callers.Token(suite, caller);
        var secrets = Callers.Secrets(victim, caller);

        var aimed = Gen.OneOf(Contract.Rpcs.ToArray()).SelectMany(rpc => suite.Fuzzer.Generators.Request(rpc)
            .Select(m => (Rpc: rpc, Message: m.With("municipality_code", victim.Municipality).With("committee_code", victim.Committee))));
        var spelling = Gen.Select(Gen.Int[0, 99], Gen.OneOf(PathVariants.ServiceHeader), Gen.Bool);
        await Budget.SampleAsync($"isolation {caller}", Budget.Iterations * 4, (iter, seed) => Gen.Select(aimed, spelling).SampleAsync(async (request, how) =>
            {
                var (variant, header, rest) = how;
                var answer = rest && request.Rpc.Template is not null
                    ? await SendRestAsync(request.Rpc, request.Message, PathVariants.Rest[variant % PathVariants.Rest.Length], token)
                    : await SendGrpcAsync(request.Rpc, request.Message, PathVariants.Grpc[variant % PathVariants.Grpc.Length], header, token);
                Properties.Hold(answer, secrets, request.Rpc.Path);
                if (StoredData.ChangedBy(request.Rpc) is { Count: > 0 } changes)
                {
                    // The victim's data settled after seeding: whatever this write did, it is still as it was.
                    var now = await Snapshot.TakeAsync(suite, victim, changes);
                    if (suite.VictimAtStart.Difference(now) is { } changed)
                    {
                        await FailAsync(request.Rpc, answer, $"{caller} changed the victim's data: {changed}");
                    }
                }
                if (Callers.IsOutsider(caller) && answer.IsOk)
                {
                    await FailAsync(request.Rpc, answer, $"{caller}: an outsider's request succeeded");
                }
            },
            iter: iter, threads: 1, seed: seed, print: t => $"{caller} {t.Item1.Rpc.Path} {t.Item2}: {t.Item1.Message}"));

        // The victim's data settled after seeding; nothing may have changed it since.
        var after = await Snapshot.TakeAsync(suite, victim, services);
        Assert.True(suite.VictimAtStart.Difference(after) is null, $"{caller} changed the victim's data: {suite.VictimAtStart.Difference(after)}");
    }

    /// <summary>
    /// Fails the example unless the answer belongs to an open finding (<see cref="KnownFindings"/>). An excused
    /// change of the victim's data becomes the victim's data from then on, so that later checks judge only what
    /// later requests do.
    /// </summary>
    private async Task FailAsync(Rpc rpc, Answer answer, string broken)
    {
        FindingLog.Record(rpc.Path, answer, [broken]);
        if (KnownFindings.Excuse(rpc.Path, answer, [broken]) is null)
        {
            throw new PropertyBroken($"{broken}\n{answer}");
        }
        await suite.RebaselineVictimAsync();
    }

    private async Task<Answer> SendGrpcAsync(Rpc rpc, Message message, string variant, string? header, string? token)
    {
        var path = PathVariants.OfGrpc(rpc.Path, variant);
        var headers = header is null ? new List<(string, string)>() : [("namnd-service", header)];
        var description = $"raw gRPC {path} (namnd-service: {header ?? "none"}) {message}";
        return await suite.Fuzzer.Grpc.SendRawAsync(path, GrpcWire.Frame(message.ToProtobuf()), token, description, headers);
    }

    private async Task<Answer> SendRestAsync(Rpc rpc, Message message, string variant, string? token)
    {
        var victim = suite.Tenants.Victim;
        var (verb, pathAndQuery, body) = RestWire.Build(rpc, message, JsonMutation.None);
        var path = PathVariants.OfRest(pathAndQuery, victim.Municipality, victim.Committee, variant);
        return await suite.Fuzzer.Rest.SendAsync(verb, path, body, token, $"{verb} {Describe.Shorten(path, 300)} {Describe.Shorten(body ?? "")}");
    }
}
