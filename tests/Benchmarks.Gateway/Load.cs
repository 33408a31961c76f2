using System.Diagnostics;

namespace NamndFollowUp.Benchmarks.Gateway;

/// <summary>
/// What one scenario did: completed calls per second, the latency of each call, and the CPU time each process
/// (client, economy, gateway) used per second of it.
/// </summary>
public sealed record Measurement(string Scenario, int Workers, TimeSpan Duration, long Requests, long Errors, double P50Ms, double P99Ms,
    double[] CpuMsPerSecond)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;
}

/// <summary>
/// Closed-loop load: N workers each send the next call as soon as the previous one answered, for a fixed time,
/// after a warm-up whose calls are not counted (JIT, connection pools, database plans).
/// </summary>
public static class Load
{
    /// <summary>
    /// Two scenarios in alternating slices (A, B, A, B, …) until each has run <paramref name="duration"/>: on a
    /// shared machine whatever else runs then weighs on both alike, instead of on whichever ran second.
    /// </summary>
    public static async Task<(Measurement A, Measurement B)> RunAlternatingAsync(
        (string Scenario, Func<Task> Call) a, (string Scenario, Func<Task> Call) b, int workers, TimeSpan warmup, TimeSpan duration, TimeSpan slice,
        Func<TimeSpan[]> cpu)
    {
        await RunWorkersAsync(a.Call, workers, warmup, record: false);
        await RunWorkersAsync(b.Call, workers, warmup, record: false);
        var totals = new[] { new Totals(), new Totals() };
        var calls = new[] { a.Call, b.Call };
        while (totals[1].Elapsed < duration)
        {
            for (var i = 0; i < 2; i++)
            {
                var cpuBefore = cpu();
                var (latencies, errors, elapsed) = await RunWorkersAsync(calls[i], workers, slice, record: true);
                var cpuAfter = cpu();
                totals[i].Cpu ??= new TimeSpan[cpuAfter.Length];
                for (var p = 0; p < cpuAfter.Length; p++)
                {
                    totals[i].Cpu![p] += cpuAfter[p] - cpuBefore[p];
                }
                totals[i].Latencies.AddRange(latencies);
                totals[i].Errors += errors;
                totals[i].Elapsed += elapsed;
            }
        }
        return (Summarize(a.Scenario, workers, totals[0]), Summarize(b.Scenario, workers, totals[1]));
    }

    public static Task WarmAsync(Func<Task> call, int workers, TimeSpan duration) => RunWorkersAsync(call, workers, duration, record: false);

    private sealed class Totals
    {
        public List<double> Latencies { get; } = [];
        public long Errors { get; set; }
        public TimeSpan Elapsed { get; set; }
        public TimeSpan[]? Cpu { get; set; }
    }

    private static Measurement Summarize(string scenario, int workers, Totals run)
    {
        run.Latencies.Sort();
        var perSecond = (run.Cpu ?? []).Select(t => t.TotalMilliseconds / run.Elapsed.TotalSeconds).ToArray();
        return new Measurement(scenario, workers, run.Elapsed, run.Latencies.Count, run.Errors, Percentile(run.Latencies, 0.50), Percentile(run.Latencies, 0.99), perSecond);
    }

    private static async Task<(List<double> Latencies, long Errors, TimeSpan Elapsed)> RunWorkersAsync(
        Func<Task> call, int workers, TimeSpan duration, bool record)
    {
        var clock = Stopwatch.StartNew();
        long errors = 0;
        var perWorker = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>(capacity: 100_000);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call();
                    if (record)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
                catch (Exception) when (record)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            return latencies;
        })));
        var elapsed = clock.Elapsed;
        return (perWorker.SelectMany(l => l).ToList(), errors, elapsed);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
