using System.Globalization;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// A RabbitMQ node of the harness's own: its own node name, AMQP and distribution ports, database and logs in its
/// directory, no plugins (so no management port to collide on). Only this node is stopped and started by the outage;
/// the shared node on 5672 keeps serving the other runs.
/// </summary>
public sealed class OwnRabbitMq
{
    private const string Ctl = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    private readonly OwnServer _server;
    private readonly string _node = $"nf-faults-{Environment.ProcessId}@localhost";

    public OwnRabbitMq(Watchdog watchdog)
    {
        _server = new OwnServer(watchdog, "rabbitmq", "rabbitmq");
        var root = Environment.UserName == "root";
        _server.Environment["RABBITMQ_NODENAME"] = _node;
        _server.Environment["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
        _server.Environment["RABBITMQ_DIST_PORT"] = Ports.Free().ToString(CultureInfo.InvariantCulture);
        _server.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_server.Directory, "mnesia");
        _server.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_server.Directory, "log");
        _server.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_server.Directory, "enabled_plugins");
        _server.Environment["RABBITMQ_PID_FILE"] = Path.Combine(_server.Directory, "pid");
        // HOME holds the Erlang cookie rabbitmqctl needs to reach the node (as root: the rabbitmq user's, Debian's).
        _server.Environment["HOME"] = root ? "/var/lib/rabbitmq" : Environment.GetEnvironmentVariable("HOME") ?? _server.Directory;
    }

    public int Port { get; } = Ports.Free();

    public string ConnectionString => $"amqp://guest:guest@localhost:{Port}/";

    public async Task StartAsync()
    {
        await _server.CreateDirectoriesAsync("mnesia", "log");
        await File.WriteAllTextAsync(Path.Combine(_server.Directory, "enabled_plugins"), "[].");
        await _server.RunAsync("/usr/lib/rabbitmq/bin/rabbitmq-server", "-detached");
        await AwaitStartupAsync();
    }

    /// <summary>The broker away: the node stops its application (every connection is closed, no listener) and stays so.</summary>
    public Task StopAppAsync() => _server.RunAsync(Ctl, "-n", _node, "stop_app");

    /// <summary>The broker back; returns when it accepts connections again.</summary>
    public async Task StartAppAsync()
    {
        await _server.RunAsync(Ctl, "-n", _node, "start_app");
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

    /// <summary>
    /// Polls the AMQP port every 50 ms; returns when a connection is first refused (the listener closed) or not accepted
    /// within a second. A stopping node may keep its socket listening without accepting: the kernel then queues
    /// connections until the backlog is full, and a connect after that waits, unanswered, until the socket closes.
    /// </summary>
    public async Task<DateTimeOffset> RefusingAsync()
    {
        while (true)
        {
            using var probe = new System.Net.Sockets.TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await probe.ConnectAsync("127.0.0.1", Port, timeout.Token);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
            {
                return DateTimeOffset.UtcNow;
            }
            await Task.Delay(50);
        }
    }

    private async Task AwaitStartupAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                await _server.RunAsync(Ctl, "-n", _node, "-q", "await_startup");
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                // Fails at once while the node still boots.
                await Task.Delay(500);
            }
        }
    }

    /// <summary>The orderly end of a run, this node only, by its name; what does not stop here the watchdog ends.</summary>
    public async Task ShutDownAsync()
    {
        try { await _server.RunAsync(Ctl, "-n", _node, "shutdown"); }
        catch (InvalidOperationException) { }
    }
}
