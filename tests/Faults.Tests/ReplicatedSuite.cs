using System.Net;
using NamndFollowUp.ServiceDefaults.Auth;
using Npgsql;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// Two replicas of every service and two gateways, each gateway with both replicas of each service as destinations,
/// against <see cref="OwnPostgres"/> and <see cref="OwnRabbitMq"/>. The first replica of a service migrates its database;
/// the second waits for the schema (Database:Migrations=Wait), as replicas beside a migration job do. Everything it starts
/// is marked for its <see cref="Watchdog"/>, so none of it outlives the harness.
/// </summary>
public sealed class ReplicatedSuite : IAsyncLifetime
{
    public const string Municipality = "0380";
    public static readonly string[] Services = ["economy", "planning", "keyfigures"];

    private Watchdog? _watchdog;
    public OwnPostgres Postgres { get; private set; } = null!;
    public OwnRabbitMq RabbitMq { get; private set; } = null!;
    public FaultReport Report { get; } = new(Scale.Current);

    private readonly ServiceProcesses _processes;
    private readonly string _signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    /// <summary>Ports by replica name: economy-1, economy-2, …, gateway-1-rest, gateway-1-grpc, ….</summary>
    public Dictionary<string, int> Port { get; } = [];

    public ReplicatedSuite()
    {
        _processes = new ServiceProcesses(Repository.ConfigurationOf(typeof(ReplicatedSuite).Assembly, "Debug"),
            Path.Combine(AppContext.BaseDirectory, "faults-logs"))
        {
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["Auth__SigningKey"] = _signingKey,
                ["RateLimiting__PermitsPerSecond"] = "100000",
                ["RateLimiting__Burst"] = "100000",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__NamndFollowUp"] = "Information",
            },
        };
        foreach (var name in new[] { "economy-1", "economy-2", "planning-1", "planning-2", "keyfigures-1", "keyfigures-2",
                     "gateway-1-rest", "gateway-1-grpc", "gateway-2-rest", "gateway-2-grpc" })
        {
            Port[name] = Ports.Free();
        }
    }

    public string Token(string? committee, params string[] roles) =>
        TokenIssuer.Mint(_signingKey, $"faults@{Municipality}/{committee}", Municipality, committee, roles.Length == 0 ? Roles.All : roles);

    public string ConnectionString(string service) => Postgres.ConnectionString($"nf_{service}");

    /// <summary>REST base addresses of the two gateways; the load alternates between them as a load balancer would.</summary>
    public string[] GatewayRest => [$"http://localhost:{Port["gateway-1-rest"]}", $"http://localhost:{Port["gateway-2-rest"]}"];
    public string[] GatewayGrpc => [$"http://localhost:{Port["gateway-1-grpc"]}", $"http://localhost:{Port["gateway-2-grpc"]}"];

    public async Task InitializeAsync()
    {
        _watchdog = await Watchdog.StartAsync();
        _processes.Environment[Watchdog.Mark] = _watchdog.Directory;
        Postgres = new OwnPostgres(_watchdog);
        RabbitMq = new OwnRabbitMq(_watchdog);
        await Postgres.StartNewAsync();
        await RabbitMq.StartAsync();
        foreach (var service in Services)
        {
            await using var admin = new NpgsqlConnection(Postgres.ConnectionString("postgres"));
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE nf_{service}", admin);
            await create.ExecuteNonQueryAsync();
        }

        foreach (var service in Services)
        {
            StartReplica(service, 1);
        }
        foreach (var service in Services)
        {
            await _processes.WaitUntilReadyAsync(Port[$"{service}-1"], TimeSpan.FromMinutes(3));
        }
        foreach (var service in Services)
        {
            StartReplica(service, 2);
        }
        foreach (var service in Services)
        {
            await _processes.WaitUntilReadyAsync(Port[$"{service}-2"], TimeSpan.FromMinutes(3));
        }
        StartGateway(1);
        StartGateway(2);
        using var http = new HttpClient();
        foreach (var gateway in GatewayRest)
        {
            await _processes.WaitUntilReadyAsync(http, $"{gateway}/healthz/ready", TimeSpan.FromMinutes(3));
        }
        await WarmUpAsync();
    }

    /// <summary>
    /// Every route through both gateways to both replicas a few times, so the scenarios measure faults and not a cold
    /// process's first requests (EF's model and queries, JIT: seconds each on two busy cores).
    /// </summary>
    private async Task WarmUpAsync()
    {
        using var client = new Client(this, TimeSpan.FromMinutes(1));
        var registered = await client.RegisterActivitiesAsync();
        if (!registered.IsOk)
        {
            throw new InvalidOperationException($"registering the scenarios' activity codes failed: {registered}");
        }
        for (var round = 0; round < 6; round++)
        {
            await Task.WhenAll(
                client.WriteFigureAsync("WARM", $"{7000 + round}", -1m - round),
                client.ReadAsync("economy", "WARM"),
                client.GrpcReadAsync("WARM"),
                client.ReadAsync("planning", "WARM"),
                client.ReadAsync("keyfigures", "WARM"),
                client.GrpcKeyFiguresAsync("WARM"));
        }
    }

    private void StartReplica(string service, int replica)
    {
        var connection = service switch { "economy" => "Economy", "planning" => "Planning", _ => "KeyFigures" };
        (string, string)[] environment =
        [
            ("Urls", $"http://localhost:{Port[$"{service}-{replica}"]}"),
            ($"ConnectionStrings__{connection}", ConnectionString(service)),
            ("ConnectionStrings__RabbitMq", RabbitMq.ConnectionString),
            ("Database__Migrations", replica == 1 ? "Apply" : "Wait"),
            // Planning asks economy for the economic results, keyfigures for the registered names: its own replica's peer.
            ("Services__economy", $"http://localhost:{Port[$"economy-{replica}"]}"),
        ];
        _processes.Start(new SuiteService($"{service}-{replica}", Suite(service).ProjectDirectory, Suite(service).Assembly), environment);
    }

    private void StartGateway(int gateway)
    {
        var environment = new List<(string, string)>
        {
            ("Kestrel__Endpoints__Rest__Url", $"http://localhost:{Port[$"gateway-{gateway}-rest"]}"),
            ("Kestrel__Endpoints__Grpc__Url", $"http://localhost:{Port[$"gateway-{gateway}-grpc"]}"),
            ("ConnectionStrings__RabbitMq", RabbitMq.ConnectionString),
        };
        foreach (var service in Services)
        {
            environment.Add(($"ReverseProxy__Clusters__{service}__Destinations__primary__Address", $"http://localhost:{Port[$"{service}-1"]}"));
            environment.Add(($"ReverseProxy__Clusters__{service}__Destinations__secondary__Address", $"http://localhost:{Port[$"{service}-2"]}"));
        }
        _processes.Start(new SuiteService($"gateway-{gateway}", SuiteService.Gateway.ProjectDirectory, SuiteService.Gateway.Assembly), [.. environment]);
    }

    private static SuiteService Suite(string service) => service switch
    {
        "economy" => SuiteService.Economy,
        "planning" => SuiteService.Planning,
        _ => SuiteService.KeyFigures,
    };

    /// <summary>SIGKILL, as a node's loss or the OOM killer would: no shutdown, no goodbye to the broker or the database.</summary>
    public async Task KillAsync(string replica)
    {
        Mark($"SIGKILL {replica}");
        await _processes.StopAsync(replica);
        Mark($"{replica} gone");
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _timeline = new();

    /// <summary>What the harness did to the replicas, with times: beside an unexpected answer's time it says what was going on.</summary>
    public string Timeline(DateTimeOffset since) => string.Join(", ", _timeline.Where(t => string.CompareOrdinal(t, since.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)) >= 0));

    private void Mark(string what) => _timeline.Enqueue($"{DateTimeOffset.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)} {what}");

    /// <summary>Starts a killed replica again on its port and waits until it is ready; returns how long that took.</summary>
    public async Task<TimeSpan> RestartAsync(string replica)
    {
        var started = DateTimeOffset.UtcNow;
        Mark($"start {replica}");
        _processes.Restart(replica);
        await WaitUntilReadyAsync(replica);
        Mark($"{replica} ready");
        return DateTimeOffset.UtcNow - started;
    }

    /// <summary>
    /// Polls the replica's readiness, giving up only when this replica exits: ServiceProcesses' own wait gives up when any
    /// process has exited, and here another replica is killed on purpose meanwhile. Ten minutes: at full scale a replica
    /// restarts while the other dispatches 200 000 events and keyfigures takes them, and at a load average of 110 on two
    /// cores a cold start took longer than the three minutes allowed before, which threw and lost the scenario's figures.
    /// How long a restart took is the scenarios' to report, not hidden by this wait.
    /// </summary>
    private async Task WaitUntilReadyAsync(string replica)
    {
        using var http = Direct(Port[replica]);
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_processes[replica].HasExited)
            {
                throw new InvalidOperationException($"{replica} exited with {_processes[replica].ExitCode}; see its log in {_processes.LogDirectory}");
            }
            try
            {
                if ((await http.GetAsync("/healthz/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{replica} did not become ready");
    }

    public int ProcessId(string replica) => _processes[replica].Id;

    /// <summary>An h2c client straight at one replica (its health, its metrics, an upload that bypasses the gateways).</summary>
    public static HttpClient Direct(int port) => new()
    {
        BaseAddress = new Uri($"http://localhost:{port}"),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromMinutes(10),
    };

    public async Task DisposeAsync()
    {
        await _processes.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        Report.Write();
        Report.Dispose();
        await (RabbitMq?.ShutDownAsync() ?? Task.CompletedTask);
        await (Postgres?.ShutDownAsync() ?? Task.CompletedTask);
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReplicatedSuiteCollection : ICollectionFixture<ReplicatedSuite>
{
    public const string Name = "replicated suite";
}
