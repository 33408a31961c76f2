using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using NamndFollowUp.Benchmarks.Gateway;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.TestSupport;

// dotnet run -c Release --project tests/Benchmarks.Gateway [-- --workers 16 --seconds 10 --warmup 3 --slice 1 --output docs/benchmarks-gateway.md]
var options = Options.Parse(args);
const string Municipality = "0380", Committee = "BENCH";

var loadBefore = Machine.LoadAverage();
await using var suite = new SuiteProcesses();
Console.WriteLine($"Starting economy and the gateway ({SuiteProcesses.Configuration}); logs in {suite.LogDirectory}");
await suite.StartAsync();

var token = TokenIssuer.Mint(suite.SigningKey, "bench", Municipality, Committee, [Roles.CommitteeWriter, Roles.CommitteeReader]);
var auth = new Metadata { { "authorization", $"Bearer {token}" } };
var period = new Period { Year = 2024, Point = PeriodPoint.FullYear };

using var directChannel = GrpcChannel.ForAddress($"http://localhost:{suite.EconomyPort}");
using var gatewayChannel = GrpcChannel.ForAddress($"http://localhost:{suite.GatewayGrpcPort}");
var direct = new EconomyService.EconomyServiceClient(directChannel);
var viaGateway = new EconomyService.EconomyServiceClient(gatewayChannel);

// The committee's ten activity rows, the size of a real committee-level listing.
var seed = new RecordActivityFiguresRequest { MunicipalityCode = Municipality, CommitteeCode = Committee, Period = period };
seed.Figures.Add(Enumerable.Range(0, 10).Select(i => new ActivityFigureInput
{
    ActivityCode = (5700 + i * 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
    Actual = new() { Value = $"-{1_000_000 + i * 12_345}.50" },
    Budget = new() { Value = $"-{1_000_000 + i * 10_000}" },
}));
// Economy refuses an activity code its municipality has not registered: the office registers the ten first.
var office = new Metadata { { "authorization", $"Bearer {TokenIssuer.Mint(suite.SigningKey, "bench-office", Municipality, null, [Roles.MunicipalOffice])}" } };
var codes = new RecordActivityCodesRequest { MunicipalityCode = Municipality };
codes.Codes.Add(seed.Figures.Select(f => new ActivityCode { Code = f.ActivityCode, Name = $"Verksamhet {f.ActivityCode}" }));
await direct.RecordActivityCodesAsync(codes, office);
await direct.RecordActivityFiguresAsync(seed, auth);

var list = new ListActivityFiguresRequest { MunicipalityCode = Municipality, CommitteeCode = Committee, Period = period };
var restPath = $"/api/v1/economy/municipalities/{Municipality}/committees/{Committee}/figures?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR";
// REST straight at the service is cleartext HTTP/2 (its only protocol); the gateway's REST port is HTTP/1.1.
using var restDirect = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
{
    BaseAddress = new Uri($"http://localhost:{suite.EconomyPort}"),
    DefaultRequestVersion = HttpVersion.Version20,
    DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
};
using var restGateway = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue })
{
    BaseAddress = new Uri($"http://localhost:{suite.GatewayRestPort}"),
};
foreach (var client in new[] { restDirect, restGateway })
{
    client.DefaultRequestHeaders.Authorization = new("Bearer", token);
}

async Task GrpcCall(EconomyService.EconomyServiceClient client)
{
    var response = await client.ListActivityFiguresAsync(list, auth, deadline: DateTime.UtcNow.AddSeconds(30));
    if (response.Figures.Count != 10)
    {
        throw new InvalidOperationException($"expected 10 figures, got {response.Figures.Count}");
    }
}

async Task RestCall(HttpClient client)
{
    using var response = await client.GetAsync(restPath);
    var body = await response.Content.ReadAsByteArrayAsync();
    if (response.StatusCode != HttpStatusCode.OK || body.Length < 500)
    {
        throw new InvalidOperationException($"REST answered {(int)response.StatusCode} with {body.Length} bytes");
    }
}

var scenarios = new (string Name, Func<Task> Call)[]
{
    ("gRPC direct", () => GrpcCall(direct)),
    ("gRPC via gateway", () => GrpcCall(viaGateway)),
    ("REST direct (h2c)", () => RestCall(restDirect)),
    ("REST via gateway (HTTP/1.1)", () => RestCall(restGateway)),
};
foreach (var (name, call) in scenarios)
{
    await call(); // each path answers correctly before it is timed
}

TimeSpan[] Cpu()
{
    var (economy, gateway) = suite.CpuTime();
    return [System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime, economy, gateway];
}

// Warm every path under load first, so that tiered JIT recompilation is over before anything is measured.
foreach (var (_, call) in scenarios)
{
    await Load.WarmAsync(call, options.Workers, options.Warmup);
}

var results = new List<Measurement>();
foreach (var workers in new[] { options.Workers, 1 })
{
    // Direct and through the gateway alternate in short slices, so both see the same background load.
    foreach (var (directRun, gatewayRun) in new[] { (scenarios[0], scenarios[1]), (scenarios[2], scenarios[3]) })
    {
        var (a, b) = await Load.RunAlternatingAsync(directRun, gatewayRun, workers, options.Warmup, options.Duration, options.Slice, Cpu);
        foreach (var m in new[] { a, b })
        {
            Console.WriteLine($"{m.Scenario,-30} workers {workers,3}: {m.RequestsPerSecond,9:0} req/s  p50 {m.P50Ms,7:0.000} ms  p99 {m.P99Ms,7:0.000} ms  errors {m.Errors}  CPU ms/s client {m.CpuMsPerSecond[0]:0} economy {m.CpuMsPerSecond[1]:0} gateway {m.CpuMsPerSecond[2]:0}");
            results.Add(m);
        }
    }
}

await Report.WriteAsync(options, results, loadBefore);
Console.WriteLine($"Written to {options.Output}");
return results.Any(r => r.Errors > 0) ? 1 : 0;
