using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Npgsql;

namespace NamndFollowUp.Benchmarks.Gateway;

/// <summary>
/// The economy service and the gateway as separate processes on free ports, built in this project's
/// configuration, against a fresh database and RabbitMQ virtual host (the e2e Suite's start logic, trimmed to
/// what one economy call needs). Needs the PostgreSQL and RabbitMQ that scripts/infra-up.sh starts;
/// NF_TEST_PG overrides the admin connection string (a role with CREATEDB).
/// </summary>
public sealed class SuiteProcesses : IAsyncDisposable
{
    private readonly string _runId = $"{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}";
    private readonly List<(string Name, Process Process)> _processes = [];
    private string? _virtualHost;

    public string PostgresAdmin { get; } = Environment.GetEnvironmentVariable("NF_TEST_PG")
        ?? "Host=localhost;Port=5432;Database=postgres;Username=namnd;Password=namnd";

    public string SigningKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
    public int EconomyPort { get; } = FreePort();
    public int GatewayRestPort { get; } = FreePort();
    public int GatewayGrpcPort { get; } = FreePort();
    public string LogDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "bench-logs");

    /// <summary>CPU time used so far by the economy service and the gateway (Linux reads it from /proc).</summary>
    public (TimeSpan Economy, TimeSpan Gateway) CpuTime()
    {
        TimeSpan Of(string name)
        {
            var process = _processes.First(p => p.Name == name).Process;
            process.Refresh();
            return process.TotalProcessorTime;
        }
        return (Of("economy"), Of("gateway"));
    }

    /// <summary>The operating system's id of a started process ("economy", "gateway"), e.g. to read /proc/&lt;pid&gt;/status.</summary>
    public int ProcessId(string name) => _processes.First(p => p.Name == name).Process.Id;

    private string Database => $"nf_bench_{_runId}_economy";

    // Pooled, as in production: unpooled, every call of the service opened a connection (TLS and SCRAM's
    // PBKDF2 included), which cost the service ~6 ms of CPU a call and was what this benchmark measured.
    public string EconomyConnectionString =>
        new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = Database }.ConnectionString;

    public async Task StartAsync()
    {
        Directory.CreateDirectory(LogDirectory);
        await DropDatabaseAsync();
        var rabbitHost = Environment.GetEnvironmentVariable("NF_TEST_RABBITMQ_HOST") ?? "localhost";
        // A virtual host of its own when rabbitmqctl is at hand (as in the e2e tests), else the default one.
        _virtualHost = RabbitMqCtl($"add_vhost nf-bench-{_runId}") && RabbitMqCtl($"set_permissions -p nf-bench-{_runId} guest .* .* .*")
            ? $"nf-bench-{_runId}" : null;
        var rabbit = $"amqp://guest:guest@{rabbitHost}:5672/{_virtualHost ?? ""}";

        Start("economy", "services/economy", "NamndFollowUp.Economy.dll",
            ("Urls", $"http://localhost:{EconomyPort}"),
            ("ConnectionStrings__Economy", EconomyConnectionString),
            ("ConnectionStrings__RabbitMq", rabbit));
        using var h2c = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        await WaitUntilReady(h2c, $"http://localhost:{EconomyPort}/healthz/ready");

        // planning and keyfigures are not started: the measured call is economy's, and their clusters'
        // health checks simply mark them down.
        Start("gateway", "gateway", "NamndFollowUp.Gateway.dll",
            ("Kestrel__Endpoints__Rest__Url", $"http://localhost:{GatewayRestPort}"),
            ("Kestrel__Endpoints__Grpc__Url", $"http://localhost:{GatewayGrpcPort}"),
            ("ReverseProxy__Clusters__economy__Destinations__primary__Address", $"http://localhost:{EconomyPort}"),
            // The run's load comes from one identity; the per-caller limit would measure itself, not the proxy.
            ("RateLimiting__PermitsPerSecond", "10000000"),
            ("RateLimiting__Burst", "10000000"));
        using var http = new HttpClient();
        await WaitUntilReady(http, $"http://localhost:{GatewayRestPort}/healthz/ready");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process) in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        if (_virtualHost is not null)
        {
            RabbitMqCtl($"delete_vhost {_virtualHost}");
        }
        await DropDatabaseAsync();
    }

    private async Task DropDatabaseAsync()
    {
        await using var admin = new NpgsqlConnection(PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private void Start(string name, string projectDirectory, string assembly, params (string Key, string Value)[] environment)
    {
        var output = Path.Combine(RepositoryRoot, projectDirectory, "bin", Configuration, "net10.0");
        var dll = Path.Combine(output, assembly);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build with `dotnet build -c {Configuration}` first");
        }
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // As deployed: Production settings (no detailed errors, no development logging).
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Auth__SigningKey"] = SigningKey;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(LogDirectory, $"{name}.log")) { AutoFlush = true };
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

    private static bool RabbitMqCtl(string arguments)
    {
        var ctl = File.Exists("/usr/sbin/rabbitmqctl") ? "/usr/sbin/rabbitmqctl" : "rabbitmqctl";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(ctl, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public static string Configuration =>
        typeof(SuiteProcesses).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

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
