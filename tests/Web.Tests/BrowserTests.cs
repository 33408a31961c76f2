using Microsoft.Playwright;
using NamndFollowUp.ServiceDefaults.Auth;

namespace NamndFollowUp.Web.Tests;

/// <summary>
/// The web app in headless Chromium against the real suite: sign in, the office's overview of fifteen committees,
/// a committee's drill-down and documents, a committee's upload and submission, and axe-core on every page.
/// Expected figures come from the seed (Socialnämnden's result −23,5 mnkr in Bilaga 1), from the extra
/// committees' files as <see cref="WebSuite.EconomyFile"/> describes them and from the second demo committee's
/// result report as <see cref="DemoResultReport"/> reads its files.
/// </summary>
[Collection(WebSuiteCollection.Name)]
public sealed class BrowserTests(WebSuite suite)
{
    // Swedish number formatting: U+2212 minus and a no-break space between thousands.
    private const string Minus = "\u2212";

    // The traffic lights' defaults before the office sets any (docs/web.md): in percent of the allocation, a result
    // below −1 % red, below 0 yellow; a change below −0,5 % red, below 0 yellow.
    private static string DefaultLight(decimal amount, decimal allocation, decimal redBelow, decimal yellowBelow) =>
        amount * 100 / allocation is var percent && percent < redBelow ? "Röd" : percent < yellowBelow ? "Gul" : "Grön";

