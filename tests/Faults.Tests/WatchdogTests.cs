using System.Diagnostics;
using System.Globalization;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// watchdog.sh against stand-ins: a `sleep` as the harness, and `sleep`s as what it started. Outside the replicated
/// suite's collection, so these start none of it.
/// </summary>
public sealed class WatchdogTests
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "watchdog.sh");

    [Fact]
    public async Task A_harness_killed_outright_takes_every_process_it_marked_with_it_and_nothing_else()
    {
        using var harness = Sleep();
        var directory = Path.Combine(Path.GetTempPath(), $"nf-faults-{harness.Id}-{DateTime.UtcNow:HHmmss}");
        Directory.CreateDirectory(directory);
        using var watchdog = Process.Start(new ProcessStartInfo("setsid", ["sh", Script, harness.Id.ToString(CultureInfo.InvariantCulture), directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var marked = Sleep((Watchdog.Mark, directory));
        using var markedByAnother = Sleep((Watchdog.Mark, directory + "-another"));
        using var unmarked = Sleep();
        try
        {
            // Alive as long as the harness is.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(marked.HasExited);
            Assert.False(watchdog.HasExited);

            harness.Kill();
            await marked.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            await watchdog.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

            Assert.True(marked.HasExited);
            Assert.False(Directory.Exists(directory));
            Assert.False(unmarked.HasExited);
            Assert.False(markedByAnother.HasExited);
        }
        finally
        {
            foreach (var process in new[] { harness, watchdog, marked, markedByAnother, unmarked }.Where(p => !p.HasExited))
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Run_for_a_harness_already_gone_it_ends_its_processes_at_once()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"nf-faults-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        using var marked = Sleep((Watchdog.Mark, directory));
        var watch = Stopwatch.StartNew();
        using var cleanup = Process.Start(new ProcessStartInfo("sh", [Script, "-", directory]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await cleanup.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        try
        {
            await marked.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            Assert.Equal(0, cleanup.ExitCode);
            Assert.False(Directory.Exists(directory));
        }
        finally
        {
            if (!marked.HasExited) marked.Kill();
        }
    }

    private static Process Sleep(params (string Key, string Value)[] environment)
    {
        var start = new ProcessStartInfo("sleep", ["600"]);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return Process.Start(start)!;
    }
}
