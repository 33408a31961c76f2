using System.Diagnostics;

namespace NamndFollowUp.Benchmarks.Export;

/// <summary>Resident memory of a process over a stretch of the run, in MiB.</summary>
public sealed record Rss(double StartMiB, double PeakMiB, double EndMiB);

/// <summary>Samples VmRSS of the named processes from /proc/&lt;pid&gt;/status at a fixed interval for the whole run.</summary>
public sealed class RssSampler : IDisposable
{
    private readonly Dictionary<string, int> _processes;
    private readonly List<(TimeSpan At, Dictionary<string, double> MiB)> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RssSampler(Dictionary<string, int> processes, TimeSpan interval)
    {
        _processes = processes;
        Sample();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Sample();
            }
        });
    }

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Per process: the last sample before <paramref name="from"/>, the highest in between, the last one up to <paramref name="to"/>.</summary>
    public Dictionary<string, Rss> Window(TimeSpan from, TimeSpan to)
    {
        lock (_samples)
        {
            var before = _samples.LastOrDefault(s => s.At <= from);
            var within = _samples.Where(s => s.At > from && s.At <= to).ToList();
            var first = before.MiB ?? within.First().MiB;
            var last = within.Count > 0 ? within[^1].MiB : first;
            return _processes.Keys.ToDictionary(name => name, name => new Rss(first[name],
                within.Select(s => s.MiB[name]).Append(first[name]).Max(), last[name]));
        }
    }

    private void Sample()
    {
        var sample = _processes.ToDictionary(p => p.Key, p => VmRssMiB(p.Value));
        lock (_samples)
        {
            _samples.Add((_clock.Elapsed, sample));
        }
    }

    private static double VmRssMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        return double.NaN;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
