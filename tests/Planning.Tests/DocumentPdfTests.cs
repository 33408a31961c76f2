using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using NamndFollowUp.Documents;
using NamndFollowUp.Planning.Documents;
using NamndFollowUp.TestSupport;

namespace NamndFollowUp.Planning.Tests;

/// <summary>
/// The planning service's documents of the seed's follow-up, printed by Debian's Chromium (scripts/render-tools.sh
/// installs it) and read back with poppler: A4, about as many pages as the seed, no text past the side margins,
/// no near-empty page, and page 1 kept as a PNG under the test output (documents/).
/// </summary>
public sealed class DocumentPdfTests
{
    // The layout's side margins are 18 mm = 51 pt.
    private const double SideMargin = 51;

    private static readonly PdfPrinter Printer = new(new ConfigurationBuilder().Build(), NullLogger<PdfPrinter>.Instance);

    private static string Output => Path.Combine(AppContext.BaseDirectory, "documents");

    [Fact]
    public async Task Bilaga_1_of_the_seed_prints_on_about_twelve_A4_landscape_pages_with_page_numbers_and_nothing_past_the_margins()
    {
        var pdf = PdfDocument.Read(await Printer.PrintAsync(Bilaga1Document.Render(SeedFollowUp.Create()), CancellationToken.None), Output, "bilaga1");

        Assert.True(pdf.IsA4, $"{pdf.Width} x {pdf.Height}");
        Assert.True(pdf.Width > pdf.Height, "landscape, like the seed's Bilaga 1");
        // The seed's Bilaga 1 has 13 pages; 26 US Letter pages was the old printout.
        Assert.InRange(pdf.Pages, 9, 15);
        Assert.Empty(pdf.WordsOutside(SideMargin));
        Assert.Contains($"Sida 1 ({pdf.Pages})", pdf.Text);
        Assert.Contains($"Sida {pdf.Pages} ({pdf.Pages})", pdf.Text);
        Assert.Contains("Diarienummer: SCN-2025-00043", pdf.Text);
        Assert.Contains("Socialförvaltningen", pdf.Text);
        // A page holding only the running header and a row or two is a near-empty page; the last may be short.
        var words = pdf.WordsPerPage();
        Assert.All(words.Take(words.Count - 1), n => Assert.True(n > 120, $"words per page: {string.Join(", ", words)}"));
        Assert.True(File.Exists(Path.Combine(Output, "bilaga1-1.png")));
    }

    [Fact]
    public async Task Bilaga_2_of_the_seed_prints_every_section_on_A4_portrait_within_the_margins()
    {
        var html = Bilaga2Document.Render(SeedFollowUp.Create());
        var pdf = PdfDocument.Read(await Printer.PrintAsync(html, CancellationToken.None), Output, "bilaga2");

        Assert.True(pdf.IsA4 && pdf.Height > pdf.Width, $"{pdf.Width} x {pdf.Height}");
        // The seed's Bilaga 2 has 13 pages with its charts and tables; its text alone fills about five.
        Assert.InRange(pdf.Pages, 4, 13);
        Assert.Empty(pdf.WordsOutside(SideMargin));
        Assert.Contains($"Sida {pdf.Pages} ({pdf.Pages})", pdf.Text);
        var order = new[]
        {
            "Viktiga händelser under året", "Måluppfyllelse", "Utvecklingen av grunduppdraget över tid", "Målgrupper och volymer",
            "Orosanmälningar inom barn- och ungdomsvården", "Förebyggande arbete och insatser utan behovsprövning", "Kostnadsutveckling",
            "Uppföljning av privata utförare", "Framtida utmaningar",
        }.Select(h => html.IndexOf(">" + h, StringComparison.Ordinal)).ToList();
        Assert.All(order, i => Assert.True(i > 0));
        Assert.Equal(order.Order(), order);
        var words = pdf.WordsPerPage();
        Assert.All(words.Take(words.Count - 1), n => Assert.True(n > 150, $"words per page: {string.Join(", ", words)}"));
    }

    [Fact]
    public async Task The_tjansteskrivelse_of_the_seed_prints_on_A4_portrait_with_its_own_case_number_and_every_section()
    {
        var html = CoverMemoDocument.Render(SeedFollowUp.Create());
        var pdf = PdfDocument.Read(await Printer.PrintAsync(html, CancellationToken.None), Output, "tjansteskrivelse");

        Assert.True(pdf.IsA4 && pdf.Height > pdf.Width, $"{pdf.Width} x {pdf.Height}");
        // The seed's tjänsteskrivelse fills three pages, the last with little but the signature and the list of attachments.
        Assert.InRange(pdf.Pages, 2, 4);
        Assert.Empty(pdf.WordsOutside(SideMargin));
        Assert.Contains($"Sida 1 ({pdf.Pages})", pdf.Text);
        Assert.Contains("Diarienummer: SCN-2025-00042", pdf.Text);
        Assert.Contains("Tjänsteskrivelse till socialnämnden", pdf.Text);
        Assert.Contains("Datum: 2025-02-07", pdf.Text);
        var order = new[]
        {
            "Socialnämndens årsbokslut 2024", "Förslag till beslut", "Ärendet", "Beredning", "Föredragning",
            "Uppföljning av verksamhetsplan för verksamhetsåret 2024", "Socialnämndens sammanställda analys", "Barnkonsekvensanalys",
            "Ekonomiska konsekvenser", "Beslutsunderlag", "Tomas Odin",
        }.Select(h => html.IndexOf(">" + h, StringComparison.Ordinal)).ToList();
        Assert.All(order, i => Assert.True(i > 0, string.Join(", ", order)));
        Assert.Equal(order.Order(), order);
        // The proposals are numbered by the template (1–3), not by the data.
        Assert.Contains("<li>att godkänna ekonomiskt årsbokslut 2024,</li>", html);
        Assert.Contains("Missbrukarvård och övrig vård för vuxna hade ett överskott på 14 miljoner kronor.", html);
        Assert.True(File.Exists(Path.Combine(Output, "tjansteskrivelse-1.png")));
    }
}
