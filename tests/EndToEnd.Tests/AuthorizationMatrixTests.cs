using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Every RPC of the contracts × every role × own committee / other committee / other municipality, and
/// anonymous — through the gateway and directly at the service. The RPCs come from the compiled
/// descriptors, so a new RPC is in the matrix the moment it exists; the expected outcomes are the table
/// below, stated per role from the product's rules, not read from the implementation.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class AuthorizationMatrixTests(Suite suite)
{
    private const string Own = "MXOWN", Other = "MXOTHER", OtherMunicipality = "1480";

    public enum Scope { OwnCommittee, OtherCommittee, OtherMunicipality }

    /// <summary>What each role may do, per access kind and scope. Everything not listed is refused.</summary>
    private static readonly Dictionary<string, HashSet<(Access, Scope)>> Allowed = new()
    {
        [Roles.CommitteeWriter] =
        [
            (Access.CommitteeRead, Scope.OwnCommittee), (Access.CommitteeWrite, Scope.OwnCommittee),
            (Access.CommitteeImports, Scope.OwnCommittee),
            (Access.MunicipalitySharedRead, Scope.OwnCommittee), (Access.MunicipalitySharedRead, Scope.OtherCommittee),
        ],
        [Roles.CommitteeReader] =
        [
            (Access.CommitteeRead, Scope.OwnCommittee),
            (Access.MunicipalitySharedRead, Scope.OwnCommittee), (Access.MunicipalitySharedRead, Scope.OtherCommittee),
        ],
        // Reads every committee of its municipality, acts as the office; adopts and writes nothing for a committee.
        [Roles.MunicipalOffice] =
        [
            (Access.CommitteeRead, Scope.OwnCommittee), (Access.CommitteeRead, Scope.OtherCommittee),
            (Access.MunicipalityRead, Scope.OwnCommittee), (Access.MunicipalityRead, Scope.OtherCommittee),
            (Access.MunicipalitySharedRead, Scope.OwnCommittee), (Access.MunicipalitySharedRead, Scope.OtherCommittee),
            (Access.MunicipalOffice, Scope.OwnCommittee), (Access.MunicipalOffice, Scope.OtherCommittee),
            (Access.CommitteeImports, Scope.OwnCommittee), (Access.CommitteeImports, Scope.OtherCommittee),
        ],
        // Reads everything of its municipality, writes nothing.
        [Roles.BiReader] =
        [
            (Access.CommitteeRead, Scope.OwnCommittee), (Access.CommitteeRead, Scope.OtherCommittee),
            (Access.MunicipalityRead, Scope.OwnCommittee), (Access.MunicipalityRead, Scope.OtherCommittee),
            (Access.MunicipalitySharedRead, Scope.OwnCommittee), (Access.MunicipalitySharedRead, Scope.OtherCommittee),
        ],
    };

    public static TheoryData<string> Roles_ => new(Roles.All);

    [Fact]
    public void Every_rpc_declares_who_may_call_it()
    {
        Assert.NotEmpty(AccessRegistry.Methods);
        var undeclared = AccessRegistry.Methods.Values.Where(m => m.Access == Access.Unspecified).Select(m => m.FullName).ToList();
        Assert.True(undeclared.Count == 0, "RPCs without option (namnd.common.v1.access): " + string.Join(", ", undeclared));
        var unscoped = AccessRegistry.Methods.Values
            .Where(m => m.Descriptor.InputType.FindFieldByName("municipality_code") is null)
            .Select(m => m.FullName).ToList();
        Assert.True(unscoped.Count == 0, "requests without municipality_code cannot be authorized: " + string.Join(", ", unscoped));
    }

    [Theory]
    [MemberData(nameof(Roles_))]
    public async Task Each_role_gets_exactly_what_the_table_allows_through_the_gateway(string role) =>
        await CheckRole(role, _ => suite.GatewayGrpcAddress);

    [Theory]
    [MemberData(nameof(Roles_))]
    public async Task Each_service_enforces_the_same_table_when_called_directly(string role) =>
        await CheckRole(role, DirectAddress);

    [Fact]
    public async Task Anonymous_callers_get_health_and_nothing_else()
    {
        var problems = new List<string>();
        foreach (var method in AccessRegistry.Methods.Values)
        {
            foreach (var address in new[] { suite.GatewayGrpcAddress, DirectAddress(method) })
            {
                var status = await Call(address, method, "0380", Own, token: null);
                if (status != StatusCode.Unauthenticated)
                {
                    problems.Add($"{method.FullName} at {address}: {status}, expected Unauthenticated");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        using var anonymous = suite.AnonymousRest();
        Assert.True((await anonymous.GetAsync("/healthz/ready")).IsSuccessStatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized,
            (await anonymous.GetAsync("/api/v1/economy/municipalities/0380/committees/SCN/figures?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR")).StatusCode);
    }

    private async Task CheckRole(string role, Func<ApiMethod, string> address)
    {
        var committeeRole = role is Roles.CommitteeWriter or Roles.CommitteeReader;
        var token = suite.Token("0380", committeeRole ? Own : null, role);
        var problems = new List<string>();
        foreach (var method in AccessRegistry.Methods.Values)
        {
            foreach (var scope in Enum.GetValues<Scope>())
            {
                var (municipality, committee) = scope switch
                {
                    Scope.OwnCommittee => ("0380", Own),
                    Scope.OtherCommittee => ("0380", Other),
                    _ => (OtherMunicipality, Own),
                };
                // A role without a committee has no "own" committee: for it both committees are "another".
                var expectedAllowed = Allowed[role].Contains((method.Access, scope));
                var status = await Call(address(method), method, municipality, committee, token);
                var allowed = status is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated);
                if (allowed != expectedAllowed)
                {
                    problems.Add($"{role} {scope} {method.FullName} ({method.Access}): got {status}, expected {(expectedAllowed ? "allowed" : "PermissionDenied")}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    internal string DirectAddress(ApiMethod method) => method.Descriptor.Service.File.Package switch
    {
        "namnd.economy.v1" => $"http://localhost:{suite.EconomyPort}",
        "namnd.planning.v1" => $"http://localhost:{suite.PlanningPort}",
        "namnd.keyfigures.v1" => $"http://localhost:{suite.KeyFiguresPort}",
        "namnd.followup.v1" => suite.GatewayGrpcAddress, // served by the gateway itself
        "namnd.export.v1" or "namnd.report.v1" => $"http://localhost:{suite.EconomyPort}", // served by every service; economy stands for all
        var other => throw new InvalidOperationException($"no service serves {other}"),
    };

    private static readonly Dictionary<string, GrpcChannel> Channels = [];

    /// <summary>Calls an RPC with an empty request scoped to the municipality and committee; <paramref name="spelling"/>
    /// overrides the service and method names the path is made of; <paramref name="service"/> is the
    /// <c>namnd-service</c> header for the RPCs every service serves (null: none).</summary>
    internal static async Task<StatusCode> Call(string address, ApiMethod api, string municipality, string committee, string? token,
        (string Service, string Method)? spelling = null, string? service = "economy")
    {
        GrpcChannel channel;
        lock (Channels)
        {
            if (!Channels.TryGetValue(address, out channel!))
            {
                Channels[address] = channel = GrpcChannel.ForAddress(address);
            }
        }
        var descriptor = api.Descriptor;
        var request = descriptor.InputType.Parser.ParseFrom(ByteString.Empty);
        descriptor.InputType.FindFieldByName("municipality_code")?.Accessor.SetValue(request, municipality);
        descriptor.InputType.FindFieldByName("committee_code")?.Accessor.SetValue(request, committee);

        var method = new Method<IMessage, IMessage>(
            descriptor.IsClientStreaming
                ? descriptor.IsServerStreaming ? MethodType.DuplexStreaming : MethodType.ClientStreaming
                : descriptor.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary,
            spelling?.Service ?? descriptor.Service.FullName, spelling?.Method ?? descriptor.Name,
            Marshallers.Create<IMessage>(m => m.ToByteArray(), b => descriptor.InputType.Parser.ParseFrom(b)),
            Marshallers.Create<IMessage>(m => m.ToByteArray(), b => descriptor.OutputType.Parser.ParseFrom(b)));
        var headers = new Metadata();
        if (descriptor.Service.File.Package is "namnd.export.v1" or "namnd.report.v1" && service is not null)
        {
            // Every service serves the export; the gateway routes it by this header.
            headers.Add("namnd-service", service);
            descriptor.InputType.FindFieldByName("service")?.Accessor.SetValue(request, "economy");
        }
        if (token is not null)
        {
            headers.Add("authorization", $"Bearer {token}");
        }
        var options = new CallOptions(headers, DateTime.UtcNow.AddSeconds(10));
        var invoker = channel.CreateCallInvoker();
        try
        {
            switch (method.Type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, request).ResponseAsync;
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, request))
                    {
                        while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
                    }
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        try
                        {
                            await call.RequestStream.WriteAsync(request);
                            await call.RequestStream.CompleteAsync();
                        }
                        catch (RpcException)
                        {
                            // The server answered before the stream was written (a refusal): its status is the answer.
                        }
                        await call.ResponseAsync;
                    }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await call.RequestStream.WriteAsync(request);
                        await call.RequestStream.CompleteAsync();
                        while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
                    }
                    break;
            }
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
