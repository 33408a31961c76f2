using System.Net;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Fuzz.Tests;

/// <summary>
/// The whole suite as separate processes (economy, planning, key figures, the gateway) on free ports, with fresh
/// databases and a fresh RabbitMQ virtual host, as tests/EndToEnd.Tests starts it, and two municipalities seeded
/// through the public API with data only they hold (<see cref="Tenants"/>). The fuzz traffic runs as
/// <see cref="Tenants.Attacker"/>; <see cref="Tenants.Victim"/> is read only through its own tokens, and must end
/// the run exactly as it was seeded (checked here on disposal, after every test of the collection ran).
/// </summary>
public sealed class FuzzSuite : IAsyncLifetime
{
    private static readonly string RunId = $"{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}";
    private static readonly string VirtualHost = $"nf-fuzz-{RunId}";
    private static readonly string[] Services = ["economy", "planning", "keyfigures"];

    public int EconomyPort { get; } = Ports.Free();
    public int PlanningPort { get; } = Ports.Free();
    public int KeyFiguresPort { get; } = Ports.Free();
    public int GatewayRestPort { get; } = Ports.Free();
    public int GatewayGrpcPort { get; } = Ports.Free();

    public string SigningKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    private readonly ServiceProcesses _processes;

    public FuzzSuite()
    {
        _processes = new ServiceProcesses(Repository.ConfigurationOf(typeof(FuzzSuite).Assembly, "Debug"),
            Path.Combine(AppContext.BaseDirectory, "fuzz-logs"))
        {
            AppendLogs = true,
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["Auth__SigningKey"] = SigningKey,
                // The tier sends thousands of requests from one identity; the limit is tested elsewhere.
                ["RateLimiting__PermitsPerSecond"] = "100000",
                ["RateLimiting__Burst"] = "100000",
                ["Outbox__PollInterval"] = "00:00:00.500",
            },
        };
    }

    public string GatewayRestAddress => $"http://localhost:{GatewayRestPort}";
    public string GatewayGrpcAddress => $"http://localhost:{GatewayGrpcPort}";
    public string LogDirectory => _processes.LogDirectory;

    /// <summary>REST without any token: every request states its own.</summary>
    public HttpClient Rest { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(120) };

    /// <summary>HTTP/2 without TLS to the gateway's gRPC port, for frames the gRPC client would never send.</summary>
    public HttpClient H2c { get; } = new(new SocketsHttpHandler())
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(120),
    };

    public Tenants Tenants { get; private set; } = null!;

    /// <summary>Sends generated requests as the attacker and checks the properties; one per run, its snapshots shared.</summary>
    public Fuzzer Fuzzer { get; private set; } = null!;

    /// <summary>The victim's data as seeded, to compare with at the end of the run.</summary>
    public Snapshot VictimAtStart => _victimAtStart;
    private Snapshot _victimAtStart = null!;

    public string Token(string municipality, string? committee, params string[] roles) =>
        TokenIssuer.Mint(SigningKey, $"fuzz:{string.Join('+', roles)}@{municipality}/{committee}", municipality, committee, roles);

    public string Token(Tenant tenant, params string[] roles) => Token(tenant.Municipality, tenant.Committee, roles);

    private string Database(string service) => $"nf_fuzz_{RunId}_{service}";

    /// <summary>How long starting, seeding and the final check took, for keeping the tier inside CI's budget.</summary>
    private void Timing(string stage, System.Diagnostics.Stopwatch watch)
    {
        Directory.CreateDirectory(LogDirectory);
        File.AppendAllText(Path.Combine(LogDirectory, "timings.txt"), $"{DateTime.UtcNow:HH:mm:ss} {stage}: {watch.Elapsed.TotalSeconds:F1} s\n");
        watch.Restart();
    }

    public async Task InitializeAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Postgres.DropDatabasesAsync(Services.Select(Database));
        RabbitMq.AddVirtualHost(VirtualHost);
        var rabbit = RabbitMq.ConnectionString(VirtualHost);
        _processes.Start(SuiteService.Economy, ("Urls", $"http://localhost:{EconomyPort}"),
            ("ConnectionStrings__Economy", Postgres.ConnectionString(Database("economy"))), ("ConnectionStrings__RabbitMq", rabbit));
        _processes.Start(SuiteService.Planning, ("Urls", $"http://localhost:{PlanningPort}"),
            ("ConnectionStrings__Planning", Postgres.ConnectionString(Database("planning"))), ("ConnectionStrings__RabbitMq", rabbit),
            ("Services__economy", $"http://localhost:{EconomyPort}"));
        _processes.Start(SuiteService.KeyFigures, ("Urls", $"http://localhost:{KeyFiguresPort}"),
            ("ConnectionStrings__KeyFigures", Postgres.ConnectionString(Database("keyfigures"))), ("ConnectionStrings__RabbitMq", rabbit),
            ("Services__economy", $"http://localhost:{EconomyPort}"));
        foreach (var port in new[] { EconomyPort, PlanningPort, KeyFiguresPort })
        {
            await _processes.WaitUntilReadyAsync(port);
        }
        _processes.Start(SuiteService.Gateway,
            ("Kestrel__Endpoints__Rest__Url", GatewayRestAddress),
            ("Kestrel__Endpoints__Grpc__Url", GatewayGrpcAddress),
            ("ConnectionStrings__RabbitMq", rabbit),
            ("ReverseProxy__Clusters__economy__Destinations__primary__Address", $"http://localhost:{EconomyPort}"),
            ("ReverseProxy__Clusters__planning__Destinations__primary__Address", $"http://localhost:{PlanningPort}"),
            ("ReverseProxy__Clusters__keyfigures__Destinations__primary__Address", $"http://localhost:{KeyFiguresPort}"));
        Rest.BaseAddress = new Uri(GatewayRestAddress);
        H2c.BaseAddress = new Uri(GatewayGrpcAddress);
        await _processes.WaitUntilReadyAsync(Rest, "/healthz/ready");
        Timing($"processes ready; examples: {Budget.Describe}, {Budget.Iterations} per RPC and property", watch);

        Tenants = await Seed.RunAsync(this);
        Fuzzer = new Fuzzer(this);
        Timing("seeded", watch);
        _victimAtStart = await Snapshot.TakeSettledAsync(this, Tenants.Victim, Services);
        Timing("victim's snapshot settled", watch);
    }

    /// <summary>After a change of the victim that an open finding excuses: its data as it is now is the reference.</summary>
    public async Task RebaselineVictimAsync() =>
        _victimAtStart = await Snapshot.TakeSettledAsync(this, Tenants.Victim, Services);

    /// <summary>
    /// Restarts every process that exited (a request crashed it: the finding is then that process's exit, and the
    /// rest of the run still meets a whole suite). Returns the names of those that had exited, or null.
    /// </summary>
    public async Task<string?> ReviveAsync()
    {
        var names = new[] { "economy", "planning", "keyfigures", "gateway" };
        // A process that overflowed its stack takes a moment to write the trace and exit.
        for (var wait = 0; wait < 6 && !names.Any(n => _processes[n].HasExited); wait++)
        {
            await Task.Delay(500);
        }
        var exited = names.Where(n => _processes[n].HasExited).ToList();
        foreach (var name in exited)
        {
            var code = _processes[name].ExitCode;
            _processes.Restart(name);
            File.AppendAllText(Path.Combine(LogDirectory, "timings.txt"), $"{DateTime.UtcNow:HH:mm:ss} {name} had exited with {code}; restarted\n");
        }
        foreach (var name in exited)
        {
            if (name == "gateway")
            {
                await _processes.WaitUntilReadyAsync(Rest, "/healthz/ready", TimeSpan.FromMinutes(3));
            }
            else
            {
                await _processes.WaitUntilReadyAsync(name switch { "economy" => EconomyPort, "planning" => PlanningPort, _ => KeyFiguresPort }, TimeSpan.FromMinutes(3));
            }
        }
        return exited.Count == 0 ? null : string.Join(", ", exited);
    }

    /// <summary>An answer that may mean a process died is checked for it; the answer then says which one.</summary>
    public async Task<Answer> CheckedAsync(Answer answer)
    {
        var mayBeDead = answer.HttpStatus is 502 or 503 or 599
            || answer.Grpc is global::Grpc.Core.StatusCode.Unavailable or global::Grpc.Core.StatusCode.Internal;
        return mayBeDead && await ReviveAsync() is { } exited
            ? answer with { Detail = $"{answer.Detail} — the {exited} process EXITED on this request (restarted)" }
            : answer;
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_victimAtStart is not null)
            {
                // Every test of the collection has run: whatever they sent, the victim's data is as seeded.
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var atEnd = await Snapshot.TakeSettledAsync(this, Tenants.Victim, Services);
                Timing("victim's final snapshot", watch);
                var difference = _victimAtStart.Difference(atEnd);
                if (difference is not null)
                {
                    throw new InvalidOperationException($"the victim municipality {Tenants.Victim.Municipality} changed during the fuzz run: {difference}");
                }
            }
        }
        finally
        {
            Fuzzer?.Dispose();
            Rest.Dispose();
            H2c.Dispose();
            await _processes.DisposeAsync();
            RabbitMq.Run($"delete_vhost {VirtualHost}", allowFailure: true);
            await Postgres.DropDatabasesAsync(Services.Select(Database));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<FuzzSuite>
{
    public const string Name = "fuzz";
}
