using System.Diagnostics;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// A PostgreSQL cluster of the harness's own: initdb in a temporary directory, its own port, started and stopped with
/// pg_ctl. The shared server on 5432 serves the other test runs all along and is never touched. As root the binaries
/// run as the postgres user (initdb refuses root); trust authentication, on 127.0.0.1 only.
/// </summary>
public sealed class OwnPostgres : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"nf-faults-pg-{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}");
    private readonly string _bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
        .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
        ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql (scripts/infra-up.sh installs them)");

    public int Port { get; } = Ports.Free();
    private string Data => Path.Combine(_directory, "data");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Maximum Pool Size=30";

    public async Task StartNewAsync()
    {
        Directory.CreateDirectory(_directory);
        await RunAsync("chown", ["postgres", _directory], asPostgres: false);
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        await StartAsync();
    }

    /// <summary>Starts the stopped cluster; returns when it accepts connections.</summary>
    public async Task StartAsync()
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "120",
            // Durability is not what is tested here, and fsync on shared disks would only slow the run.
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off", "start"]);
        // The harness's own pooled connections died with the server (the services' are theirs to recover).
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Stops it as an operator's restart or a failover does: sessions are ended at once (fast shutdown).</summary>
    public Task StopAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-m", "fast", "-w", "stop"]);

    private static async Task RunAsync(string program, string[] arguments, bool asPostgres = true)
    {
        var asRoot = Environment.UserName == "root";
        var start = asPostgres && asRoot
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
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
        try { await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-m", "immediate", "-w", "stop"]); }
        catch (InvalidOperationException) { /* not running */ }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
