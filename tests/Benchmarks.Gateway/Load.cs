using System.Diagnostics;

namespace NamndFollowUp.Benchmarks.Gateway;

/// <summary>What one scenario did: completed calls per second and the latency of each call.</summary>
public sealed record Measurement(string Scenario, int Workers, TimeSpan Duration, long Requests, long Errors, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;
}

/// <summary>
/// Closed-loop load: N workers each send the next call as soon as the previous one answered, for a fixed time,
/// after a warm-up whose calls are not counted (JIT, connection pools, database plans).
/// </summary>
public static class Load
{
    public static async Task<Measurement> RunAsync(string scenario, Func<Task> call, int workers, TimeSpan warmup, TimeSpan duration)
    {
        await RunWorkersAsync(call, workers, warmup, record: false);
        var (latencies, errors, elapsed) = await RunWorkersAsync(call, workers, duration, record: true);
        latencies.Sort();
        return new Measurement(scenario, workers, elapsed, latencies.Count, errors, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
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
