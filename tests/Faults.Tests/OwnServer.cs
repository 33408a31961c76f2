using System.Diagnostics;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// A server process the harness owns (its PostgreSQL cluster, its RabbitMQ node): a directory of its own under the
/// harness's, its tools run as the server's system user when the harness is root (initdb refuses root; Debian runs the
/// broker as rabbitmq), and every process they start marked for the <see cref="Watchdog"/>, so it ends with the harness.
/// </summary>
public sealed class OwnServer(Watchdog watchdog, string name, string user)
{
    private static bool IsRoot => System.Environment.UserName == "root";

    public string Directory { get; } = Path.Combine(watchdog.Directory, name);

    /// <summary>Set for every tool and so for the server they start, besides the watchdog's mark.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Creates its directory (and the ones named in it), owned by the server's user.</summary>
    public async Task CreateDirectoriesAsync(params string[] subdirectories)
    {
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var subdirectory in subdirectories)
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, subdirectory));
        }
        if (IsRoot)
        {
            await RunAsync(new ProcessStartInfo("chown", ["-R", $"{user}:{user}", Directory]));
        }
    }

    /// <summary>One of the server's tools, as the server's user, from its directory; throws with its output when it fails.</summary>
    public Task RunAsync(string program, params string[] arguments)
    {
        var start = IsRoot ? new ProcessStartInfo("runuser", ["-u", user, "--", program, .. arguments]) : new ProcessStartInfo(program, arguments);
        start.WorkingDirectory = Directory;
        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }
        start.Environment[watchdog.MarkOf.Key] = watchdog.MarkOf.Value;
        return RunAsync(start);
    }

    private static async Task RunAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
