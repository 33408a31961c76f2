using System.Globalization;
using System.Text.RegularExpressions;

namespace NamndFollowUp.Benchmarks.Web;

/// <summary>
/// Where the server's time goes: the web app's own account of each overview it composed (its PartTimer lines at
/// Debug: when each part was asked for and when its answer came, from the start of the page's reading), the last
/// <c>n</c> pages of its log summarised per part as medians.
/// </summary>
public static partial class ServerParts
{
    /// <summary>The log category whose Debug lines these are; the benchmark switches it on for the processes it starts.</summary>
    public const string Category = "NamndFollowUp.Web.Gateway.OverviewReader";

    public sealed record Part(string Name, double Started, double Ended, double Duration);

    public sealed record Summary(int Pages, double Composed, IReadOnlyList<Part> Parts);

    [GeneratedRegex(@"^\s*Overview \S+ [^:]+: (?<part>.+) (?<started>\d+) → (?<ended>\d+) ms \((?<duration>\d+) ms\)\s*$")]
    private static partial Regex PartLine();

    [GeneratedRegex(@"^\s*Overview \S+ [^:]+ composed in (?<total>\d+) ms\s*$")]
    private static partial Regex ComposedLine();

    public static Summary? Read(string webLog, int pages)
    {
        if (!File.Exists(webLog))
        {
            return null;
        }
        // Pages in the order they were composed; the benchmark's navigations come one after the other, so a page's
        // lines are those before its "composed in" line.
        var composed = new List<(double Total, List<Part> Parts)>();
        var current = new List<Part>();
        foreach (var line in File.ReadLines(webLog))
        {
            if (PartLine().Match(line) is { Success: true } p)
            {
                current.Add(new Part(p.Groups["part"].Value, Number(p, "started"), Number(p, "ended"), Number(p, "duration")));
            }
            else if (ComposedLine().Match(line) is { Success: true } c)
            {
                composed.Add((Number(c, "total"), current));
                current = [];
            }
        }
        var last = composed.TakeLast(pages).ToList();
        if (last.Count == 0)
        {
            return null;
        }
        var parts = last.SelectMany(page => page.Parts).GroupBy(p => p.Name)
            .Select(g => new Part(g.Key, Median(g.Select(p => p.Started)), Median(g.Select(p => p.Ended)), Median(g.Select(p => p.Duration))))
            .OrderByDescending(p => p.Ended).ToList();
        return new Summary(last.Count, Median(last.Select(p => p.Total)), parts);
    }

    private static double Number(Match m, string group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
