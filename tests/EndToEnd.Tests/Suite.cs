using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Grpc.Net.Client;
using Npgsql;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// The whole suite as separate processes on free ports, with fresh databases and a fresh RabbitMQ virtual
/// host, against the PostgreSQL and RabbitMQ that scripts/infra-up.sh started. Overrides:
/// NF_TEST_PG (admin connection string of a role with CREATEDB), NF_TEST_RABBITMQ_HOST.
/// </summary>
public sealed class Suite : IAsyncLifetime
{
    // Unique per run, so two runs on one machine (two developers' test runs, CI) never share state.
    private static readonly string RunId = $"{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}";
    public static readonly string VirtualHost = $"nf-e2e-{RunId}";
    private readonly List<(string Name, Process Process)> _processes = [];
    private readonly Dictionary<string, Action> _starters = [];

    public static string RepositoryRoot { get; } = FindRepositoryRoot();
    public static string LogDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "suite-logs");

    public string PostgresAdmin { get; } = Environment.GetEnvironmentVariable("NF_TEST_PG")
        ?? "Host=localhost;Port=5432;Database=postgres;Username=namnd;Password=namnd";

    public int EconomyPort { get; } = FreePort();
    public int PlanningPort { get; } = FreePort();
    public int KeyFiguresPort { get; } = FreePort();
    public int GatewayRestPort { get; } = FreePort();
    public int GatewayGrpcPort { get; } = FreePort();

    /// <summary>The key the four processes validate tokens with; tests mint their own.</summary>
    public string SigningKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

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

    public string ConnectionString(string service) =>
        new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = Database(service) }.ConnectionString;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(LogDirectory);
        await DropDatabasesAsync();
        RabbitMq.Run($"add_vhost {VirtualHost}");
        RabbitMq.Run($"set_permissions -p {VirtualHost} guest .* .* .*");

        var rabbit = $"amqp://guest:guest@{RabbitMq.Host}:5672/{VirtualHost}";
        Start("economy", "services/economy", "NamndFollowUp.Economy.dll", EconomyPort,
            ("ConnectionStrings__Economy", ConnectionString("economy")), ("ConnectionStrings__RabbitMq", rabbit));
        Start("planning", "services/planning", "NamndFollowUp.Planning.dll", PlanningPort,
            ("ConnectionStrings__Planning", ConnectionString("planning")), ("ConnectionStrings__RabbitMq", rabbit),
            ("Services__economy", $"http://localhost:{EconomyPort}"));
        Start("keyfigures", "services/keyfigures", "NamndFollowUp.KeyFigures.dll", KeyFiguresPort,
            ("ConnectionStrings__KeyFigures", ConnectionString("keyfigures")), ("ConnectionStrings__RabbitMq", rabbit));

        using var h2c = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        foreach (var port in new[] { EconomyPort, PlanningPort, KeyFiguresPort })
        {
            await WaitUntilReady(h2c, $"http://localhost:{port}/healthz/ready");
        }

        // The gateway starts once its destinations answer, so its first active health probes succeed.
        Start("gateway", "gateway", "NamndFollowUp.Gateway.dll", null,
            ("Kestrel__Endpoints__Rest__Url", $"http://localhost:{GatewayRestPort}"),
            ("Kestrel__Endpoints__Grpc__Url", $"http://localhost:{GatewayGrpcPort}"),
            ("ConnectionStrings__RabbitMq", rabbit),
            ("ReverseProxy__Clusters__economy__Destinations__primary__Address", $"http://localhost:{EconomyPort}"),
            ("ReverseProxy__Clusters__planning__Destinations__primary__Address", $"http://localhost:{PlanningPort}"),
            ("ReverseProxy__Clusters__keyfigures__Destinations__primary__Address", $"http://localhost:{KeyFiguresPort}"));
        Rest = new HttpClient(new TrustedClientTokens(this) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = new Uri(GatewayRestAddress) };
        await WaitUntilReady(Rest, "/healthz/ready");
        _channel = GrpcChannel.ForAddress(GatewayGrpcAddress);
        Grpc = global::Grpc.Core.Interceptors.CallInvokerExtensions.Intercept(_channel.CreateCallInvoker(), new TrustedClientGrpcTokens(this));
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        Rest?.Dispose();
        foreach (var (_, process) in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        RabbitMq.Run("start_app", allowFailure: true);
        RabbitMq.Run($"delete_vhost {VirtualHost}", allowFailure: true);
        await DropDatabasesAsync();
    }

    private async Task DropDatabasesAsync()
    {
        await using var admin = new NpgsqlConnection(PostgresAdmin);
        await admin.OpenAsync();
        foreach (var service in Services)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database(service)} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Stops one process (as an outage would), for tests of what the others do without it.</summary>
    public async Task StopAsync(string name)
    {
        var (_, process) = _processes.Single(p => p.Name == name && !p.Process.HasExited);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Starts a stopped process again on its port and waits until it is ready.</summary>
    public async Task RestartAsync(string name)
    {
        _processes.RemoveAll(p => p.Name == name && p.Process.HasExited);
        _starters[name]();
        var port = name switch { "economy" => EconomyPort, "planning" => PlanningPort, "keyfigures" => KeyFiguresPort, _ => throw new ArgumentException(name) };
        // Its queues survived it (durable); what arrived meanwhile is delivered once it is back.
        using var h2c = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        await WaitUntilReady(h2c, $"http://localhost:{port}/healthz/ready");
    }

    private void Start(string name, string projectDirectory, string assembly, int? port, params (string Key, string Value)[] environment)
    {
        _starters[name] = () => StartProcess(name, projectDirectory, assembly, port, environment);
        _starters[name]();
    }

    private void StartProcess(string name, string projectDirectory, string assembly, int? port, (string Key, string Value)[] environment)
    {
        var output = Path.Combine(RepositoryRoot, projectDirectory, "bin", Configuration, "net10.0");
        var dll = Path.Combine(output, assembly);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build the solution first (dotnet build NamndFollowUp.sln)");
        }
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Auth__SigningKey"] = SigningKey;
        // Functional tests run many requests from one identity; the limit itself is tested separately.
        start.Environment["RateLimiting__PermitsPerSecond"] = "100000";
        start.Environment["RateLimiting__Burst"] = "100000";
        start.Environment["Outbox__PollInterval"] = "00:00:00.500";
        if (port is not null)
        {
            start.Environment["Urls"] = $"http://localhost:{port}";
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(LogDirectory, $"{name}.log"), append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((name, process));
    }

    private async Task WaitUntilReady(HttpClient client, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var exited = _processes.FirstOrDefault(p => p.Process.HasExited);
            if (exited.Process is not null)
            {
                throw new InvalidOperationException($"{exited.Name} exited with {exited.Process.ExitCode}; see {LogDirectory}/{exited.Name}.log");
            }
            try
            {
                if ((await client.GetAsync(url)).IsSuccessStatusCode)
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
        throw new TimeoutException($"{url} did not become ready; logs in {LogDirectory}");
    }

    private static string Configuration =>
        typeof(Suite).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NamndFollowUp.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("NamndFollowUp.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The local RabbitMQ node, controlled with rabbitmqctl (the tests run where infra-up.sh ran).</summary>
public static class RabbitMq
{
    public static string Host => Environment.GetEnvironmentVariable("NF_TEST_RABBITMQ_HOST") ?? "localhost";

    public static void Run(string arguments, bool allowFailure = false)
    {
        var ctl = File.Exists("/usr/sbin/rabbitmqctl") ? "/usr/sbin/rabbitmqctl" : "rabbitmqctl";
        using var process = Process.Start(new ProcessStartInfo(ctl, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"rabbitmqctl {arguments} failed ({process.ExitCode}): {stderr.Result}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<Suite>
{
    public const string Name = "suite";
}
