using System.Diagnostics;
using System.Text.Json.Nodes;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// A client nobody here wrote: Node's @grpc/grpc-js, loading our .proto files with @grpc/proto-loader
/// (tests/Interop/grpc-client.mjs), calls the gateway's gRPC port with a bearer token in the metadata.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class InteropTests(Suite suite)
{
    private const string Record = "namnd.economy.v1.EconomyService/RecordActivityFigures";
    private const string List = "namnd.economy.v1.EconomyService/ListActivityFigures";

    [NodeFact]
    public async Task Node_grpc_client_writes_figures_through_the_gateway_and_reads_them_back_exactly()
    {
        var committee = Api.NewCommittee("NODE");
        var writer = suite.Token(Api.Municipality, committee, Roles.CommitteeWriter);
        // More digits than a double holds (17; DomainLimits allows 15 before the point), a cent, and a negative booked
        // cost: only an exact string survives.
        var request = new JsonObject
        {
            ["municipalityCode"] = Api.Municipality,
            ["committeeCode"] = committee,
            ["period"] = new JsonObject { ["year"] = 2024, ["point"] = "PERIOD_POINT_FULL_YEAR" },
            ["figures"] = new JsonArray(
                new JsonObject { ["activityCode"] = "5731", ["actual"] = Amount("-987654321098765.43"), ["budget"] = Amount("-170000000.00") },
                new JsonObject { ["activityCode"] = "5740", ["actual"] = Amount("0.01"), ["budget"] = Amount("-1234.50") }),
        };

        var (recordExit, recorded) = await Node.GrpcCallAsync(suite.GatewayGrpcAddress, writer, Record, request);
        Assert.True(recordExit == 0, $"RecordActivityFigures failed: {recorded}");

        var reader = suite.Token(Api.Municipality, committee, Roles.CommitteeReader);
        var (listExit, listed) = await Node.GrpcCallAsync(suite.GatewayGrpcAddress, reader, List, new JsonObject
        {
            ["municipalityCode"] = Api.Municipality,
            ["committeeCode"] = committee,
            ["period"] = new JsonObject { ["year"] = 2024, ["point"] = "PERIOD_POINT_FULL_YEAR" },
        });
        Assert.True(listExit == 0, $"ListActivityFigures failed: {listed}");

        var figures = listed["figures"]!.AsArray();
        Assert.Equal(["5731", "5740"], figures.Select(f => (string)f!["activityCode"]!).ToArray());
        Assert.Equal("-987654321098765.43", (string)figures[0]!["actual"]!["value"]!);
        Assert.Equal("-170000000.00", (string)figures[0]!["budget"]!["value"]!);
        Assert.Equal("0.01", (string)figures[1]!["actual"]!["value"]!);
        Assert.Equal("-1234.50", (string)figures[1]!["budget"]!["value"]!);
        // int64 crosses as a string in protobuf's JSON form, as proto-loader's longs: String writes it.
        Assert.Equal(System.Text.Json.JsonValueKind.String, figures[0]!["version"]!.GetValueKind());
        Assert.Equal("1", (string)figures[0]!["version"]!);

        // What the Node client wrote is what a REST client reads through the gateway, digit for digit.
        var rest = JsonNode.Parse(await suite.Rest.GetStringAsync(
            Api.EconomyPath(committee, "figures?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR")))!;
        Assert.Equal("-987654321098765.43", (string)rest["figures"]![0]!["actual"]!["value"]!);
        Assert.Equal("0.01", (string)rest["figures"]![1]!["actual"]!["value"]!);
    }

    [NodeFact]
    public async Task Node_grpc_client_gets_the_gateways_refusals_as_grpc_statuses()
    {
        var committee = Api.NewCommittee("NODE");
        var request = new JsonObject
        {
            ["municipalityCode"] = Api.Municipality,
            ["committeeCode"] = committee,
            ["period"] = new JsonObject { ["year"] = 2024, ["point"] = "PERIOD_POINT_FULL_YEAR" },
            ["figures"] = new JsonArray(new JsonObject { ["activityCode"] = "5731", ["actual"] = Amount("1"), ["budget"] = Amount("1") }),
        };

        var (_, noToken) = await Node.GrpcCallAsync(suite.GatewayGrpcAddress, "not-a-token", Record, request);
        Assert.Equal("UNAUTHENTICATED", (string)noToken["error"]!["name"]!);

        var reader = suite.Token(Api.Municipality, committee, Roles.CommitteeReader);
        var (_, denied) = await Node.GrpcCallAsync(suite.GatewayGrpcAddress, reader, Record, request);
        Assert.Equal("PERMISSION_DENIED", (string)denied["error"]!["name"]!);

        var writer = suite.Token(Api.Municipality, committee, Roles.CommitteeWriter);
        request["figures"]![0]!["actual"] = Amount("12,5");
        var (_, invalid) = await Node.GrpcCallAsync(suite.GatewayGrpcAddress, writer, Record, request);
        Assert.Equal("INVALID_ARGUMENT", (string)invalid["error"]!["name"]!);
        Assert.Contains("12,5", (string)invalid["error"]!["details"]!);
    }

    private static JsonObject Amount(string value) => new() { ["value"] = value };
}

/// <summary>A test that needs Node; skipped, saying why, only where `node` is not installed.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (!Node.IsInstalled)
        {
            Skip = "node is not installed (apt-get install nodejs npm): the interop and OpenAPI lint tests need it";
        }
    }
}

/// <summary>Runs the Node tools of tests/Interop, installing their pinned packages (npm ci) on first use.</summary>
public static class Node
{
    public static string InteropDirectory { get; } = Path.Combine(Suite.RepositoryRoot, "tests", "Interop");

    public static bool IsInstalled { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, "node")));

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task EnsurePackagesAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(InteropDirectory, "node_modules", "@stoplight", "spectral-cli"))
                && Directory.Exists(Path.Combine(InteropDirectory, "node_modules", "@grpc", "grpc-js")))
            {
                return;
            }
            var (exit, output, error) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            Assert.True(exit == 0, $"npm ci in {InteropDirectory} failed ({exit}):\n{output}\n{error}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>One unary call with grpc-client.mjs; the JSON it printed (the response, or {"error": …}).</summary>
    public static async Task<(int Exit, JsonNode Output)> GrpcCallAsync(string address, string token, string method, JsonNode request)
    {
        await EnsurePackagesAsync();
        var (exit, output, error) = await RunAsync("node",
            ["grpc-client.mjs", new Uri(address).Authority, token, method, request.ToJsonString()], TimeSpan.FromMinutes(1));
        var printed = output.Trim();
        Assert.True(printed.StartsWith('{'), $"grpc-client.mjs printed no JSON (exit {exit}):\n{output}\n{error}");
        return (exit, JsonNode.Parse(printed)!);
    }

    public static async Task<(int Exit, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = InteropDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }
        return (process.ExitCode, await output, await error);
    }
}
