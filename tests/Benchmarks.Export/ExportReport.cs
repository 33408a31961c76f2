using System.Globalization;
using System.Text;
using NamndFollowUp.TestSupport;

namespace NamndFollowUp.Benchmarks.Export;

public sealed record ExportRun(int Run, string Scenario, long Rows, long Bytes, TimeSpan Elapsed, Dictionary<string, Rss> Memory)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture,
            $"run {Run} {Scenario,-55} {Rows,12:N0} rows in {Elapsed.TotalSeconds,7:0.0} s = {RowsPerSecond,10:N0} rows/s ({Bytes / Elapsed.TotalSeconds / 1048576,6:0.0} MiB/s); ")
        + string.Join("; ", Memory.Select(m => string.Create(CultureInfo.InvariantCulture,
            $"{m.Key} RSS {m.Value.StartMiB:0}→{m.Value.PeakMiB:0}→{m.Value.EndMiB:0} MiB")));
}

/// <summary>The run's complete Markdown block (machine, settings, figures, ratios), also written between markers into the doc.</summary>
public static class ExportReport
{
    private const string Start = "<!-- results:start (written by tests/Benchmarks.Export) -->";
    private const string End = "<!-- results:end -->";
    private const double Target = 0.5;

    public static string Markdown(ExportOptions options, IReadOnlyList<ExportRun> runs, string loadBefore, TimeSpan generation)
    {
        var text = new StringBuilder();
        text.AppendLine(Start);
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, `{NamndFollowUp.Benchmarks.Gateway.SuiteProcesses.Configuration}` build: {options.Rows:N0} rows of `activity_figures` in one municipality (generated in {generation.TotalSeconds:0} s), {options.Runs} run(s), the scenarios alternating; every pull is checked to return every row.");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(Machine.Summary(loadBefore));
        text.AppendLine(CultureInfo.InvariantCulture, $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {Machine.Shell("psql", "--version")}");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("| run | scenario | rows | seconds | rows/s | MiB/s | ratio to COPY (target ≥ 0.5) |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            var baseline = runs.First(b => b.Run == r.Run);
            var ratio = r.RowsPerSecond / baseline.RowsPerSecond;
            var verdict = r == baseline ? "baseline" : $"{ratio:0.00} {(ratio >= Target ? "met" : "**missed**")}";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Run} | {r.Scenario} | {r.Rows:N0} | {r.Elapsed.TotalSeconds:0.0} | {r.RowsPerSecond:N0} | {r.Bytes / r.Elapsed.TotalSeconds / 1048576:0.0} | {verdict} |");
        }
        text.AppendLine();
        text.AppendLine("Resident memory (VmRSS, sampled every 250 ms) of the service and the gateway while each pull streamed, MiB — start / peak / end:");
        text.AppendLine();
        text.AppendLine("| run | scenario | economy | gateway |");
        text.AppendLine("|---:|---|---:|---:|");
        foreach (var r in runs)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Run} | {r.Scenario} | {Format(r.Memory["economy"])} | {Format(r.Memory["gateway"])} |");
        }
        text.AppendLine(End);
        return text.ToString();
    }

    public static async Task WriteAsync(string output, string block)
    {
        var existing = File.Exists(output) ? await File.ReadAllTextAsync(output) : "";
        var start = existing.IndexOf(Start, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        var document = start >= 0 && end > start
            ? existing[..start] + block.TrimEnd('\n') + existing[(end + End.Length)..]
            : $"# BI export benchmark\n\n{block}";
        await File.WriteAllTextAsync(output, document);
    }

    private static string Format(Rss m) => string.Create(CultureInfo.InvariantCulture, $"{m.StartMiB:0} / {m.PeakMiB:0} / {m.EndMiB:0}");
}
