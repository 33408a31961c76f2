using System.Diagnostics;

namespace NamndFollowUp.TestSupport;

/// <summary>One service running as `dotnet &lt;its dll&gt;` from its build output, its stdout and stderr written to a log file.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServiceProcess(SuiteService service, Process process, StreamWriter log, string logPath, IReadOnlyList<(string Key, string Value)> environment)
    {
        Service = service;
        _process = process;
        _log = log;
        LogPath = logPath;
        Environment = environment;
    }

    public SuiteService Service { get; }
    public string Name => Service.Name;
    public string LogPath { get; }

    /// <summary>What it was started with, so it can be started again the same way.</summary>
    public IReadOnlyList<(string Key, string Value)> Environment { get; }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>CPU time used so far (on Linux read from /proc).</summary>
    public TimeSpan TotalProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts the service's <paramref name="configuration"/> build with <paramref name="environment"/> (later entries win)
    /// on top of this process's own environment, which it inherits.
    /// </summary>
    public static ServiceProcess Start(SuiteService service, string configuration, string logPath, bool appendLog,
        IReadOnlyList<(string Key, string Value)> environment)
    {
        var output = service.OutputDirectory(configuration);
        var dll = Path.Combine(output, service.Assembly);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build it first (dotnet build NamndFollowUp.sln -c {configuration})");
        }
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        var log = new StreamWriter(logPath, appendLog) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(service, process, log, logPath, environment);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>Kills it with every process it started (as an outage would) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        // Also waits for the end of its output, so the log is complete before it is closed.
        await _process.WaitForExitAsync();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
