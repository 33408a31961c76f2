using System.Net;

namespace NamndFollowUp.TestSupport;

/// <summary>
/// The services a test run or benchmark starts, from one build configuration, each logging to
/// <see cref="LogDirectory"/>/&lt;name&gt;.log. Disposing kills them all, with every process they started.
/// </summary>
public sealed class ServiceProcesses(string configuration, string logDirectory) : IAsyncDisposable
{
    private readonly List<ServiceProcess> _processes = [];

    public string Configuration => configuration;
    public string LogDirectory => logDirectory;

    /// <summary>Append to an existing log (a restarted process, an earlier run) instead of starting it afresh.</summary>
    public bool AppendLogs { get; init; }

    /// <summary>Set for every process, before its own variables (which win).</summary>
    public Dictionary<string, string> Environment { get; init; } = [];

    /// <summary>The running process of that name (the last started).</summary>
    public ServiceProcess this[string name] => _processes.Last(p => p.Name == name);

    public ServiceProcess Start(SuiteService service, params (string Key, string Value)[] environment)
    {
        Directory.CreateDirectory(logDirectory);
        var process = ServiceProcess.Start(service, configuration, Path.Combine(logDirectory, $"{service.Name}.log"), AppendLogs,
            [.. Environment.Select(e => (e.Key, e.Value)), .. environment]);
        _processes.Add(process);
        return process;
    }

    /// <summary>Stops one process (as an outage would); it stays stopped until <see cref="Restart"/>.</summary>
    public Task StopAsync(string name) => _processes.Single(p => p.Name == name && !p.HasExited).StopAsync();

    /// <summary>Starts a stopped process again, as it was started before (same port, same settings).</summary>
    public ServiceProcess Restart(string name)
    {
        var stopped = _processes.Last(p => p.Name == name && p.HasExited);
        _processes.RemoveAll(p => p.Name == name && p.HasExited);
        var process = ServiceProcess.Start(stopped.Service, configuration, stopped.LogPath, AppendLogs, stopped.Environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>Waits until a service's gRPC port (HTTP/2 without TLS) answers its readiness check.</summary>
    public async Task WaitUntilReadyAsync(int port, TimeSpan? timeout = null)
    {
        using var h2c = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        await WaitUntilReadyAsync(h2c, $"http://localhost:{port}/healthz/ready", timeout);
    }

    /// <summary>
    /// Polls <paramref name="url"/> every 250 ms until it answers with success (90 s unless told), and gives up at
    /// once when one of the processes has exited (a start-up failure: its log says why).
    /// </summary>
    public async Task WaitUntilReadyAsync(HttpClient client, string url, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (_processes.FirstOrDefault(p => p.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"{exited.Name} exited with {exited.ExitCode}; see {exited.LogPath}");
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
        throw new TimeoutException($"{url} did not become ready; logs in {logDirectory}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        _processes.Clear();
    }
}
