using NamndFollowUp.TestSupport;

namespace NamndFollowUp.Benchmarks.Gateway;

/// <summary>
/// The economy service and the gateway as separate processes on free ports, built in this project's
/// configuration, against a fresh database and RabbitMQ virtual host (what one economy call needs). Needs the
/// PostgreSQL and RabbitMQ that scripts/infra-up.sh starts; NF_TEST_PG overrides the admin connection string
/// (a role with CREATEDB).
/// </summary>
public sealed class SuiteProcesses : IAsyncDisposable
{
    private readonly string _runId = $"{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}";
    private readonly ServiceProcesses _processes;
    private string? _virtualHost;

    public SuiteProcesses()
    {
        _processes = new ServiceProcesses(Configuration, LogDirectory)
        {
            Environment =
            {
                // As deployed: Production settings (no detailed errors, no development logging).
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Auth__SigningKey"] = SigningKey,
            },
        };
    }

    public string SigningKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
    public int EconomyPort { get; } = Ports.Free();
    public int GatewayRestPort { get; } = Ports.Free();
    public int GatewayGrpcPort { get; } = Ports.Free();
    public string LogDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "bench-logs");

    /// <summary>CPU time used so far by the economy service and the gateway (Linux reads it from /proc).</summary>
    public (TimeSpan Economy, TimeSpan Gateway) CpuTime() =>
        (_processes["economy"].TotalProcessorTime, _processes["gateway"].TotalProcessorTime);

    /// <summary>The operating system's id of a started process ("economy", "gateway"), e.g. to read /proc/&lt;pid&gt;/status.</summary>
    public int ProcessId(string name) => _processes[name].Id;

    private string Database => $"nf_bench_{_runId}_economy";

    public string EconomyConnectionString => Postgres.ConnectionString(Database);

    public async Task StartAsync()
    {
        await Postgres.DropDatabasesAsync(Database);
        // A virtual host of its own when rabbitmqctl is at hand (as in the e2e tests), else the default one.
        _virtualHost = RabbitMq.TryAddVirtualHost($"nf-bench-{_runId}") ? $"nf-bench-{_runId}" : null;
        var rabbit = RabbitMq.ConnectionString(_virtualHost ?? "");

        _processes.Start(SuiteService.Economy,
            ("Urls", $"http://localhost:{EconomyPort}"),
            ("ConnectionStrings__Economy", EconomyConnectionString),
            ("ConnectionStrings__RabbitMq", rabbit));
        await _processes.WaitUntilReadyAsync(EconomyPort);

        // planning and keyfigures are not started: the measured call is economy's, and their clusters'
        // health checks simply mark them down.
        _processes.Start(SuiteService.Gateway,
            ("Kestrel__Endpoints__Rest__Url", $"http://localhost:{GatewayRestPort}"),
            ("Kestrel__Endpoints__Grpc__Url", $"http://localhost:{GatewayGrpcPort}"),
            ("ReverseProxy__Clusters__economy__Destinations__primary__Address", $"http://localhost:{EconomyPort}"),
            // The run's load comes from one identity; the per-caller limit would measure itself, not the proxy.
            ("RateLimiting__PermitsPerSecond", "10000000"),
            ("RateLimiting__Burst", "10000000"));
        using var http = new HttpClient();
        await _processes.WaitUntilReadyAsync(http, $"http://localhost:{GatewayRestPort}/healthz/ready");
    }

    public async ValueTask DisposeAsync()
    {
        await _processes.DisposeAsync();
        if (_virtualHost is not null)
        {
            RabbitMq.TryRun($"delete_vhost {_virtualHost}");
        }
        await Postgres.DropDatabasesAsync(Database);
    }

    public static string Configuration => Repository.ConfigurationOf(typeof(SuiteProcesses).Assembly, "Release");

    public static string RepositoryRoot => Repository.Root;
}
