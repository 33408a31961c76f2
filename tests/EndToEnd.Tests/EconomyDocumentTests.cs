using System.Globalization;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.EconomySeed;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Bilaga 3 of the seed's economy (imported as CSV through the gateway) as a document: every table of the seed as a
/// real table with the seed's printed figures (written here from the seed's pages, <see cref="EconomySeed"/>), the
/// texts under each table, and the same document as an A4 PDF within the margins.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class EconomyDocumentTests(Suite suite)
{
    private const string Query = "?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR";

    [Fact]
    public async Task Bilaga_3_renders_every_table_of_the_seed_with_its_texts_and_prints_on_A4_within_the_margins()
    {
        var committee = NewCommittee("ED");
        await suite.Rest.PostOkAsync($"/api/v1/economy/municipalities/{Municipality}/activity-codes", ReadDemo("economy-activity-codes.json"));
        await ImportCsvAsync(suite, committee, DemoCsv());
        var path = $"/api/v1/economy/municipalities/{Municipality}/committees/{committee}/document";

        var response = await suite.Rest.GetAsync(path + Query);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString());

        foreach (var (area, allocation, result, previousYear, forecast) in Summary)
        {
            Assert.Contains(Row(area, [allocation, result, previousYear, forecast], 0), html);
        }
        Assert.Contains(Row("Nämnden totalt", [950, -24, -3, -30], 0), html);
        Assert.Contains("<th class=\"num\">Helårsprognos 202408</th>", html);
        foreach (var table in ResultPerActivity)
        {
            Assert.Contains($"<th>{table.Area}, mnkr</th>", html);
            Assert.Contains(Row("Nettokostnad", table.NetCost, table.Decimals), html);
            Assert.Contains(Row("Kommunbidrag", table.Allocation, table.Decimals), html);
            Assert.Contains(Row($"Resultat {table.Area}", table.Result, table.Decimals), html);
        }
        Assert.Contains(Row("5731 HVB-vård barn och ungdom", [-247, -231, -251, -251], 0), html);
        Assert.Contains(Row("Alla verksamheter", [-504, -479, -504, -468], 0), html);
        Assert.Contains(Row("Alla verksamheter", [-10, -15, -12, -16], 0), html);
        Assert.Contains(Row("Investeringar", [1.0m, 0.2m, 0.0m, 1.0m], 1), html);
        // The texts under the tables, as the seed has them.
        Assert.Contains("Avvikelsen motsvarar 2 procent av budgetramen (kommunbidraget) som var 950 miljoner kronor.", html);
        Assert.Contains("Barn och ungdomsvården har ett underskott på 36 miljoner kronor.", html);
        Assert.Contains("Insatskostnaden för Barn och ungdom är 504 miljoner kronor", html);
        Assert.Contains("Familjerätt och familjerådgivning hade ett positivt resultat på 1,3 miljoner kronor.", html);
        Assert.Contains("Investeringar för 2024 var 0,2 miljoner kronor", html);
        Assert.Contains("Socialförvaltningen", html);
        // The seed's header (lines 1403–1407): Datum 2025-01-16, Nämndbehandlad/nämndbehandlas 2025-02-12, Handläggare
        // Magnus Bergmark; the report is not adopted here, so the meeting is the planned one.
        Assert.Contains("<span class=\"label\">Datum:</span><span>2025-01-16</span>", html);
        Assert.Contains("<span class=\"label\">Nämndbehandlad/nämndbehandlas:</span><span>2025-02-12</span>", html);
        Assert.Contains("<span>Handläggare: Magnus Bergmark</span>", html);
        // The texts in full: the sentence the demo once lacked (seed line 1532).
        Assert.Contains("Antalet öppenvårdsinsatser har ökat med 9 procent jämfört med 2023 för beroendevården.", html);
        Assert.DoesNotContain(" | ", html);

        var pdfResponse = await suite.Rest.GetAsync(path + ".pdf" + Query);
        var bytes = await pdfResponse.Content.ReadAsByteArrayAsync();
        Assert.True(pdfResponse.IsSuccessStatusCode, System.Text.Encoding.UTF8.GetString(bytes));
        var pdf = NamndFollowUp.TestSupport.PdfDocument.Read(bytes, Path.Combine(AppContext.BaseDirectory, "documents"), "bilaga3");
        Assert.True(pdf.IsA4 && pdf.Height > pdf.Width, $"{pdf.Width} x {pdf.Height}");
        // The seed's Bilaga 3 is 7 pages with its charts; its tables and texts alone fill 4 to 6.
        Assert.InRange(pdf.Pages, 3, 8);
        Assert.Empty(pdf.WordsOutside(51));
        Assert.Contains($"Sida {pdf.Pages} ({pdf.Pages})", pdf.Text);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "documents", "bilaga3-1.png")));
    }

    /// <summary>A table row as the document prints it: the label, then each amount in Swedish (real minus, decimal comma).</summary>
    private static string Row(string label, decimal[] values, int decimals) =>
        $"<td>{label}</td>" + string.Concat(values.Select(v => $"<td class=\"amount\">{Swedish(v, decimals)}</td>"));

    private static string Swedish(decimal value, int decimals) =>
        (value < 0 ? "\u2212" : "") + Math.Abs(value).ToString("N" + decimals, new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = "\u00A0" });
}
