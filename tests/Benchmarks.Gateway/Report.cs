using System.Globalization;
using System.Text;
using NamndFollowUp.TestSupport;

namespace NamndFollowUp.Benchmarks.Gateway;

/// <summary>
/// Writes the run's figures and the machine into the results section of docs/benchmarks-gateway.md, between
/// the markers, keeping the hand-written analysis around them.
/// </summary>
public static class Report
{
    private const string Start = "<!-- results:start (written by tests/Benchmarks.Gateway) -->";
    private const string End = "<!-- results:end -->";
    private const double ThroughputTarget = 0.6;
    private const double AddedP50TargetMs = 0.5;

    public static async Task WriteAsync(Options options, IReadOnlyList<Measurement> results, string loadBefore)
    {
        var text = new StringBuilder();
        text.AppendLine(Start);
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, `{SuiteProcesses.Configuration}` build, "
            + $"{options.Warmup.TotalSeconds:0} s warm-up, then {options.Duration.TotalSeconds:0} s per scenario, direct and gateway "
            + $"alternating in {options.Slice.TotalSeconds:0.#} s slices.");
        text.AppendLine();
        text.AppendLine("Machine:");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(Machine.Summary(loadBefore));
        text.AppendLine(CultureInfo.InvariantCulture, $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("| scenario | workers | requests/s | p50 ms | p99 ms | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Workers} | {r.RequestsPerSecond:0} | {r.P50Ms:0.000} | {r.P99Ms:0.000} | {r.Errors} |");
        }
        text.AppendLine();
        text.AppendLine("| protocol | workers | gateway / direct throughput (target ≥ 0.6) | added p50 ms (target < 0.5) | added p99 ms |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => (Protocol: r.Scenario.Split(' ')[0], r.Workers)))
        {
            var directRun = group.First(r => r.Scenario.Contains("direct", StringComparison.Ordinal));
            var gatewayRun = group.First(r => r.Scenario.Contains("gateway", StringComparison.Ordinal));
            var ratio = gatewayRun.RequestsPerSecond / directRun.RequestsPerSecond;
            var addedP50 = gatewayRun.P50Ms - directRun.P50Ms;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Protocol} | {group.Key.Workers} | {ratio:0.00} {(ratio >= ThroughputTarget ? "met" : "**missed**")} "
                + $"| {addedP50:0.000} {(addedP50 < AddedP50TargetMs ? "met" : "**missed**")} | {gatewayRun.P99Ms - directRun.P99Ms:0.000} |");
        }
        text.AppendLine();
        // The gateway also runs (health probes, timers) while the direct scenario runs; what it uses beyond that,
        // per call through it, is what it costs. The slices alternate, so both rates saw the same background.
        text.AppendLine("CPU time each process used per second of each scenario (ms/s; PostgreSQL not counted), and what a call "
            + "through the gateway costs the gateway: (its CPU/s through it − its CPU/s while idle beside the direct run) / calls per second:");
        text.AppendLine();
        text.AppendLine("| scenario | workers | client | economy | gateway | gateway CPU per call (ms) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => (Protocol: r.Scenario.Split(' ')[0], r.Workers)))
        {
            var directRun = group.First(r => r.Scenario.Contains("direct", StringComparison.Ordinal));
            foreach (var r in group)
            {
                var perCall = r == directRun ? "" : ((r.CpuMsPerSecond[2] - directRun.CpuMsPerSecond[2]) / r.RequestsPerSecond).ToString("0.000", CultureInfo.InvariantCulture);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Scenario} | {r.Workers} | {r.CpuMsPerSecond[0]:0} | {r.CpuMsPerSecond[1]:0} | {r.CpuMsPerSecond[2]:0} | {perCall} |");
            }
        }
        text.AppendLine(End);

        var existing = File.Exists(options.Output) ? await File.ReadAllTextAsync(options.Output) : "";
        var start = existing.IndexOf(Start, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        var document = start >= 0 && end > start
            ? existing[..start] + text.ToString().TrimEnd('\n') + existing[(end + End.Length)..]
            : $"# Gateway overhead benchmark\n\n{text}";
        await File.WriteAllTextAsync(options.Output, document);
    }
}
