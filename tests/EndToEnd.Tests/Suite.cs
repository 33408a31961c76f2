using Grpc.Net.Client;
using NamndFollowUp.TestSupport;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// The whole suite as separate processes on free ports, with fresh databases and a fresh RabbitMQ virtual
/// host, against the PostgreSQL and RabbitMQ that scripts/infra-up.sh started. Overrides:
/// NF_TEST_PG (admin connection string of a role with CREATEDB), NF_TEST_RABBITMQ_HOST.
/// </summary>
public sealed class Suite : IAsyncLifetime, ISuiteApi
{
    private static int _instances;

    // Unique per run and per suite, so two runs on one machine (two developers' test runs, CI) and two suites of one
    // run (the traced one beside the plain one) never share state.
    private readonly string RunId = $"{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}_{Interlocked.Increment(ref _instances)}";
    public string VirtualHost => $"nf-e2e-{RunId}";

    public static string RepositoryRoot => Repository.Root;
    public static string LogDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "suite-logs");

    public string PostgresAdmin => Postgres.AdminConnectionString;

    public int EconomyPort { get; } = Ports.Free();
    public int PlanningPort { get; } = Ports.Free();
    public int KeyFiguresPort { get; } = Ports.Free();
    public int GatewayRestPort { get; } = Ports.Free();
    public int GatewayGrpcPort { get; } = Ports.Free();

    /// <summary>The key the four processes validate tokens with; tests mint their own.</summary>
    public string SigningKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    /// <summary>The test project's own build configuration (Debug unless it says otherwise), appending to the logs.</summary>
    private readonly ServiceProcesses _processes;

    public Suite() : this(LogDirectory, new Dictionary<string, string>())
    {
    }

    /// <summary>A suite whose processes also get <paramref name="environment"/> and log to <paramref name="logDirectory"/>
    /// (internal: xunit builds a collection fixture with its one public constructor).</summary>
    internal Suite(string logDirectory, IReadOnlyDictionary<string, string> environment)
    {
        _processes = new ServiceProcesses(Repository.ConfigurationOf(typeof(Suite).Assembly, "Debug"), logDirectory)
        {
            AppendLogs = true,
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["Auth__SigningKey"] = SigningKey,
                // Functional tests run many requests from one identity; the limit itself is tested separately.
                ["RateLimiting__PermitsPerSecond"] = "100000",
                ["RateLimiting__Burst"] = "100000",
                ["Outbox__PollInterval"] = "00:00:00.500",
            },
        };
        foreach (var (key, value) in environment)
        {
            _processes.Environment[key] = value;
        }
    }

    /// <summary>REST to the gateway as a trusted client: every request carries a token of the committee (and
    /// municipality) it names, with every role, so functional tests need not think about access.</summary>
    public HttpClient Rest { get; private set; } = null!;
    /// <summary>gRPC to the gateway, tokens as for <see cref="Rest"/>, taken from the request's fields.</summary>
    public global::Grpc.Core.CallInvoker Grpc { get; private set; } = null!;
    private GrpcChannel _channel = null!;

    public string GatewayRestAddress => $"http://localhost:{GatewayRestPort}";
    public string GatewayGrpcAddress => $"http://localhost:{GatewayGrpcPort}";

    public string Token(string municipality, string? committee, params string[] roles) =>
        ServiceDefaults.Auth.TokenIssuer.Mint(SigningKey, $"test:{string.Join('+', roles)}@{municipality}/{committee}", municipality, committee, roles);

    /// <summary>A client with no token attached: for access tests.</summary>
    public HttpClient AnonymousRest() => new() { BaseAddress = new Uri(GatewayRestAddress) };
    public GrpcChannel AnonymousGrpc() => GrpcChannel.ForAddress(GatewayGrpcAddress);

    public string Database(string service) => $"nf_e2e_{RunId}_{service}";

    private static readonly string[] Services = ["economy", "planning", "keyfigures"];

    public string ConnectionString(string service) => Postgres.ConnectionString(Database(service));

    public async Task InitializeAsync()
    {
        await Postgres.DropDatabasesAsync(Services.Select(Database));
        RabbitMq.AddVirtualHost(VirtualHost);

        var rabbit = RabbitMq.ConnectionString(VirtualHost);
        _processes.Start(SuiteService.Economy, ("Urls", $"http://localhost:{EconomyPort}"),
            ("ConnectionStrings__Economy", ConnectionString("economy")), ("ConnectionStrings__RabbitMq", rabbit));
        _processes.Start(SuiteService.Planning, ("Urls", $"http://localhost:{PlanningPort}"),
            ("ConnectionStrings__Planning", ConnectionString("planning")), ("ConnectionStrings__RabbitMq", rabbit),
            ("Services__economy", $"http://localhost:{EconomyPort}"));
        _processes.Start(SuiteService.KeyFigures, ("Urls", $"http://localhost:{KeyFiguresPort}"),
            ("ConnectionStrings__KeyFigures", ConnectionString("keyfigures")), ("ConnectionStrings__RabbitMq", rabbit),
            ("Services__economy", $"http://localhost:{EconomyPort}"));
        foreach (var port in new[] { EconomyPort, PlanningPort, KeyFiguresPort })
        {
            await _processes.WaitUntilReadyAsync(port);
        }

        // The gateway starts once its destinations answer, so its first active health probes succeed.
        _processes.Start(SuiteService.Gateway,
            ("Kestrel__Endpoints__Rest__Url", $"http://localhost:{GatewayRestPort}"),
            ("Kestrel__Endpoints__Grpc__Url", $"http://localhost:{GatewayGrpcPort}"),
            ("ConnectionStrings__RabbitMq", rabbit),
            ("ReverseProxy__Clusters__economy__Destinations__primary__Address", $"http://localhost:{EconomyPort}"),
            ("ReverseProxy__Clusters__planning__Destinations__primary__Address", $"http://localhost:{PlanningPort}"),
            ("ReverseProxy__Clusters__keyfigures__Destinations__primary__Address", $"http://localhost:{KeyFiguresPort}"));
        Rest = new HttpClient(new TrustedClientTokens(this) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = new Uri(GatewayRestAddress) };
        await _processes.WaitUntilReadyAsync(Rest, "/healthz/ready");
        _channel = GrpcChannel.ForAddress(GatewayGrpcAddress);
        Grpc = global::Grpc.Core.Interceptors.CallInvokerExtensions.Intercept(_channel.CreateCallInvoker(), new TrustedClientGrpcTokens(this));
        await TestActivities.RegisterAsync(Rest);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        Rest?.Dispose();
        await _processes.DisposeAsync();
        RabbitMq.Run($"delete_vhost {VirtualHost}", allowFailure: true);
        await Postgres.DropDatabasesAsync(Services.Select(Database));
    }

    /// <summary>Stops one process (as an outage would), for tests of what the others do without it.</summary>
    public Task StopAsync(string name) => _processes.StopAsync(name);

    /// <summary>Starts a stopped process again on its port and waits until it is ready.</summary>
    public async Task RestartAsync(string name)
    {
        var port = name switch { "economy" => EconomyPort, "planning" => PlanningPort, "keyfigures" => KeyFiguresPort, _ => throw new ArgumentException(name) };
        _processes.Restart(name);
        // Its queues survived it (durable); what arrived meanwhile is delivered once it is back.
        await _processes.WaitUntilReadyAsync(port);
    }
}

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<Suite>
{
    public const string Name = "suite";
}
