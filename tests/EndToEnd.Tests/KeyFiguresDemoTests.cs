using System.Diagnostics;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.TestSupport;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>The demo loaders as run.sh runs them: economy's CSV, then the key figures; the costs arrive by events.</summary>
[Collection(SuiteCollection.Name)]
public sealed class KeyFiguresDemoTests(Suite suite)
{
    [Fact]
    public async Task The_demo_data_gives_the_seeds_Bilaga_4_with_costs_from_economys_demo_by_events()
    {
        Load("load-economy.sh");
        Load("load-keyfigures.sh");

        var sheet = await KeyFiguresTesting.SheetWhen(suite, Municipality, "SCN",
            s => KeyFiguresTesting.KeyFigures(s).Count() == 5 && KeyFiguresTesting.KeyFigures(s).All(v => v.Computable),
            "economy's demo unit rows to reach keyfigures");

        var shown = KeyFiguresTesting.KeyFigures(sheet).ToDictionary(v => v.DefinitionCode, v => v.ValueShown);
        Assert.Equal(["5,4", "5,4", "1,7", "10,9", "23,6"], new[] { shown["5731-1"], shown["5731-2"], shown["5732-1"], shown["5733-1"], shown["5733-2"] });
        var institution = sheet.Values.Single(v => v.DefinitionCode == "5731-1");
        Assert.Equal(178_503_400m, institution.Inputs.Single(i => i.Name == "total_costs").Value.ToDecimal());
        Assert.Equal(1m, Assert.Single(institution.RoundingNotes).Difference.ToDecimal());
        // Volume statistics of Bilaga 2 and 3.
        Assert.Equal(5_480m, sheet.Values.Single(v => v.DefinitionCode == "vol-barn-med-anmalan").Value.ToDecimal());
        Assert.Equal(3m, sheet.Values.Single(v => v.DefinitionCode == "vol-andel-egna-familjehem").Change.ToDecimal());
        // The eight statistics of Bilaga 2 and 3 that were missing: shares by reporter, adult care and refugee reception.
        var statistics = new Dictionary<string, decimal>
        {
            ["vol-anm-miljo-socialtjansten"] = 29, ["vol-anm-miljo-vardgivare"] = 23, ["vol-vux-varddygn-hvb"] = -13,
            ["vol-vux-dygn-stodboende"] = 1, ["vol-vux-sis-dygn"] = 5_000, ["vol-vux-oppenvard-beroende"] = 9,
            ["vol-vux-skyddat-boende"] = 15, ["vol-fly-arenden"] = 25,
        };
        Assert.All(statistics, s => Assert.Equal(s.Value, sheet.Values.Single(v => v.DefinitionCode == s.Key).Value.ToDecimal()));
        // Drygt 5 000 SiS days against drygt 3 500 in 2023.
        Assert.Equal(3_500m, sheet.Values.Single(v => v.DefinitionCode == "vol-vux-sis-dygn").PriorYearValue.ToDecimal());
    }

    [Fact]
    public async Task The_demos_Bilaga_4_prints_on_A4_with_names_volumes_in_their_columns_and_no_report_said_plainly()
    {
        Load("load-economy.sh");
        Load("load-keyfigures.sh");
        await KeyFiguresTesting.SheetWhen(suite, Municipality, "SCN",
            s => KeyFiguresTesting.KeyFigures(s).Count() == 5 && KeyFiguresTesting.KeyFigures(s).All(v => v.Computable),
            "economy's demo unit rows to reach keyfigures");

        // The names as kommunledningskontoret registers them in economy; the sheet prints them, not the codes.
        var names = ReadDemo("names.json");
        await suite.Rest.PostOkAsync($"/api/v1/economy/municipalities/{Municipality}/names", names);
        var registered = $"{(string)names["committees"]!.AsArray().Single(c => (string)c!["committeeCode"]! == "SCN")!["name"]!}, {(string)names["municipalityName"]!}";

        var html = await (await suite.Rest.GetAsync(KeyFiguresTesting.Path(Municipality, "SCN", "sheet/document") + KeyFiguresTesting.FullYearQuery)).Content.ReadAsStringAsync();
        Assert.Contains($"<title>Bilaga 4 – Nyckeltal Bokslut 2024 – {registered}</title>", html);
        Assert.Contains($"<div><span>{registered}</span>", html);
        Assert.DoesNotContain("Nämnd: SCN", html);
        Assert.DoesNotContain("kommun 0380", html);
        // The demo starts no key-figure report: the sheet says so instead of "Utkast".
        Assert.Contains("Ingen rapport upprättad för perioden", html);
        Assert.DoesNotContain("Utkast", html);
        Assert.Contains("<h2>Barn och ungdomsvård enl SoL o LVU: Institutionsvård för barn och ungdom (5731)</h2>", html);
        // A statistic that is a change stands in the change column, not under "Bokslut 2024"; a count keeps its value.
        Assert.Contains("<tr class=\"volume\"><td>Vårddygn utanför eget hem, förändring mot föregående år</td><td></td><td class=\"amount\"></td><td class=\"amount\"></td><td class=\"amount\">+5 %</td></tr>", html);
        Assert.Contains("<tr class=\"volume\"><td>Dygn på HVB inklusive SiS-placeringar, förändring mot föregående år</td><td></td><td class=\"amount\"></td><td class=\"amount\"></td><td class=\"amount\">\u22121 %</td></tr>", html);
        Assert.Contains("<tr class=\"volume\"><td>Upprättade orosanmälningar</td><td>anmälningar</td><td class=\"amount\">12\u00a0361</td>", html);

        var response = await suite.Rest.GetAsync(KeyFiguresTesting.Path(Municipality, "SCN", "sheet/document.pdf") + KeyFiguresTesting.FullYearQuery);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = PdfDocument.Read(bytes, Path.Combine(AppContext.BaseDirectory, "documents"), "bilaga4");
        Assert.True(pdf.IsA4 && pdf.Height > pdf.Width, $"{pdf.Width} x {pdf.Height}");
        // The seed's Bilaga 4 is three pages of key figures; the volumes add about one.
        Assert.InRange(pdf.Pages, 2, 5);
        Assert.Empty(pdf.WordsOutside(51));
        Assert.Contains($"Sida 1 ({pdf.Pages})", pdf.Text);
        Assert.Contains("Kostnad per vårddygn på institution", pdf.Text);
        Assert.Contains(registered, pdf.Text);
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
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{script} failed ({process.ExitCode}): {stdout}{stderr.Result}");
    }
}
