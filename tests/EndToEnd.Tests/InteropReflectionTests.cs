using System.Text.Json.Nodes;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Reflection from another language: Node's @grpc/grpc-js asks the gateway what it serves and calls a method
/// using only the descriptors it got back (tests/Interop/grpc-reflect.mjs) — what grpcurl does.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class InteropReflectionTests(Suite suite)
{
    [NodeFact]
    public async Task Node_lists_the_suites_services_at_the_gateway_and_calls_one_from_reflected_descriptors()
    {
        var reader = suite.Token(Api.Municipality, "SCN", Roles.CommitteeReader);
        var listed = await Reflect(reader, "list");
        var services = listed["services"]!.AsArray().Select(s => (string)s!).ToList();
        foreach (var service in new[] { "namnd.economy.v1.EconomyService", "namnd.planning.v1.PlanningService",
                     "namnd.keyfigures.v1.KeyFiguresService", "namnd.followup.v1.FollowUpService",
                     "namnd.export.v1.ExportService", "namnd.report.v1.ReportService" })
        {
            Assert.Contains(service, services);
        }

        // Write with the .NET client, read with types Node built from reflection alone: the exact amount survives.
        var committee = Api.NewCommittee("REFL");
        await suite.Rest.PostOkAsync(Api.EconomyPath(committee, "figures"), Api.Figures(("5731", -174_176_000.25m, -170_000_000m)));
        var token = suite.Token(Api.Municipality, committee, Roles.CommitteeReader);
        var figures = await Reflect(token, "call", "namnd.economy.v1.EconomyService/ListActivityFigures", new JsonObject
        {
            ["municipalityCode"] = Api.Municipality,
            ["committeeCode"] = committee,
            ["period"] = new JsonObject { ["year"] = 2024, ["point"] = "PERIOD_POINT_FULL_YEAR" },
        });
        Assert.True(figures["error"] is null, figures.ToJsonString());
        var row = figures["figures"]!.AsArray().Single()!;
        Assert.Equal("5731", (string)row["activityCode"]!);
        Assert.Equal("-174176000.25", (string)row["actual"]!["value"]!);
        Assert.Equal("-170000000", (string)row["budget"]!["value"]!);
    }

    [NodeFact]
    public async Task Node_reflection_without_a_valid_token_is_refused()
    {
        var refused = await Reflect("not-a-token", "list");
        Assert.Equal("UNAUTHENTICATED", (string)refused["error"]!["name"]!);
    }

    private async Task<JsonNode> Reflect(string token, string command, string? method = null, JsonNode? request = null)
    {
        await Node.EnsurePackagesAsync();
        List<string> arguments = ["grpc-reflect.mjs", new Uri(suite.GatewayGrpcAddress).Authority, token, command];
        if (method is not null)
        {
            arguments.AddRange([method, request!.ToJsonString()]);
        }
        var (exit, output, error) = await Node.RunAsync("node", arguments, TimeSpan.FromMinutes(1));
        var printed = output.Trim();
        Assert.True(printed.StartsWith('{'), $"grpc-reflect.mjs printed no JSON (exit {exit}):\n{output}\n{error}");
        return JsonNode.Parse(printed)!;
    }
}
