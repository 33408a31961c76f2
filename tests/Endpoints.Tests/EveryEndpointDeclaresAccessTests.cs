using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Endpoints.Tests;

/// <summary>
/// Default deny is only as good as the list of what is open. Every endpoint each process maps — gRPC methods, their
/// JSON transcoding, raw upload and export routes, health, reflection, the gateway's own and its proxy routes — is
/// read from the running application and must resolve to a declared access; a new endpoint without one fails here
/// before it is closed to everyone in production.
/// </summary>
public sealed class EveryEndpointDeclaresAccessTests(InProcessSuite suite) : IClassFixture<InProcessSuite>
{
    public static TheoryData<string> Processes => new(["economy", "planning", "keyfigures", "gateway"]);

    [Theory]
    [MemberData(nameof(Processes))]
    public void Every_endpoint_of_the_process_declares_who_may_call_it(string process)
    {
        var endpoints = suite.Endpoints[process];
        Assert.NotEmpty(endpoints);
        var undeclared = endpoints.Where(e => DeclaredAccess.Of(e) is null).Select(Describe).ToList();
        Assert.True(undeclared.Count == 0, $"{process}: endpoints without declared access:\n" + string.Join("\n", undeclared));
    }

    [Theory]
    [MemberData(nameof(Processes))]
    public void Only_health_metrics_and_the_openapi_document_are_open_without_a_token(string process)
    {
        var anonymous = suite.Endpoints[process].Where(e => DeclaredAccess.Of(e)?.Kind == EndpointAccessKind.Anonymous)
            .Select(e => (e as RouteEndpoint)?.RoutePattern.RawText ?? e.DisplayName ?? "").ToList();
        var expected = new List<string> { "/healthz/ready", "/healthz/live", "/healthz", "/metrics", "grpc.health.v1.Health/Check", "grpc.health.v1.Health/Watch" };
        if (process == "gateway")
        {
            expected.Add("/openapi.json");
        }
        Assert.Equal(expected.Order(), anonymous.Select(p => p.TrimStart('/').Length == p.Length - 1 && p.StartsWith("/grpc.", StringComparison.Ordinal) ? p[1..] : p).Order());
    }

    [Fact]
    public void Every_rpc_of_the_contracts_is_served_by_exactly_the_process_that_owns_it_with_its_declared_access()
    {
        var served = suite.Endpoints
            .SelectMany(p => p.Value.Select(e => (Process: p.Key, Method: DeclaredAccess.Method(e), Access: DeclaredAccess.Of(e))))
            .Where(x => x.Method is not null && x.Access?.Kind == EndpointAccessKind.Rpc)
            .ToList();
        foreach (var api in AccessRegistry.Methods.Values)
        {
            var at = served.Where(x => x.Method!.FullName == api.FullName).ToList();
            Assert.True(at.Count > 0, $"{api.FullName} is in the contracts but no process maps it");
            Assert.All(at, x => Assert.Equal(api.Access, x.Access!.Rpc));
            Assert.NotEqual(Access.Unspecified, api.Access);
        }
    }

    [Fact]
    public void The_raw_routes_share_the_access_of_the_rpc_they_stand_for()
    {
        var raw = suite.Endpoints.SelectMany(p => p.Value)
            .OfType<RouteEndpoint>()
            .Where(e => DeclaredAccess.Method(e) is null && DeclaredAccess.Of(e)?.Kind == EndpointAccessKind.Rpc)
            .ToDictionary(e => e.RoutePattern.RawText!, e => DeclaredAccess.Of(e)!.Rpc);
        Assert.Equal(Access.CommitteeWrite, raw["/api/v1/economy/municipalities/{municipality}/committees/{committee}/imports/csv:upload"]);
        Assert.Equal(Access.CommitteeWrite, raw["/api/v1/economy/municipalities/{municipality}/committees/{committee}/imports/sie:upload"]);
        Assert.Equal(Access.MunicipalOffice, raw["/api/v1/keyfigures/municipalities/{municipality}/kolada-values:upload"]);
        foreach (var service in new[] { "economy", "planning", "keyfigures" })
        {
            Assert.Equal(Access.MunicipalityRead, raw[$"/api/v1/{service}/municipalities/{{municipality}}/facts/{{factSet}}/rows.csv"]);
            Assert.Equal(Access.MunicipalityRead, raw[$"/api/v1/{service}/municipalities/{{municipality}}/facts/{{factSet}}/rows.ndjson"]);
        }
    }

    [Fact]
    public void The_gateway_forwards_only_through_its_configured_proxy_routes_each_needing_a_token()
    {
        var proxied = suite.Endpoints["gateway"].OfType<RouteEndpoint>()
            .Where(e => DeclaredAccess.Of(e)?.Kind == EndpointAccessKind.Proxied)
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.Contains("/namnd.economy.v1.EconomyService/{**method}", proxied);
        Assert.Contains("/api/v1/economy/{**rest}", proxied);
        Assert.All(proxied, p => Assert.True(p!.StartsWith("/namnd.", StringComparison.Ordinal) || p.StartsWith("/api/v1/", StringComparison.Ordinal), p));
    }

    private static string Describe(Endpoint e) =>
        $"{(e as RouteEndpoint)?.RoutePattern.RawText} ({e.DisplayName}; {string.Join(", ", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])})";
}
