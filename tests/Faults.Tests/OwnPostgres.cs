namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// A PostgreSQL cluster of the harness's own: initdb in its directory, its own port, started and stopped with pg_ctl.
/// The shared server on 5432 serves the other test runs all along and is never touched. Trust authentication, on
/// 127.0.0.1 only.
/// </summary>
public sealed class OwnPostgres(Watchdog watchdog)
{
    private readonly OwnServer _server = new(watchdog, "postgres", "postgres");
    private readonly string _bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
        .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
        ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql (scripts/infra-up.sh installs them)");

    public int Port { get; } = Ports.Free();
    private string Data => Path.Combine(_server.Directory, "data");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Maximum Pool Size=30";

    public async Task StartNewAsync()
    {
        await _server.CreateDirectoriesAsync();
        await _server.RunAsync(Path.Combine(_bin, "initdb"), "-D", Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        await StartAsync();
    }

    /// <summary>Starts the stopped cluster; returns when it accepts connections.</summary>
    public async Task StartAsync()
    {
        await _server.RunAsync(Path.Combine(_bin, "pg_ctl"), "-D", Data, "-l", Path.Combine(_server.Directory, "server.log"), "-w", "-t", "120",
            // Durability is not what is tested here, and fsync on shared disks would only slow the run.
            "-o", $"-p {Port} -k {_server.Directory} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off", "start");
        // The harness's own pooled connections died with the server (the services' are theirs to recover).
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Stops it as an operator's restart or a failover does: sessions are ended at once (fast shutdown).</summary>
    public Task StopAsync() => _server.RunAsync(Path.Combine(_bin, "pg_ctl"), "-D", Data, "-m", "fast", "-w", "stop");

    /// <summary>The orderly end of a run; what does not stop here the watchdog ends.</summary>
    public async Task ShutDownAsync()
    {
        try { await _server.RunAsync(Path.Combine(_bin, "pg_ctl"), "-D", Data, "-m", "immediate", "-w", "stop"); }
        catch (InvalidOperationException) { /* not running */ }
    }
}
