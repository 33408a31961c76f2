using CsCheck;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// For every RPC of the contracts, requests generated from its descriptor — valid, boundary and hostile values —
/// through the gateway as gRPC and, where the RPC has an HTTP rule, as REST JSON with the JSON text itself spoilt
/// now and then (unknown fields, duplicate keys, truncation, wrong types, deep nesting). The properties:
/// <see cref="Properties"/> on every answer, and a refused write stores nothing (<see cref="StoredData"/>).
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class GeneratedRequestTests(FuzzSuite suite)
{
    public static TheoryData<string> AllRpcs => new(Contract.Rpcs.Select(r => r.Path));
    public static TheoryData<string> RestRpcs => new(Contract.Rpcs.Where(r => r.Template is not null).Select(r => r.Path));

    [Theory]
    [MemberData(nameof(AllRpcs))]
    public async Task Every_generated_grpc_request_gets_an_answer_that_keeps_the_properties(string method)
    {
        var rpc = Contract.Find(method);
        var request = suite.Fuzzer.Generators.Request(rpc);
        // A client stream sends one to three messages; every other call one.
        var messages = rpc.Descriptor.IsClientStreaming ? request.List[1, 3] : request.Select(m => new List<Message> { m });
        await Budget.SampleAsync($"grpc {method}", Budget.Iterations, (iter, seed) => messages.SampleAsync(async m => { await suite.Fuzzer.GrpcAsync(rpc, m); },
            iter: iter, threads: 1, seed: seed, print: m => string.Join(" | ", m)));
    }

    [Theory]
    [MemberData(nameof(RestRpcs))]
    public async Task Every_generated_rest_request_gets_an_answer_that_keeps_the_properties(string method)
    {
        var rpc = Contract.Find(method);
        var mutation = Weighted.Of((3, Gen.Const(JsonMutation.None)), (2, Gen.Enum<JsonMutation>()));
        await Budget.SampleAsync($"rest {method}", Budget.Iterations, (iter, seed) => Gen.Select(suite.Fuzzer.Generators.Request(rpc), mutation).SampleAsync(
            async (message, spoilt) => { await suite.Fuzzer.RestAsync(rpc, message, spoilt); },
            iter: iter, threads: 1, seed: seed, print: t => $"{t.Item2}: {t.Item1}"));
    }
}
