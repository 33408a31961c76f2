using CsCheck;
using Google.Protobuf.Reflection;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// "No stored value can break a later read": generated writes (whatever of them is accepted stays stored), each
/// followed by an ordinary call of every read RPC of the same committee and municipality — summaries, sheets,
/// documents, the municipality's overviews, the export. In a municipality of its own, so that one committee's
/// extreme values meet only the reads that aggregate them.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class StoredValuesTests(FuzzSuite suite)
{
    private static readonly Tenant Target = new("7404", "FZW", "FZV", "-", "-", "-");

    [Fact]
    public async Task Whatever_generated_writes_stored_every_read_still_answers()
    {
        var generators = new Generators(suite.Tenants, Target);
        var token = suite.Token(Target, Roles.All);
        var writes = Contract.Rpcs.Where(r => r.IsWrite && !r.Descriptor.IsClientStreaming).ToArray();
        var reads = Contract.Rpcs.Where(r => !r.IsWrite).ToList();
        var requests = Gen.OneOf(writes).SelectMany(rpc => generators.Request(rpc).Select(m => (Rpc: rpc, Message: m)));
        await Budget.SampleAsync("stored values", Budget.Scaled(0.5), (iter, seed) => requests.SampleAsync(async request =>
            {
                var write = await suite.Fuzzer.Grpc.CallAsync(request.Rpc, [request.Message.ToProtobuf()], token, $"gRPC {request.Rpc.Path} {request.Message}");
                Properties.Hold(write, [], request.Rpc.Path);
                foreach (var read in reads)
                {
                    var message = Ordinary(read.Descriptor.InputType);
                    var answer = await suite.Fuzzer.Grpc.CallAsync(read, [message.ToProtobuf()], token,
                        $"gRPC {read.Path} {message}, after the accepted {request.Rpc.Path} {request.Message}", Headers(read));
                    Properties.Hold(answer, [], read.Path);
                }
            },
            iter: iter, threads: 1, seed: seed, print: r => $"{r.Rpc.Path} {r.Message}"));
    }

    private static Grpc.Core.Metadata Headers(Rpc rpc) => rpc.NeedsServiceHeader ? new() { { "namnd-service", "economy" } } : [];

    /// <summary>The request an ordinary caller sends: its scope, full year 2024, the economy's first fact set.</summary>
    private static Message Ordinary(MessageDescriptor descriptor)
    {
        var fields = new List<FieldValue>();
        void Set(string name, object value)
        {
            if (descriptor.FindFieldByName(name) is { } field)
            {
                fields.Add(new FieldValue(field, value));
            }
        }
        Set("municipality_code", Target.Municipality);
        Set("committee_code", Target.Committee);
        Set("service", "economy");
        Set("fact_set", "activity_figures");
        Set("year", 2024L);
        Set("activity_code", "5731");
        if (descriptor.FindFieldByName("period") is { } period)
        {
            fields.Add(new FieldValue(period, new Message(period.MessageType,
                [new FieldValue(period.MessageType.FindFieldByName("year"), 2024L), new FieldValue(period.MessageType.FindFieldByName("point"), 14L)])));
        }
        return new Message(descriptor, fields);
    }
}
