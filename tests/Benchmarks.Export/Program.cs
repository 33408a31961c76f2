using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using NamndFollowUp.Benchmarks.Export;
using NamndFollowUp.Benchmarks.Gateway;
using NamndFollowUp.Contracts.Export.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.ServiceDefaults.Export;
using NamndFollowUp.TestSupport;
using Npgsql;

// dotnet run -c Release --project tests/Benchmarks.Export [-- --rows 10000000 --runs 2 --grpc true --output docs/benchmarks-export.md]
var options = ExportOptions.Parse(args);
const string Municipality = "0380";
var loadBefore = Machine.LoadAverage();

await using var suite = new SuiteProcesses();
Console.WriteLine($"Starting economy and the gateway ({SuiteProcesses.Configuration}); logs in {suite.LogDirectory}");
await suite.StartAsync();
var token = TokenIssuer.Mint(suite.SigningKey, "bench-bi", Municipality, null, [Roles.BiReader]);

Console.WriteLine($"Generating {options.Rows:N0} activity figure rows in {Municipality} …");
var generation = Stopwatch.StartNew();
await BenchmarkData.GenerateAsync(suite.EconomyConnectionString, Municipality, options.Rows);
generation.Stop();
Console.WriteLine($"  done in {generation.Elapsed.TotalSeconds:0} s");

using var channel = GrpcChannel.ForAddress($"http://localhost:{suite.GatewayGrpcPort}", new GrpcChannelOptions { MaxReceiveMessageSize = null });
var export = new ExportService.ExportServiceClient(channel);
var headers = new Metadata { { "authorization", $"Bearer {token}" }, { "namnd-service", "economy" } };

// The baseline runs the export's own COPY statement: built by the same code from the set's columns as the
// service lists them, with the types the database has.
var set = (await export.ListFactSetsAsync(new ListFactSetsRequest { MunicipalityCode = Municipality, Service = "economy" }, headers))
    .FactSets.Single(s => s.Name == "activity_figures");
var copyCommand = FactExport.CsvCopyCommand(new FactSetDefinition(set.Name, set.Label, [.. set.KeyColumns]),
    await BenchmarkData.StoreColumnsAsync(suite.EconomyConnectionString, set.Name, set.Columns.Select(c => c.Name)), Municipality, null);

using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{suite.GatewayRestPort}"), Timeout = Timeout.InfiniteTimeSpan };
http.DefaultRequestHeaders.Authorization = new("Bearer", token);
var csvPath = $"/api/v1/economy/municipalities/{Municipality}/facts/activity_figures/rows.csv";

var scenarios = new List<(string Name, Func<Task<(long Rows, long Bytes)>> Pull)>
{
    ("PostgreSQL COPY … TO STDOUT (csv), Npgsql text export", async () =>
    {
        await using var connection = new NpgsqlConnection(suite.EconomyConnectionString);
        await connection.OpenAsync();
        using var reader = await connection.BeginTextExportAsync(copyCommand);
        var buffer = new char[32 * 1024];
        long lines = 0, chars = 0;
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count('\n');
            chars += read;
        }
        return (lines - 1, chars); // less the header
    }),
    ("gateway REST rows.csv (HTTP/1.1)", async () =>
    {
        using var response = await http.GetAsync(csvPath, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long lines = 0, bytes = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            bytes += read;
        }
        return (lines - 1, bytes);
    }),
};
if (options.Grpc)
{
    scenarios.Add(("gateway gRPC PullFacts (one message per row)", async () =>
    {
        using var call = export.PullFacts(new PullFactsRequest { MunicipalityCode = Municipality, Service = "economy", FactSet = "activity_figures" }, headers);
        long rows = 0, bytes = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            var record = call.ResponseStream.Current;
            if (record.ChangeToken.Length == 0)
            {
                rows++;
                bytes += record.RowJson.Length;
            }
        }
        return (rows, bytes);
    }));
    scenarios.Add(("gateway gRPC PullFacts, PULL_FORMAT_CSV chunks", async () =>
    {
        using var call = export.PullFacts(new PullFactsRequest
        {
            MunicipalityCode = Municipality, Service = "economy", FactSet = "activity_figures", Format = PullFormat.Csv,
        }, headers);
        long lines = 0, bytes = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            var chunk = call.ResponseStream.Current.Csv.Span;
            lines += chunk.Count((byte)'\n');
            bytes += chunk.Length;
        }
        return (lines - 1, bytes);
    }));
}

using var memory = new RssSampler(new() { ["economy"] = suite.ProcessId("economy"), ["gateway"] = suite.ProcessId("gateway") }, TimeSpan.FromMilliseconds(250));
var results = new List<ExportRun>();
// Alternating, so that every scenario sees the same background load of the shared machine.
for (var run = 1; run <= options.Runs; run++)
{
    foreach (var (name, pull) in scenarios)
    {
        var from = memory.Now;
        var watch = Stopwatch.StartNew();
        var (rows, bytes) = await pull();
        watch.Stop();
        await Task.Delay(600); // one more sample after the last byte: the "end" figure
        var result = new ExportRun(run, name, rows, bytes, watch.Elapsed, memory.Window(from, memory.Now));
        if (rows != options.Rows)
        {
            throw new InvalidOperationException($"{name} returned {rows:N0} rows, expected {options.Rows:N0}");
        }
        Console.WriteLine(result.Describe());
        results.Add(result);
    }
}

var block = ExportReport.Markdown(options, results, loadBefore, generation.Elapsed);
Console.WriteLine();
Console.WriteLine(block);
await ExportReport.WriteAsync(options.Output, block);
Console.WriteLine($"Written to {options.Output}");
return 0;