    private static ILocator CommitteeRow(IPage page, string code) =>
        page.Locator("#committees tbody tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = code, Exact = true }) });

    [Fact]
    public async Task The_office_signs_in_and_sees_every_committee_of_the_period_with_signals_and_adoption()
    {
        var page = await Browser.SignedInPageAsync(suite, Roles.MunicipalOffice);

        Assert.EndsWith("/oversikt", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Översikt: Helår 2024");
        // The seed's SCN, the demo's ALN and N01–N14.
        var rows = page.Locator("#committees tbody tr");
        Assert.Equal(16, await rows.CountAsync());

        // Cells after the committee's name: 0 allocation, 1 net cost, 2 result, 3 what the result is, 4 its signal,
        // 5 forecast, 6 change, 7 since, 8 the change's signal, 9 adoption, 10 missing, 11 consistency warnings.
        // Socialnämnden: Bilaga 1's result, −23,5 mnkr of an allocation of about 950: a deficit of 2,5 % is red.
        var scnCells = await CommitteeRow(page, "SCN").Locator("td").AllInnerTextsAsync();
        Assert.Equal($"{Minus}23,5", scnCells[2]);
        Assert.Equal("kommunbidrag − nettokostnad", scnCells[3].Trim());
        Assert.Equal("Röd", scnCells[4].Trim());
        Assert.Contains("Verksamhetsplan (Bilaga 1): fastställd", scnCells[9]); // the demo adopts Bilaga 1 only
        // The seed's two texts that say 14 mnkr where Bilaga 3's figure is 10,2 (the tjänsteskrivelse and Bilaga 3's analysis).
        Assert.Equal("2", scnCells[11].Trim());
        // N03: allocation 300 mnkr, net cost 296, result +4; at delår the result was 0, so the change is +4: green.
        var n03 = await CommitteeRow(page, "N03").Locator("td").AllInnerTextsAsync();
        Assert.Equal(["300,0", "296,0", "4,0", "kommunbidrag − nettokostnad", "Grön"], n03.Take(5).Select(c => c.Trim()));
        Assert.Equal(["4,0", "Delår 2024", "Grön"], n03.Skip(6).Take(3).Select(c => c.Trim()));
        // N10: allocation 1 000 mnkr, result −3 (−0,3 %): yellow, above the red threshold of −1 %.
        var n10 = await CommitteeRow(page, "N10").Locator("td").AllInnerTextsAsync();
        Assert.Equal(["1\u00a0000,0", $"{Minus}3,0", "Gul"], new[] { n10[0], n10[2], n10[4] }.Select(c => c.Trim()));

        // The chart has a text alternative and the table behind it.
        await Assertions.Expect(page.Locator("#results-chart-desc")).ToContainTextAsync("16 staplar");
        Assert.Equal(16, await page.Locator("#chart-heading ~ figure.chart details tbody tr").CountAsync());
        // The year's trend: at delår only N01–N14 have figures, each at break-even (half of n × 100 mnkr against
        // half of it): a result of 0 from 14 committees' allocation − net cost, none stated.
        // (The table is in a closed <details>: its text is read as content, not as rendered text.)
        var delar = await page.Locator("#trend-chart-table tbody tr", new() { HasText = "Delår 2024" }).Locator("td").AllTextContentsAsync();
        Assert.Equal(["0,0", "–", "0", "0,0", "14"], delar.Select(c => c.Trim()));
        var helar = await page.Locator("#trend-chart-table tbody tr", new() { HasText = "Helår 2024" }).Locator("td").AllTextContentsAsync();
        var total = await page.Locator("#committees tfoot td").AllInnerTextsAsync();
        Assert.Equal(total[2].Trim(), helar[0].Trim());
        // Delår, ALN's November (its own result report) and helår.
        await Assertions.Expect(page.Locator("#trend-chart-desc")).ToContainTextAsync("3 uppföljningar. Från Delår 2024 0,0 mnkr till Helår 2024");
        // Focus goals with Socialnämnden's assessment; key figures against the committees.
        Assert.True(await page.Locator("#goals-heading ~ table").CountAsync() >= 4);
        await Assertions.Expect(page.Locator("#keyfigures-heading ~ div table")).ToContainTextAsync("SCN");

        await Browser.ScreenshotAsync(page, "overview");
        Assert.Empty(await Browser.AccessibilityViolationsAsync(page));
    }

    [Fact]
    public async Task The_overview_shows_the_result_a_committee_states_not_its_allocation()
    {
        var report = DemoResultReport.Load();
        var page = await Browser.SignedInPageAsync(suite, Roles.MunicipalOffice);

        // Äldrenämnden gives no Actual: its result is the deviation its report states for the committee, its
        // forecast the stated forecast deviation, its change the difference to November's stated result.
        var aln = await CommitteeRow(page, WebSuite.DemoResultReportCommittee).Locator("td").AllInnerTextsAsync();
        var change = report.StatedResult - report.NovemberStatedResult;
        Assert.Equal(
            [
                DemoResultReport.Mnkr(report.Allocation), "–", DemoResultReport.Mnkr(report.StatedResult), "angivet av nämnden",
                DefaultLight(report.StatedResult, report.Allocation, -1m, 0m), DemoResultReport.Mnkr(report.StatedForecast),
                DemoResultReport.Mnkr(change), "November 2024", DefaultLight(change, report.Allocation, -0.5m, 0m),
            ],
            aln.Take(9).Select(c => c.Trim()));
        // The data's own figures, so a change of the files that breaks the reasoning above is seen: −26,3 of 1 569,75 mnkr (−1,7 %: red);
        // −3,1 since November (−0,2 %: yellow).
        Assert.Equal((-26_300_000m, 1_569_750_000m, -3_100_000m), (report.StatedResult, report.Allocation, change));

        // The total says what it is made of: ALN's stated result beside the fifteen derived ones.
        await Assertions.Expect(page.Locator("#committees-basis"))
            .ToContainTextAsync($"Summan av 16 nämnders resultat: 1 angivet av nämnden själv ({DemoResultReport.Mnkr(report.StatedResult)} mnkr) och 15 beräknade som kommunbidrag − nettokostnad");
        // November in the year's trend: ALN's stated result alone.
        var november = await page.Locator("#trend-chart-table tbody tr", new() { HasText = "November 2024" }).Locator("td").AllTextContentsAsync();
        Assert.Equal([DemoResultReport.Mnkr(report.NovemberStatedResult), DemoResultReport.Mnkr(report.NovemberStatedResult), "1", "–", "0"],
            november.Select(c => c.Trim()));

        // Its page: the stated result beside the sum of the rounded unit rows, the difference as rounding.
        await page.GetByRole(AriaRole.Link, new() { Name = WebSuite.DemoResultReportCommittee, Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync($"**/namnd/{WebSuite.DemoResultReportCommittee}?**");
        // Enhanced navigation changes the address before it swaps the page: wait for the page itself.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"({WebSuite.DemoResultReportCommittee})");
        await Browser.ScreenshotAsync(page, "committee-stated");
        var unitSum = report.UnitDeviations.Values.Sum();
        var now = await page.Locator("#stated-result-now td").AllInnerTextsAsync();
        Assert.Equal([DemoResultReport.Mnkr(report.StatedResult), DemoResultReport.Mnkr(unitSum), DemoResultReport.Mnkr(report.StatedResult - unitSum)],
            now.Take(3).Select(c => c.Trim()));
        Assert.Equal(-26_200_000m, unitSum); // twelve units rounded to a tenth each: a tenth from the stated −26,3
        var novemberSum = report.NovemberUnitDeviations.Values.Sum();
        var before = await page.Locator("#stated-result-previous td").AllInnerTextsAsync();
        Assert.Equal([DemoResultReport.Mnkr(report.NovemberStatedResult), DemoResultReport.Mnkr(novemberSum)], before.Take(2).Select(c => c.Trim()));
        await Assertions.Expect(page.Locator("#stated-result-previous th")).ToHaveTextAsync("Resultat vid November 2024");
        // No result derived from an allocation and no net cost: the areas' allocations only.
        Assert.Equal(2, await page.Locator("#result-summary thead th").CountAsync());
        Assert.Equal(DemoResultReport.Mnkr(report.Allocation), (await page.Locator("#result-summary tfoot td").InnerTextAsync()).Trim());

        // The five units with the largest deficits, with November's figure and the unit's comment.
        var largest = report.UnitDeviations.OrderBy(u => u.Value).ThenBy(u => u.Key, StringComparer.Ordinal).Take(5).ToList();
        var shown = page.Locator("#largest-deviations tbody tr");
        Assert.Equal(5, await shown.CountAsync());
        for (var i = 0; i < largest.Count; i++)
        {
            var (code, deviation) = largest[i];
            await Assertions.Expect(shown.Nth(i).Locator("th")).ToContainTextAsync($"{report.UnitNames[code]} ({code})");
            var cells = await shown.Nth(i).Locator("td").AllInnerTextsAsync();
            Assert.Equal([DemoResultReport.Mnkr(deviation), "angiven", DemoResultReport.Mnkr(report.NovemberUnitDeviations[code])], cells.Take(3).Select(c => c.Trim()));
            Assert.Equal(report.UnitComments.GetValueOrDefault(code, ""), cells[3].Trim());
        }
        Assert.Equal("HT-NORR", largest[0].Key); // −9,4 mnkr, the largest deficit of the file

        Assert.Empty(await Browser.AccessibilityViolationsAsync(page));
    }

    [Fact]
    public async Task The_office_drills_down_to_a_committee_and_opens_its_documents()
    {
        var page = await Browser.SignedInPageAsync(suite, Roles.MunicipalOffice);
        await page.GetByRole(AriaRole.Link, new() { Name = "SCN", Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync("**/namnd/SCN?**");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("SCN");
        await Assertions.Expect(page.Locator("#result-summary tfoot")).ToContainTextAsync($"{Minus}23,5");
        // Bilaga 1 of the seed: four focus goals and fifteen assignments.
        Assert.Equal(4, await page.Locator("#focus-goals tbody tr").CountAsync());
        Assert.Equal(15, await page.Locator("#assignments tbody tr").CountAsync());
        // Bilaga 4: 5731's net cost per care day, 5,4 tkr.
        await Assertions.Expect(page.Locator("#key-figures")).ToContainTextAsync("5,4");
        // Versions and who changed what: the demo adopts Bilaga 1 (version 1); its economy import is in the audit
        // trail under the loader's identity (WebSuite.LoadDemoAsync's token).
        await Assertions.Expect(page.Locator("#versions tbody tr", new() { HasText = "Verksamhetsplan (Bilaga 1)" }).First).ToContainTextAsync("Fastställd");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("web-tests:demo-loader");
        // The consistency warnings: the seed says "ett överskott på 14 miljoner kronor" for Missbrukarvård twice,
        // where its own table's figure is 10,2 mnkr: a difference of 3,8 mnkr.
        Assert.Equal(2, await page.Locator("#consistency tbody tr").CountAsync());
        await Assertions.Expect(page.Locator("#consistency tbody tr").First).ToContainTextAsync("14 miljoner kronor");
        await Assertions.Expect(page.Locator("#consistency tbody tr").First).ToContainTextAsync("3,8 mnkr");
        await Browser.ScreenshotAsync(page, "committee");
        Assert.Empty(await Browser.AccessibilityViolationsAsync(page));

        // Every document of the follow-up, as HTML and as PDF, comes through the app with the person's token: each
        // HTML document has its own heading; each PDF is a PDF. (Fetched at once: each PDF is printed by Chromium.)
        var documents = new (string Title, string Heading)[]
        {
            ("Tjänsteskrivelse", "Tjänsteskrivelse"),
            ("Bilaga 1, uppföljning av verksamhetsplanen", "Bilaga 1 – Uppföljning av verksamhetsplan 2024"),
            ("Bilaga 2, sammanställd analys", "Bilaga 2 – Sammanställd analys 2024"),
            ("Bilaga 3, analys av ekonomiskt utfall", "Bilaga 3 – Analys av ekonomiskt utfall 2024"),
            ("Bilaga 4, nyckeltal", "Bilaga 4 – Nyckeltal"),
            ("Resultatrapport (månadsuppföljning per enhet)", "Resultatrapport"),
            ("Granskning: text mot siffror", "Granskning: text mot siffror 2024"),
        };
        Assert.Equal(documents.Length, await page.Locator("#documents tbody tr").CountAsync());
        // One after the other, as a secretary opens them: fourteen at once had six Chromium prints compete for two cores,
        // and keyfigures' 3 s wait for the registered names ran out (the sheet then names the codes, as designed).
        var fetched = new List<(string Name, int Status, string ContentType, byte[] Body)>();
        foreach (var name in documents.SelectMany(d => new[] { $"HTML – {d.Title}", $"PDF – {d.Title}" }))
        {
            var href = await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).GetAttributeAsync("href") ?? "";
            var response = await page.APIRequest.GetAsync(href);
            fetched.Add((Name: name, response.Status, ContentType: response.Headers.GetValueOrDefault("content-type", ""), Body: await response.BodyAsync()));
        }
        foreach (var (title, heading) in documents)
        {
            var html = fetched.Single(f => f.Name == $"HTML – {title}");
            Assert.True(html.Status == 200, $"{html.Name}: {html.Status} {System.Text.Encoding.UTF8.GetString(html.Body)}");
            Assert.Contains("text/html", html.ContentType);
            var text = System.Text.Encoding.UTF8.GetString(html.Body);
            Assert.True(text.Contains(heading, StringComparison.Ordinal), $"{title}: no heading '{heading}'");
            Assert.True(text.Contains("Socialnämnden", StringComparison.Ordinal), $"{title}: the committee is not named 'Socialnämnden'");
            var pdf = fetched.Single(f => f.Name == $"PDF – {title}");
            Assert.True(pdf.Status == 200, $"{pdf.Name}: {pdf.Status} {System.Text.Encoding.UTF8.GetString(pdf.Body)}");
            Assert.Contains("application/pdf", pdf.ContentType);
            Assert.Equal("%PDF-"u8.ToArray(), pdf.Body.Take(5));
        }
        var csv = await page.APIRequest.GetAsync("/bi/economy/activity_figures.csv");
        Assert.Equal(200, csv.Status);
        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("operation,key,", lines[0]);
        Assert.Contains(lines, l => l.Contains("-247200000", StringComparison.Ordinal)); // 5731's Actual in the demo CSV
    }

    [Fact]
    public async Task A_committee_uploads_its_ledger_sees_bad_lines_and_submits()
    {
        var page = await Browser.SignedInPageAsync(suite, Roles.CommitteeWriter, "N05");
        Assert.EndsWith("/namnd/N05", new Uri(page.Url).AbsolutePath);
        await page.GetByRole(AriaRole.Link, new() { Name = "Rapportera", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/namnd/N05/arbete");

        // A file with a bad amount on its third line is refused whole, the line named.
        await page.GetByLabel("Fil", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "fel.csv", MimeType = "text/csv",
            Buffer = "record;fields\nreport;2024-helår;helårsprognos 202408\nfigure;2024-helår;100;;tolv;;;;;;;\n"u8.ToArray(),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Förhandsgranska" }).ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("lästes inte in");
        await Assertions.Expect(page.Locator("#line-errors")).ToContainTextAsync("Rad 3");
        await Browser.ScreenshotAsync(page, "upload-errors");

        // The corrected file: a net cost of 503 mnkr against the allocation of 500, a result of −3 mnkr. Padded with
        // comment lines to 3 MB, a file whose sending takes a moment: the page shows how much has been sent.
        var file = WebSuite.EconomyFile(5).Replace("-498000000", "-503000000", StringComparison.Ordinal)
            + string.Concat(Enumerable.Repeat("# utfyllnad: en stor fil skickas i delar och förloppet visas medan den skickas\n", 40_000));
        var bytes = System.Text.Encoding.UTF8.GetBytes(file);
        Assert.True(bytes.Length > 3_000_000);
        await page.GetByLabel("Fil", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "n05-2024.csv", MimeType = "text/csv", Buffer = bytes });
        await page.GetByRole(AriaRole.Button, new() { Name = "Förhandsgranska" }).ClickAsync();
        await Assertions.Expect(page.Locator("#upload-preview")).ToContainTextAsync("Ingenting är sparat ännu");
        await Assertions.Expect(page.Locator("#upload-preview-facts")).ToContainTextAsync("2024 helår");
        var rowsPreviewed = (await page.Locator("#upload-preview-facts dd").Nth(1).InnerTextAsync()).Trim();
        // The file was sent with progress: every byte of the form (the file and its envelope) reported as sent.
        var sent = await page.EvaluateAsync<double[]>("() => [window.nfUpload.loaded, window.nfUpload.total, window.nfUpload.events]");
        Assert.True(sent[1] > bytes.Length, $"the upload reported a total of {sent[1]} bytes for a file of {bytes.Length}");
        Assert.Equal(sent[1], sent[0]);
        Assert.True(sent[2] >= 1);
        await Browser.ScreenshotAsync(page, "upload-preview");
        Assert.Empty(await Browser.AccessibilityViolationsAsync(page));

        // The preview stored nothing: N05's result is still the +2 mnkr it uploaded at the start (500 − 498).
        var elsewhere = await page.Context.NewPageAsync();
        await elsewhere.GotoAsync("/namnd/N05");
        Assert.Equal("2,0", (await elsewhere.Locator("#result-summary tfoot td").Nth(2).InnerTextAsync()).Trim());
        await elsewhere.CloseAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Spara ändringarna" }).ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("är inläst");
        await Assertions.Expect(page.Locator("#upload-result")).ToContainTextAsync("2024 helår");
        // What the preview said would change is what changed.
        Assert.Equal(rowsPreviewed, (await page.Locator("#upload-result dd").Nth(1).InnerTextAsync()).Trim());

        // The committee's assessment of focus goal 1, kept by planning and shown in its Bilaga 1.
        await page.Locator("#assessment-1").SelectOptionAsync(new SelectOptionValue { Label = "Leder delvis till" });
        await page.Locator("#assessment-text-1").FillAsync("Delvis: se analysen.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara bedömningen" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Bedömningen av fokusmål 1 är sparad.");
        await Assertions.Expect(page.Locator("#assessment-text-1")).ToHaveValueAsync("Delvis: se analysen.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Lämna in till kommunledningskontoret" }).ClickAsync();
        await Assertions.Expect(page.Locator("#adoption-parts tbody tr", new() { HasText = "Ekonomi" })).ToContainTextAsync("Inlämnad");
        await Browser.ScreenshotAsync(page, "work");
        Assert.Empty(await Browser.AccessibilityViolationsAsync(page));

        await page.GotoAsync("/namnd/N05");
        await Assertions.Expect(page.Locator("#focus-goals tbody tr").First).ToContainTextAsync("Leder delvis till");
        // The committee's page shows the submitted economy version and the upload under the person's own sign-in.
        await Assertions.Expect(page.Locator("#versions tbody tr", new() { HasText = "Ekonomi" }).First).ToContainTextAsync("Inlämnad");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("dev:committee_writer@0380/N05");

        // The office sees the new result: 500 − 503 = −3 mnkr.
        var office = await Browser.SignedInPageAsync(suite, Roles.MunicipalOffice);
        var n05 = await CommitteeRow(office, "N05").Locator("td").AllInnerTextsAsync();
        Assert.Equal($"{Minus}3,0", n05[2].Trim());
        Assert.Contains("Ekonomi: inlämnad", n05[9]);
    }

    [Fact]
    public async Task The_office_sets_the_traffic_light_thresholds_and_the_overview_uses_them()
    {
        var page = await Browser.SignedInPageAsync(suite, Roles.MunicipalOffice);
        await page.GetByRole(AriaRole.Link, new() { Name = "Ändra trafikljusens gränser" }).ClickAsync();
        await page.WaitForURLAsync("**/trafikljus");
        var resultRed = page.GetByLabel("Resultat: röd under (% av kommunbidraget)");
        // Before the office sets any, economy's defaults: a deficit of 1 % of the allocation is red.
        await Assertions.Expect(page.Locator("#thresholds-state")).ToContainTextAsync("förval");
        await Assertions.Expect(resultRed).ToHaveValueAsync($"{Minus}1");
        await Browser.ScreenshotAsync(page, "thresholds");
        Assert.Empty(await Browser.AccessibilityViolationsAsync(page));

        // A red threshold above the yellow one (0) is refused by economy with the field named; nothing is stored.
        await resultRed.FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara gränserna" }).ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Gränserna sparades inte");
        await Assertions.Expect(page.Locator("#field-errors")).ToContainTextAsync("Resultat: röd under");
        Assert.Empty(await Browser.AccessibilityViolationsAsync(page));

        try
        {
            // Red below −0,2 %: N10's result of −3 mnkr on an allocation of 1 000 (−0,3 %) turns from yellow to red.
            await resultRed.FillAsync("-0,2");
            await page.GetByRole(AriaRole.Button, new() { Name = "Spara gränserna" }).ClickAsync();
            await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Gränserna är sparade");
            await Assertions.Expect(page.Locator("#thresholds-state")).ToContainTextAsync("version 1");
            await page.GotoAsync("/oversikt");
            var n10 = await CommitteeRow(page, "N10").Locator("td").AllInnerTextsAsync();
            Assert.Equal("Röd", n10[4].Trim());
            await Assertions.Expect(page.Locator("#thresholds-in-force")).ToContainTextAsync($"röd under {Minus}0,2 %");
        }
        finally
        {
            // The other tests expect economy's defaults again.
            await page.GotoAsync("/trafikljus");
            await resultRed.FillAsync("-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Spara gränserna" }).ClickAsync();
            await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Gränserna är sparade");
        }
    }

    [Fact]
    public async Task The_sign_in_page_passes_axe_and_refuses_a_committee_role_without_a_committee()
    {
        var context = await suite.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = suite.WebAddress });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/oversikt");
        Assert.EndsWith("/logga-in", new Uri(page.Url).AbsolutePath); // not signed in: sent to sign in
        await Browser.ScreenshotAsync(page, "sign-in");
        Assert.Empty(await Browser.AccessibilityViolationsAsync(page));

        await page.Locator("input[name=role][value=committee_writer]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("En nämndroll behöver en nämnd.");
    }

    [Fact]
    public async Task A_committee_reader_cannot_open_the_overview_of_the_municipality()
    {
        var page = await Browser.SignedInPageAsync(suite, Roles.CommitteeReader, "N02");
        await page.GotoAsync("/oversikt");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Översikten är för kommunledningskontoret");
        Assert.Equal(0, await page.Locator("#committees").CountAsync());
    }

    [Fact]
    public async Task The_web_app_refuses_to_start_in_production_with_the_development_sign_in()
    {
        var (exitCode, log) = await suite.RunWebUntilExitAsync(TimeSpan.FromSeconds(60),
            ("DOTNET_ENVIRONMENT", "Production"), ("ASPNETCORE_ENVIRONMENT", "Production"), ("DevSignIn__Enabled", "true"), ("Auth__SigningKey", suite.SigningKey));
        Assert.NotEqual(0, exitCode);
        Assert.NotEqual(int.MinValue, exitCode); // it exited rather than ran
        Assert.Contains("DevSignIn:Enabled is set in the 'Production' environment", log);
    }
}
