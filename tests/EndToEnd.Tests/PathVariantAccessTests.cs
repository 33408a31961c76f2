using System.Net;
using Grpc.Core;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// The attacker's side of tenant isolation: a valid token of one municipality, and a request that spells the
/// path, the header or the encoding differently from the contract, hoping a check keyed by the spelling misses
/// it. Through the gateway and directly at every service port, for every RPC of the contracts.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class PathVariantAccessTests(Suite suite)
{
    private const string Attacker = "0380", Victim = "1480", Committee = "SCN";

    /// <summary>Spellings of "/package.Service/Method" that differ from it; none names the method exactly.</summary>
    public static IEnumerable<(string Name, Func<string, string, (string Service, string Method)> Spell)> Variants { get; } =
    [
        ("service in lower case", (s, m) => (s.ToLowerInvariant(), m)),
        ("service in upper case", (s, m) => (s.ToUpperInvariant(), m)),
        ("method in lower case", (s, m) => (s, m.ToLowerInvariant())),
        ("method in upper case", (s, m) => (s, m.ToUpperInvariant())),
        ("trailing slash", (s, m) => (s, m + "/")),
        ("double slash before the method", (s, m) => (s + "/", m)),
        ("leading double slash", (s, m) => ("/" + s, m)),
        ("service's last letter swapped case", (s, m) => (s[..^1] + SwapCase(s[^1]), m)),
    ];

    [Fact]
    public async Task No_spelling_of_a_method_path_reaches_a_method_through_the_gateway_or_at_a_service()
    {
        var matrix = new AuthorizationMatrixTests(suite);
        // Every role at once: whatever the canonical path allows this token, no variant may get further.
        var token = suite.Token(Attacker, Committee, Roles.All);
        var problems = new List<string>();
        foreach (var method in AccessRegistry.Methods.Values)
        {
            var descriptor = method.Descriptor;
            foreach (var (name, spell) in Variants)
            {
                var spelling = spell(descriptor.Service.FullName, descriptor.Name);
                foreach (var address in new[] { suite.GatewayGrpcAddress, matrix.DirectAddress(method) }.Distinct())
                {
                    // Both the victim's data and the attacker's own: a variant is refused before anything is decided.
                    foreach (var municipality in new[] { Victim, Attacker })
                    {
                        var status = await AuthorizationMatrixTests.Call(address, method, municipality, Committee, token, spelling);
                        if (status != StatusCode.Unimplemented)
                        {
                            problems.Add($"{name} of {method.FullName} for {municipality} at {address}: {status}, expected Unimplemented");
                        }
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_percent_encoded_method_path_is_the_method_itself_and_checked_as_such()
    {
        var matrix = new AuthorizationMatrixTests(suite);
        var token = suite.Token(Attacker, Committee, Roles.All);
        var problems = new List<string>();
        foreach (var method in AccessRegistry.Methods.Values)
        {
            var descriptor = method.Descriptor;
            var encoded = $"%{(int)descriptor.Name[0]:X2}{descriptor.Name[1..]}";
            foreach (var address in new[] { suite.GatewayGrpcAddress, matrix.DirectAddress(method) }.Distinct())
            {
                var status = await AuthorizationMatrixTests.Call(address, method, Victim, Committee, token, (descriptor.Service.FullName, encoded));
                if (status is not (StatusCode.PermissionDenied or StatusCode.Unimplemented))
                {
                    problems.Add($"{method.FullName} as …/{encoded} for {Victim} at {address}: {status}, expected PermissionDenied or Unimplemented");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    public static TheoryData<string?> ServiceHeaders => new([null, "", " ", "ECONOMY", "Economy", "economy,planning", "planning,economy", "gateway", "nosuch", "economy "]);

    [Theory]
    [MemberData(nameof(ServiceHeaders))]
    public async Task An_unexpected_namnd_service_header_is_refused_clearly_never_with_a_server_error(string? header)
    {
        var token = suite.Token(Attacker, Committee, Roles.All);
        var problems = new List<string>();
        foreach (var method in AccessRegistry.Methods.Values.Where(m => m.Descriptor.Service.File.Package is "namnd.export.v1" or "namnd.report.v1"))
        {
            foreach (var municipality in new[] { Victim, Attacker })
            {
                var status = await AuthorizationMatrixTests.Call(suite.GatewayGrpcAddress, method, municipality, Committee, token, service: header);
                if (status != StatusCode.InvalidArgument)
                {
                    problems.Add($"{method.FullName} with namnd-service '{header}' for {municipality}: {status}, expected InvalidArgument naming the header");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_refusal_of_a_namnd_service_header_names_the_header_and_the_services_it_may_name()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(suite.GatewayGrpcAddress);
        var client = new NamndFollowUp.Contracts.Export.V1.ExportService.ExportServiceClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {suite.Token(Attacker, null, Roles.BiReader)}" }, { "namnd-service", "economy,planning" } };
        var e = await Assert.ThrowsAsync<RpcException>(() => client.ListFactSetsAsync(
            new() { MunicipalityCode = Attacker, Service = "economy" }, headers).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var violation = Assert.Single(e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations);
        Assert.Equal("namnd-service", violation.Field);
        Assert.Contains("keyfigures", violation.Description);
        Assert.Contains("'economy,planning'", violation.Description);
    }

    public static TheoryData<string> RestPaths => new(
    [
        $"/API/V1/ECONOMY/MUNICIPALITIES/{Victim}/COMMITTEES/{Committee}/FIGURES?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR",
        $"/api/v1/economy/municipalities/{Victim}/committees/{Committee}/figures/?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR",
        $"//api/v1/economy/municipalities/{Victim}/committees/{Committee}/figures?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR",
        $"/api/v1/economy//municipalities/{Victim}/committees/{Committee}/figures?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR",
        $"/api/v1/economy/municipalities/%31480/committees/{Committee}/figures?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR",
        $"/api/v1/economy/municipalities/{Victim}%00/committees/{Committee}/figures?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR",
        $"/api/v1/economy/municipalities/{Victim}/facts/activity_figures/rows.csv",
        $"/API/V1/ECONOMY/MUNICIPALITIES/{Victim}/FACTS/ACTIVITY_FIGURES/ROWS.CSV",
        $"/api/v1/economy/municipalities/%31480/facts/activity_figures/rows.ndjson",
        $"/api/v1/follow-up/municipalities/{Victim}?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR",
        $"/API/V1/FOLLOW-UP/MUNICIPALITIES/{Victim}?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR",
    ]);

    [Theory]
    [MemberData(nameof(RestPaths))]
    public async Task A_rest_path_spelt_differently_never_reads_another_municipality(string path)
    {
        using var client = suite.AnonymousRest();
        // Absolute, so that "//api/..." stays a path and is not read as another host.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(suite.GatewayRestAddress + path));
        request.Headers.Authorization = new("Bearer", suite.Token(Attacker, null, Roles.MunicipalOffice, Roles.BiReader));
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.BadRequest,
            $"{path}: {(int)response.StatusCode} {body}");
    }

    public static TheoryData<string> UploadPaths => new(
    [
        $"/API/V1/ECONOMY/MUNICIPALITIES/{Victim}/COMMITTEES/{Committee}/IMPORTS/CSV:UPLOAD",
        $"/api/v1/economy/municipalities/%31480/committees/{Committee}/imports/csv:upload",
        $"/api/v1/economy/municipalities/{Victim}/committees/{Committee}/imports/csv%3Aupload",
        $"/api/v1/economy/municipalities/{Victim}/committees/{Committee}/imports/sie:upload/",
    ]);

    [Theory]
    [MemberData(nameof(UploadPaths))]
    public async Task An_upload_to_another_municipality_by_a_path_spelt_differently_is_refused(string path)
    {
        using var client = suite.AnonymousRest();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(suite.GatewayRestAddress + path))
        {
            Content = new StringContent("x", System.Text.Encoding.UTF8, "text/csv"),
        };
        request.Headers.Authorization = new("Bearer", suite.Token(Attacker, Committee, Roles.CommitteeWriter));
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
            $"{path}: {(int)response.StatusCode} {body}");
    }

    private static char SwapCase(char c) => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c);
}
