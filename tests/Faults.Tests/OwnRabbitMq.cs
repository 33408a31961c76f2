using System.Diagnostics;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// A RabbitMQ node of the harness's own: its own node name, AMQP and distribution ports, database and logs in a temporary
/// directory, no plugins (so no management port to collide on). Only this node is stopped and started by the outage;
/// the shared node on 5672 keeps serving the other runs. As root, the node runs as the rabbitmq user, as Debian's
/// wrapper would run it.
/// </summary>
public sealed class OwnRabbitMq : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"nf-faults-rmq-{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}");
    private readonly string _node = $"nf-faults-{Environment.ProcessId}@localhost";

    public int Port { get; } = Ports.Free();
    private int DistributionPort { get; } = Ports.Free();

    public string ConnectionString => $"amqp://guest:guest@localhost:{Port}/";

    public async Task StartAsync()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(_directory, "log"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "enabled_plugins"), "[].");
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "rabbitmq:rabbitmq", _directory], asRabbit: false);
        }
        await RunAsync("/usr/lib/rabbitmq/bin/rabbitmq-server", ["-detached"]);
        await AwaitStartupAsync();
    }

    /// <summary>The broker away: the node stops its application (every connection is closed, no listener) and stays so.</summary>
    public Task StopAppAsync() => RunAsync("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", _node, "stop_app"]);

    /// <summary>The broker back; returns when it accepts connections again.</summary>
    public async Task StartAppAsync()
    {
        await RunAsync("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", _node, "start_app"]);
        await AwaitStartupAsync();
    }

    /// <summary>Polls the AMQP port every 50 ms; returns when the first connection is accepted.</summary>
    public async Task<DateTimeOffset> AcceptingAsync()
    {
        while (true)
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try
            {
                await probe.ConnectAsync("127.0.0.1", Port);
                return DateTimeOffset.UtcNow;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }
    }

    private async Task AwaitStartupAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                await RunAsync("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", _node, "-q", "await_startup"]);
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                // Fails at once while the node still boots.
                await Task.Delay(500);
            }
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private async Task RunAsync(string program, string[] arguments, bool asRabbit = true)
    {
        ProcessStartInfo start;
        if (asRabbit && IsRoot)
        {
            start = new ProcessStartInfo("runuser", ["-u", "rabbitmq", "--", program, .. arguments]);
        }
        else
        {
            start = new ProcessStartInfo(program, arguments);
        }
        start.WorkingDirectory = IsRoot ? "/var/lib/rabbitmq" : _directory;
        // HOME holds the Erlang cookie rabbitmqctl needs to reach the node.
        start.Environment["HOME"] = IsRoot ? "/var/lib/rabbitmq" : Environment.GetEnvironmentVariable("HOME") ?? _directory;
        start.Environment["RABBITMQ_NODENAME"] = _node;
        start.Environment["RABBITMQ_NODE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins");
        start.Environment["RABBITMQ_PID_FILE"] = Path.Combine(_directory, "pid");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // This node only, by its name.
        try { await RunAsync("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", _node, "shutdown"]); }
        catch (InvalidOperationException) { }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
