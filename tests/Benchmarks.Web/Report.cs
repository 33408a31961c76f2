using System.Globalization;
using System.Text;
using NamndFollowUp.TestSupport;

namespace NamndFollowUp.Benchmarks.Web;

public static class Report
{
    public static async Task WriteAsync(Options options, IReadOnlyList<Lcp.Sample> samples, string loadBefore, int committees)
    {
        static string Ms(double v) => v.ToString("0", CultureInfo.InvariantCulture);
        var lcp = samples.Select(s => s.LargestContentfulPaint).Order().ToList();
        var response = samples.Select(s => s.ResponseEnd).Order().ToList();
        var text = new StringBuilder();
        text.AppendLine("# Web app: largest contentful paint of the overview");
        text.AppendLine();
        text.AppendLine($"Kommunledningskontoret's overview (`/oversikt`, helår 2024) of a municipality with {committees} committees (the seed's");
        text.AppendLine("Socialnämnden, the demo's Äldrenämnden and N01–N14 of the browser tests; the issue names 15), in headless Chromium (Debian's `/usr/bin/chromium`), signed in");
        text.AppendLine("as the office. Each navigation is a new document; the figure is the `largest-contentful-paint` entry's");
        text.AppendLine("`startTime` from a `PerformanceObserver`, i.e. from the start of navigation. One warm-up navigation first.");
        text.AppendLine("Issue #16's target: usable within 1 s (1 000 ms).");
        text.AppendLine();
        text.AppendLine("```sh");
        text.AppendLine("dotnet run --project tests/Benchmarks.Web   # options: -- --navigations 11 --output docs/benchmarks-web.md");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {samples.Count} navigations:");
        text.AppendLine();
        text.AppendLine("| | median | min | max |");
        text.AppendLine("|---|---:|---:|---:|");
        text.AppendLine($"| largest contentful paint (ms) | {Ms(Median(lcp))} | {Ms(lcp[0])} | {Ms(lcp[^1])} |");
        text.AppendLine($"| HTML received, `responseEnd` (ms) | {Ms(Median(response))} | {Ms(response[0])} | {Ms(response[^1])} |");
        text.AppendLine();
        text.AppendLine($"Samples (LCP, ms, in order): {string.Join(", ", samples.Select(s => Ms(s.LargestContentfulPaint)))}.");
        text.AppendLine();
        text.AppendLine("Machine:");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(Machine.Summary(loadBefore));
        text.AppendLine("```");
        Directory.CreateDirectory(Path.GetDirectoryName(options.Output)!);
        await File.WriteAllTextAsync(options.Output, text.ToString());
    }

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
