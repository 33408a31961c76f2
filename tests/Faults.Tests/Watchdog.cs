using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// The harness's directory (/tmp/nf-faults-&lt;its pid&gt;-&lt;time&gt;) and a watchdog (watchdog.sh) that ends every process
/// the harness started once the harness is gone, however it went. Its PostgreSQL and RabbitMQ are daemons their tools
/// detach, and its replicas are orphaned when it is killed: before, a killed run left them all running, holding ports,
/// memory and CPU on a machine shared with other runs. Every process the harness starts carries <see cref="Mark"/> in
/// its environment; the watchdog finds them by it, never by name. The watchdog runs in a session of its own, so a
/// signal to the test run's process group (Ctrl-C) does not end it with the harness.
/// </summary>
public sealed partial class Watchdog : IAsyncDisposable
{
    public const string Mark = "NF_FAULTS_HARNESS";
    private const string Prefix = "nf-faults-";
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "watchdog.sh");

    private readonly Process _watchdog;

    /// <summary>Where the harness's servers keep their data and logs; removed with them.</summary>
    public string Directory { get; }

    private Watchdog(string directory, Process watchdog)
    {
        Directory = directory;
        _watchdog = watchdog;
    }

    /// <summary>Ends what an earlier harness left behind (its watchdog died with it too), then starts this one's.</summary>
    public static async Task<Watchdog> StartAsync()
    {
        await EndLeftoversAsync();
        var directory = Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}");
        System.IO.Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("setsid", ["sh", Script, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), directory])
        {
            // Not this run's output: a pipe the watchdog held open would keep the test runner waiting for its end.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return new Watchdog(directory, Process.Start(start)!);
    }

    /// <summary>Marks a process the harness starts, so the watchdog will end it.</summary>
    public KeyValuePair<string, string> MarkOf => new(Mark, Directory);

    /// <summary>Directories of harnesses whose process is gone: what is still marked with them is ended, then they are removed.</summary>
    private static async Task EndLeftoversAsync()
    {
        foreach (var directory in System.IO.Directory.GetDirectories(Path.GetTempPath(), $"{Prefix}*"))
        {
            if (HarnessDirectory().Match(Path.GetFileName(directory)) is { Success: true } match
                && !File.Exists($"/proc/{match.Groups[1].Value}/stat"))
            {
                await EndNowAsync(directory);
            }
        }
    }

    private static async Task EndNowAsync(string directory)
    {
        using var cleanup = Process.Start(new ProcessStartInfo("sh", [Script, "-", directory]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await cleanup.WaitForExitAsync();
    }

    /// <summary>After the servers' own orderly stops: ends whatever of them is still running and removes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_watchdog.HasExited)
        {
            _watchdog.Kill();
        }
        await _watchdog.WaitForExitAsync();
        _watchdog.Dispose();
        await EndNowAsync(Directory);
    }

    [GeneratedRegex(@"^nf-faults-(\d+)-\d{6}$")]
    private static partial Regex HarnessDirectory();
}
