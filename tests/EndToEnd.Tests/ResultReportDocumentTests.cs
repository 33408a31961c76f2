using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.TestSupport;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Issue 15: the monthly result report (resultatrapport) as HTML and A4 PDF, for Äldrenämnden's December report and for
/// the seed's committee, both loaded by deploy/demo's loaders through the gateway. Every expected figure is computed
/// here from deploy/demo's data files (kronor summed and rounded to mnkr by this test), never taken from an answer.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ResultReportDocumentTests(Suite suite)
{
    private const string FullYear = "?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR";

    [Fact]
    public async Task Aldrenamndens_December_report_prints_every_unit_with_its_November_figure_comment_and_items_decisions_adjustments_and_investments()
    {
        Load("load-economy.sh");
        Load("load-result-report.sh");
        var csv = Csv("result-report-ALN-2024-helar.csv");
        var november = ReadDemo("result-report-ALN-2024-11.json");
        var novemberDeviation = november["statedDeviations"]!.AsArray().ToDictionary(d => (string)d!["unitCode"]!, d => Kronor((string)d!["deviation"]!["value"]!));
        var unitNames = csv.Where(f => f[0] == "unit").ToDictionary(f => f[1], f => f[2]);

        var html = await HtmlAsync("ALN");

        // Names, not codes: the municipality's, the committee's and every unit's registered name.
        Assert.Contains("<h1>Resultatrapport helår 2024 – Äldrenämnden</h1>", html);
        Assert.Contains("Äldrenämnden, Uppsala kommun.", html);
        foreach (var code in unitNames.Keys)
        {
            Assert.DoesNotContain($">{code}<", html);
        }
        Assert.DoesNotContain("kommun 0380", html);

        // Each unit: "−9,4 (nov −8,1)" and its forecast deviation, under its registered name.
        var deviations = csv.Where(f => f[0] == "deviation").ToList();
        foreach (var row in deviations.Where(f => f[2] != ""))
        {
            Assert.Contains($"{unitNames[row[2]]}</td><td class=\"deviation\"><span class=\"nobr\">{Mnkr(Kronor(row[3]), 1)}</span> "
                + $"<span class=\"nobr\">(nov {Mnkr(novemberDeviation[row[2]], 1)})</span></td><td class=\"amount\">{Mnkr(Kronor(row[4]), 1)}</td>", html);
        }
        // The divisions state nothing of their own: they head their units.
        Assert.Contains("<strong>Hemtjänst</strong>", html);
        Assert.Contains("<strong>Särskilt boende</strong>", html);

        // The committee's stated result beside the sum of its rounded unit rows; the tenth between them is rounding.
        var stated = Kronor(deviations.Single(f => f[2] == "")[3]);
        var sumOfRows = deviations.Where(f => f[2] != "").Sum(f => Kronor(f[3]));
        Assert.Equal(-100_000m, stated - sumOfRows);
        Assert.Contains($"<td>Resultat mot budget</td><td class=\"amount\">{Mnkr(stated, 1)}</td><td class=\"amount\">{Mnkr(sumOfRows, 1)}</td>"
            + $"<td class=\"amount\">{Mnkr(stated - sumOfRows, 1)}</td><td class=\"amount\">{Mnkr(novemberDeviation[""], 1)}</td>", html);
        Assert.Contains($"Skillnaden {Mnkr(stated - sumOfRows, 1)} mnkr är avrundning", html);
        Assert.Contains("<th class=\"num\">Föregående uppföljning (november 2024)</th>", html);
        // No figures are booked: no Allocation − NetCost result is invented from the allocation alone.
        Assert.DoesNotContain("Resultat (kommunbidrag − nettokostnad)", html);

        // Comments, and the items inside the deviations (one-offs, staffing in årsarbetare with their cost).
        foreach (var comment in csv.Where(f => f[0] == "narrative" && f[2].StartsWith("unit:", StringComparison.Ordinal)))
        {
            Assert.Contains($"<p>{comment[3]}</p>", html);
        }
        Assert.Contains($"<p>{csv.Single(f => f[0] == "narrative" && f[2] == "summary")[3]}</p>", html);
        foreach (var item in csv.Where(f => f[0] == "item"))
        {
            var fte = item[6].Length > 0 ? $", {Signed(Kronor(item[6]), 1)} årsarbetare" : "";
            Assert.Contains($"<li>{(item[3] == "staffing" ? "Bemanning" : "Engångspost")}: {item[4]}{fte}, {Mnkr(Kronor(item[5]), 1)} mnkr</li>", html);
        }

        // The savings decision as a decision, its measures ("ej angiven" where the decision states no effect).
        var decision = csv.Single(f => f[0] == "savings_decision");
        Assert.Contains($"<h3>Beslut {decision[2]}, {decision[3]} ({decision[4]})</h3>", html);
        Assert.Contains($"<td>Uppnådd effekt</td><td class=\"amount\">{Mnkr(Kronor(decision[9]), 1)}</td>", html);
        Assert.Contains($"{decision[7]}, nämndens del</td><td class=\"amount\">{Mnkr(Kronor(decision[8]), 1)}</td>", html);
        foreach (var measure in csv.Where(f => f[0] == "savings"))
        {
            string Effect(string v) => v.Length > 0 ? Mnkr(Kronor(v), 1) : "ej angiven";
            Assert.Contains($"<td>{measure[5]}</td><td>{(measure[6] == "yes" ? "ja" : "nej")}</td><td class=\"amount\">{Effect(measure[7])}</td><td class=\"amount\">{Effect(measure[8])}</td>", html);
        }

        // Budget adjustments as decisions, every line kept; 350 000 kr forces two decimals so nothing prints rounded.
        var adjustments = csv.Where(f => f[0] == "adjustment").ToList();
        foreach (var a in adjustments)
        {
            Assert.Contains($"<td>{a[5]}</td><td>{a[7]}</td><td>{a[4]}</td><td>{a[2]}</td><td class=\"amount\">{Mnkr(Kronor(a[3]), 2)}</td><td>{a[6]}</td>", html);
        }
        Assert.Contains($"Summa budgetjusteringar</td><td class=\"amount\">{Mnkr(adjustments.Sum(a => Kronor(a[3])), 2)}</td>", html);

        var investment = csv.Single(f => f[0] == "investment");
        Assert.Contains($"<td>Investeringar</td><td class=\"amount\">{Mnkr(Kronor(investment[2]), 1)}</td><td class=\"amount\">{Mnkr(Kronor(investment[3]), 1)}</td><td class=\"amount\">{Mnkr(Kronor(investment[4]), 1)}</td>", html);

        var pdf = await PdfAsync("ALN", "result-report-ALN");
        Assert.InRange(pdf.Pages, 2, 5);
        Assert.Contains("Äldrenämnden", pdf.Text);
    }

    [Fact]
    public async Task The_seeds_committee_prints_its_result_from_allocation_and_net_cost_with_areas_adjustment_and_investments()
    {
        Load("load-economy.sh");
        Load("load-result-report.sh"); // the committees' names
        var csv = Csv("economy-2024.csv");
        var year = csv.Where(f => f.Length > 1 && f[1] == "2024-helår").ToList();
        var committeeRows = year.Where(f => f[0] == "figure" && f[3] == "").ToList();
        var allocations = year.Where(f => f[0] == "allocation").ToList();
        var adjustment = year.Single(f => f[0] == "adjustment");
        var allocation = allocations.Sum(f => Kronor(f[4])) + Kronor(adjustment[3]);
        var netCost = -committeeRows.Sum(f => Kronor(f[4]));
        var forecast = allocations.Sum(f => Kronor(f[5].Length > 0 ? f[5] : f[4])) + committeeRows.Sum(f => Kronor(f[6]));

        var html = await HtmlAsync("SCN");

        Assert.Contains("<h1>Resultatrapport helår 2024 – Socialnämnden</h1>", html);
        Assert.Contains("Socialförvaltningen", html);
        Assert.Contains($"<td>Kommunbidrag</td><td class=\"amount\">{Mnkr(allocation, 1)}</td>", html);
        Assert.Contains($"<td>Nettokostnad</td><td class=\"amount\">{Mnkr(netCost, 1)}</td>", html);
        Assert.Contains($"<td>Resultat (kommunbidrag − nettokostnad)</td><td class=\"amount\">{Mnkr(allocation - netCost, 1)}</td>", html);
        Assert.Contains($"<td>Resultat enligt helårsprognos 202408</td><td class=\"amount\">{Mnkr(forecast, 1)}</td>", html);
        // The seed's own figures: −23,5 in Bilaga 1, the August forecast −30 in Bilaga 3.
        Assert.Equal(("\u221223,5", "\u221230"), (Mnkr(allocation - netCost, 1), Mnkr(forecast, 0)));
        foreach (var area in allocations)
        {
            var codes = area[6].Split(' ');
            var areaAllocation = Kronor(area[4]) + (adjustment[2] == area[2] ? Kronor(adjustment[3]) : 0m);
            var result = areaAllocation + committeeRows.Where(f => codes.Contains(f[2])).Sum(f => Kronor(f[4]));
            Assert.Contains($"<td>{area[2]}</td><td class=\"amount\">{Mnkr(areaAllocation, 1)}</td><td class=\"amount\">{Mnkr(result, 1)}</td>", html);
        }
        Assert.Contains("Inga avvikelser per enhet är redovisade för perioden.", html);
        Assert.Contains("Inga besparingsbeslut är redovisade för perioden.", html);
        Assert.Contains($"<td>{adjustment[5]}</td><td>–</td><td>{adjustment[4]}</td><td>{adjustment[2]}</td><td class=\"amount\">{Mnkr(Kronor(adjustment[3]), 1)}</td>", html);
        Assert.Contains($"<td>Investeringar</td><td class=\"amount\">1,0</td><td class=\"amount\">0,2</td><td class=\"amount\">1,0</td><td class=\"amount\">0,0</td>", html);

        var pdf = await PdfAsync("SCN", "result-report-SCN");
        Assert.InRange(pdf.Pages, 1, 4);
    }

    private async Task<string> HtmlAsync(string committee)
    {
        var response = await suite.Rest.GetAsync(EconomyPath(committee, "result-report/document") + FullYear);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString());
        return html;
    }

    /// <summary>The PDF on A4 portrait, every word inside the side margins (18 mm ≈ 51 pt), "Sida Y (Y)" on the last page, page 1 kept as a PNG.</summary>
    private async Task<PdfDocument> PdfAsync(string committee, string name)
    {
        var response = await suite.Rest.GetAsync(EconomyPath(committee, "result-report/document.pdf") + FullYear);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, Encoding.UTF8.GetString(bytes));
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var folder = Path.Combine(AppContext.BaseDirectory, "documents");
        var pdf = PdfDocument.Read(bytes, folder, name);
        Assert.True(pdf.IsA4 && pdf.Height > pdf.Width, $"{pdf.Width} x {pdf.Height}");
        Assert.Empty(pdf.WordsOutside(51));
        Assert.Contains($"Sida {pdf.Pages} ({pdf.Pages})", pdf.Text);
        // No near-empty page: every page but the last carries a real share of text.
        Assert.All(pdf.WordsPerPage().SkipLast(1), words => Assert.True(words > 60, $"a near-empty page: {string.Join(", ", pdf.WordsPerPage())}"));
        Assert.True(File.Exists(Path.Combine(folder, name + "-1.png")));
        return pdf;
    }

    /// <summary>mnkr as the document prints it: decimal comma, real minus, no-break space between thousands, half away from zero.</summary>
    private static string Mnkr(decimal kronor, int decimals) => Swedish(Math.Round(kronor / 1_000_000m, decimals, MidpointRounding.AwayFromZero), decimals);

    private static string Signed(decimal value, int decimals) => (value > 0 ? "+" : "") + Swedish(value, decimals);

    private static string Swedish(decimal value, int decimals) =>
        (value < 0 ? "\u2212" : "") + Math.Abs(value).ToString("N" + decimals, new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "\u00A0" });

    private static decimal Kronor(string text) => decimal.Parse(text.Replace(',', '.'), CultureInfo.InvariantCulture);

    /// <summary>A demo CSV's record lines as fields (';', '"' quotes, quoted fields over several lines joined), comments and the header left out.</summary>
    private static List<string[]> Csv(string file)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        foreach (var line in File.ReadAllLines(Path.Combine(Suite.RepositoryRoot, "deploy", "demo", file), Encoding.UTF8))
        {
            if (!quoted && (line.Length == 0 || line.StartsWith('#') || line.StartsWith("record;", StringComparison.Ordinal)))
            {
                continue;
            }
            if (quoted)
            {
                field.Append('\n');
            }
            foreach (var c in line)
            {
                if (c == '"') quoted = !quoted;
                else if (c == ';' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
                else field.Append(c);
            }
            if (!quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
        }
        return records;
    }

    private void Load(string script)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Suite.RepositoryRoot, "deploy", "demo", script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NF_GATEWAY_REST"] = suite.GatewayRestAddress;
        start.Environment["NF_TOKEN"] = suite.Token(Municipality, "SCN", Roles.All);
        start.Environment["NF_TOKEN_ALN"] = suite.Token(Municipality, "ALN", Roles.CommitteeWriter);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{script} failed ({process.ExitCode}): {stdout}{stderr.Result}");
    }
}
