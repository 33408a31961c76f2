using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using NamndFollowUp.ServiceDefaults.Auth;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// gRPC reflection at the gateway's gRPC port, as grpcurl or Postman use it: every service of the suite is
/// listed and its descriptors can be fetched and rebuilt into methods, over both reflection versions.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ReflectionTests(Suite suite)
{
    // Written out by hand from protos/: the services a client of the suite can call at the gateway.
    private static readonly string[] SuiteServices =
    [
        "namnd.economy.v1.EconomyService",
        "namnd.planning.v1.PlanningService",
        "namnd.keyfigures.v1.KeyFiguresService",
        "namnd.followup.v1.FollowUpService",
        "namnd.export.v1.ExportService",
        "namnd.report.v1.ReportService",
        "grpc.health.v1.Health",
    ];

    [Fact]
    public async Task The_gateway_lists_every_service_of_the_suite_over_v1alpha_and_v1()
    {
        using var channel = GrpcChannel.ForAddress(suite.GatewayGrpcAddress);
        var headers = Authorized(Roles.CommitteeReader);

        var alpha = await AskV1Alpha(channel, headers, new V1Alpha.ServerReflectionRequest { ListServices = "" });
        var alphaNames = alpha.Single().ListServicesResponse.Service.Select(s => s.Name).ToList();
        var v1 = await AskV1(channel, headers, new V1.ServerReflectionRequest { ListServices = "" });
        var v1Names = v1.Single().ListServicesResponse.Service.Select(s => s.Name).ToList();

        foreach (var service in SuiteServices.Append("grpc.reflection.v1alpha.ServerReflection").Append("grpc.reflection.v1.ServerReflection"))
        {
            Assert.Contains(service, alphaNames);
            Assert.Contains(service, v1Names);
        }
    }

    [Theory]
    [InlineData("namnd.economy.v1.EconomyService", "RecordActivityFigures", "namnd.economy.v1.RecordActivityFiguresRequest")]
    [InlineData("namnd.keyfigures.v1.KeyFiguresService", "GetKeyFigureSheet", "namnd.keyfigures.v1.GetKeyFigureSheetRequest")]
    [InlineData("namnd.planning.v1.PlanningService", "ListAssignmentStatuses", "namnd.planning.v1.ListAssignmentStatusesRequest")]
    [InlineData("namnd.followup.v1.FollowUpService", "GetCommitteeFollowUp", "namnd.followup.v1.GetCommitteeFollowUpRequest")]
    [InlineData("namnd.export.v1.ExportService", "PullFacts", "namnd.export.v1.PullFactsRequest")]
    public async Task A_client_rebuilds_each_service_from_the_descriptors_the_gateway_sends(string service, string method, string input)
    {
        using var channel = GrpcChannel.ForAddress(suite.GatewayGrpcAddress);
        var headers = Authorized(Roles.BiReader);

        // As grpcurl does: the file containing the symbol, then every dependency it does not have yet.
        var files = new Dictionary<string, ByteString>();
        var pending = new Queue<V1.ServerReflectionRequest>([new V1.ServerReflectionRequest { FileContainingSymbol = service }]);
        while (pending.TryDequeue(out var request))
        {
            var answer = (await AskV1(channel, headers, request)).Single();
            Assert.True(answer.MessageResponseCase == V1.ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse,
                $"{request}: {answer}");
            foreach (var bytes in answer.FileDescriptorResponse.FileDescriptorProto)
            {
                var proto = FileDescriptorProto.Parser.ParseFrom(bytes);
                if (files.TryAdd(proto.Name, bytes))
                {
                    foreach (var dependency in proto.Dependency.Where(d => !files.ContainsKey(d)))
                    {
                        pending.Enqueue(new V1.ServerReflectionRequest { FileByFilename = dependency });
                    }
                }
            }
        }

        // Dependencies first, as FileDescriptor.BuildFromByteStrings wants them.
        var ordered = new List<ByteString>();
        var seen = new HashSet<string>();
        void Visit(string name)
        {
            if (!seen.Add(name))
            {
                return;
            }
            foreach (var dependency in FileDescriptorProto.Parser.ParseFrom(files[name]).Dependency)
            {
                Visit(dependency);
            }
            ordered.Add(files[name]);
        }
        foreach (var name in files.Keys)
        {
            Visit(name);
        }
        var built = FileDescriptor.BuildFromByteStrings(ordered);
        var rebuilt = built.SelectMany(f => f.Services).Single(s => s.FullName == service);
        var rpc = rebuilt.FindMethodByName(method);
        Assert.NotNull(rpc);
        Assert.Equal(input, rpc.InputType.FullName);
        Assert.NotNull(rpc.InputType.FindFieldByName("municipality_code"));
    }

    [Fact]
    public async Task Reflection_needs_a_token_like_everything_but_health()
    {
        using var channel = GrpcChannel.ForAddress(suite.GatewayGrpcAddress);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            AskV1Alpha(channel, new Metadata(), new V1Alpha.ServerReflectionRequest { ListServices = "" }));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task An_unknown_symbol_is_answered_not_found_in_the_stream()
    {
        using var channel = GrpcChannel.ForAddress(suite.GatewayGrpcAddress);
        var answer = (await AskV1(channel, Authorized(Roles.CommitteeReader),
            new V1.ServerReflectionRequest { FileContainingSymbol = "namnd.nothing.v1.Nothing" })).Single();
        Assert.Equal((int)StatusCode.NotFound, answer.ErrorResponse.ErrorCode);
    }

    private Metadata Authorized(string role) =>
        new() { { "authorization", $"Bearer {suite.Token(Api.Municipality, role is Roles.CommitteeReader or Roles.CommitteeWriter ? "SCN" : null, role)}" } };

    private static async Task<List<V1Alpha.ServerReflectionResponse>> AskV1Alpha(GrpcChannel channel, Metadata headers, V1Alpha.ServerReflectionRequest request)
    {
        using var call = new V1Alpha.ServerReflection.ServerReflectionClient(channel)
            .ServerReflectionInfo(headers, DateTime.UtcNow.AddSeconds(10));
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        var answers = new List<V1Alpha.ServerReflectionResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            answers.Add(call.ResponseStream.Current);
        }
        return answers;
    }

    private static async Task<List<V1.ServerReflectionResponse>> AskV1(GrpcChannel channel, Metadata headers, V1.ServerReflectionRequest request)
    {
        using var call = new V1.ServerReflection.ServerReflectionClient(channel)
            .ServerReflectionInfo(headers, DateTime.UtcNow.AddSeconds(10));
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        var answers = new List<V1.ServerReflectionResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            answers.Add(call.ResponseStream.Current);
        }
        return answers;
    }
}
