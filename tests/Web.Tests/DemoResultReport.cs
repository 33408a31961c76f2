using System.Globalization;
using System.Text.Json;

namespace NamndFollowUp.Web.Tests;

/// <summary>
/// What the second demo committee's files say (deploy/demo/result-report-ALN-2024-helar.csv and -11.json), read here
/// on their own so the browser tests' expectations come from the data, not from the app: the helår allocation with
/// its adjustments, the stated deviations per unit and for the committee, November's for comparison, the comments.
/// </summary>
public sealed record DemoResultReport(
    decimal Allocation,
    decimal StatedResult,
    decimal StatedForecast,
    IReadOnlyDictionary<string, decimal> UnitDeviations,
    IReadOnlyDictionary<string, string> UnitNames,
    IReadOnlyDictionary<string, string> UnitComments,
    decimal NovemberStatedResult,
    IReadOnlyDictionary<string, decimal> NovemberUnitDeviations)
{
    public static DemoResultReport Load()
    {
        var demo = Path.Combine(Repository.Root, "deploy", "demo");
        decimal allocation = 0, stated = 0, forecast = 0;
        var units = new Dictionary<string, decimal>();
        var names = new Dictionary<string, string>();
        var comments = new Dictionary<string, string>();
        foreach (var line in File.ReadLines(Path.Combine(demo, "result-report-ALN-2024-helar.csv")).Where(l => !l.StartsWith('#')))
        {
            var f = SplitCsv(line);
            switch (f[0])
            {
                case "unit":
                    names[f[1]] = f[2];
                    break;
                // allocation;period;area;sort;amount;…  adjustment;period;area;amount;…: the allocation as adjusted.
                case "allocation" when f[1] == "2024-helår":
                    allocation += Amount(f[4]);
                    break;
                case "adjustment" when f[1] == "2024-helår":
                    allocation += Amount(f[3]);
                    break;
                // deviation;period;unit;deviation;forecast deviation — the committee's own with an empty unit.
                case "deviation" when f[2].Length == 0:
                    (stated, forecast) = (Amount(f[3]), Amount(f[4]));
                    break;
                case "deviation":
                    units[f[2]] = Amount(f[3]);
                    break;
                case "narrative" when f[2].StartsWith("unit:", StringComparison.Ordinal):
                    comments[f[2]["unit:".Length..]] = f[3];
                    break;
            }
        }
        using var november = JsonDocument.Parse(File.ReadAllText(Path.Combine(demo, "result-report-ALN-2024-11.json")));
        var novemberUnits = november.RootElement.GetProperty("statedDeviations").EnumerateArray()
            .ToDictionary(d => d.GetProperty("unitCode").GetString()!, d => Amount(d.GetProperty("deviation").GetProperty("value").GetString()!));
        var novemberStated = novemberUnits[""];
        novemberUnits.Remove("");
        return new DemoResultReport(allocation, stated, forecast, units, names, comments, novemberStated, novemberUnits);
    }

    private static decimal Amount(string text) => decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <summary>The demo CSV's fields: ';'-separated, a field in double quotes may hold ';'.</summary>
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ';' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        fields.Add(current.ToString());
        return fields;
    }

    /// <summary>Mnkr with one decimal as the pages show it: Swedish digits, U+2212 minus, no-break space in thousands.</summary>
    public static string Mnkr(decimal kronor) =>
        Math.Round(kronor / 1_000_000m, 1, MidpointRounding.AwayFromZero).ToString("#,0.0", CultureInfo.InvariantCulture)
            .Replace(",", "\u00a0", StringComparison.Ordinal).Replace('.', ',').Replace("-", "\u2212", StringComparison.Ordinal);
}
