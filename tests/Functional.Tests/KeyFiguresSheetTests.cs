using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// Key-figure definitions as data, values computed from economy's unit rows (arriving by events) and entered
/// volumes, the report workflow and the sheet. Each test has a municipality of its own, because definitions
/// are the municipality's.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class KeyFiguresSheetTests(ServiceHosts suite)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_seeds_Bilaga_4_is_computed_from_economy_events_and_entered_volumes()
    {
        var (m, c) = KeyFiguresTesting.NewScope();
        await KeyFiguresTesting.DefineDemoDefinitions(suite, m);
        await KeyFiguresTesting.RecordEconomyUnitRows(suite, m, c);
        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, c, "inputs"), KeyFiguresTesting.DemoInputs2024());

        var sheet = await KeyFiguresTesting.SheetWhen(suite, m, c, s => KeyFiguresTesting.KeyFigures(s).All(v => v.Computable),
            "the economy unit rows to reach keyfigures");

        var shown = KeyFiguresTesting.KeyFigures(sheet).ToDictionary(v => v.DefinitionCode, v => v.ValueShown);
        Assert.Equal("5,4", shown["5731-1"]);
        Assert.Equal("5,4", shown["5731-2"]);
        Assert.Equal("1,7", shown["5732-1"]);
        Assert.Equal("10,9", shown["5733-1"]);
        Assert.Equal("23,6", shown["5733-2"]);

        // Exact: (178 503 400 − 4 327 500) kr / 32 380 care days, the costs taken from economy's event.
        var institution = sheet.Values.Single(v => v.DefinitionCode == "5731-1");
        Assert.Equal((178_503_400m - 4_327_500m) / 32_380m, institution.Value.ToDecimal());
        var totalCosts = institution.Inputs.Single(i => i.Name == "total_costs");
        Assert.Equal(InputKind.Economy, totalCosts.Kind);
        Assert.Equal(178_503_400m, totalCosts.Value.ToDecimal());
        Assert.True(totalCosts.SourceVersion >= 1);
        Assert.Equal("5731-1", sheet.Values.Single(v => v.DefinitionCode == "5731-2").ParentCode);

        // The seed's 1-tkr differences are rounding notes, not errors: 178 503 − 4 328 = 174 175, shown 174 176.
        var note = Assert.Single(institution.RoundingNotes);
        Assert.Equal("net_cost", note.Input);
        Assert.Equal(174_176m, note.Shown.ToDecimal());
        Assert.Equal(174_175m, note.FromShownParts.ToDecimal());
        Assert.Equal(1m, note.Difference.ToDecimal());
        var external = Assert.Single(sheet.Values.Single(v => v.DefinitionCode == "5731-2").RoundingNotes);
        Assert.Equal(105_111m, external.Shown.ToDecimal());   // 109 438 − 4 328 = 105 110
        Assert.Empty(sheet.Values.Single(v => v.DefinitionCode == "5732-1").RoundingNotes);
    }

    [Fact]
    public async Task An_economy_change_after_adoption_is_flagged_with_the_adopted_value_kept()
    {
        var (m, c) = KeyFiguresTesting.NewScope();
        await KeyFiguresTesting.DefineDemoDefinitions(suite, m);
        await KeyFiguresTesting.RecordEconomyUnitRows(suite, m, c);
        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, c, "inputs"), KeyFiguresTesting.DemoInputs2024());
        await KeyFiguresTesting.SheetWhen(suite, m, c, s => KeyFiguresTesting.KeyFigures(s).All(v => v.Computable), "the economy rows");

        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, c, "report:submit"), new JsonObject { ["period"] = FullYear2024.DeepClone() });
        var adopted = await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, c, "report:adopt"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(), ["caseNumber"] = "SCN-2025-00042", ["decisionDate"] = new JsonObject { ["year"] = 2025, ["month"] = 2, ["day"] = 12 },
        });
        Assert.Equal("REPORT_STATUS_ADOPTED", adopted["state"]!["status"]!.GetValue<string>());

        // Entered inputs are locked now; the refusal stores nothing.
        var locked = await suite.Rest.PostAsync(KeyFiguresTesting.Path(m, c, "inputs"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["values"] = new JsonArray(new JsonObject { ["definitionCode"] = "5731-1", ["input"] = "care_days", ["value"] = Amount(1m) }),
        });
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Contains("adopted", await locked.Content.ReadAsStringAsync());

        // Economy corrects Institutionsvård's costs by +10 000 000 kr: the value follows, flagged.
        await KeyFiguresTesting.RecordEconomyFiguresAsync(suite, m, c, KeyFiguresTesting.EconomyRows(("5731", "BOU-INST", 188_503_400m, 4_327_500m)));
        var sheet = await KeyFiguresTesting.SheetWhen(suite, m, c,
            s => s.Values.Single(v => v.DefinitionCode == "5731-1").ChangedAfterAdoption, "the corrected costs to reach keyfigures");

        var institution = sheet.Values.Single(v => v.DefinitionCode == "5731-1");
        Assert.Equal((188_503_400m - 4_327_500m) / 32_380m, institution.Value.ToDecimal());
        Assert.Equal("5,7", institution.ValueShown);          // 184 175 900 / 32 380 = 5 688,0 kr
        Assert.Equal((178_503_400m - 4_327_500m) / 32_380m, institution.AdoptedValue.ToDecimal());
        Assert.Equal("5,4", institution.AdoptedValueShown);
        Assert.Equal(32_380m, institution.Inputs.Single(i => i.Name == "care_days").Value.ToDecimal());
        Assert.False(sheet.Values.Single(v => v.DefinitionCode == "5732-1").ChangedAfterAdoption);
        Assert.Equal(ReportStatus.Adopted, sheet.Report.Status);

        // The adopted version keeps the sheet as decided, in the contract's JSON: the value and its inputs before economy's correction.
        var version1 = await Reports(suite.Grpc, "keyfigures").GetReportAsync(new Contracts.Report.V1.GetReportRequest
        {
            MunicipalityCode = m, CommitteeCode = c, Period = FullYear2024Proto, Service = "keyfigures", Version = 1,
        });
        var kept = Google.Protobuf.JsonParser.Default.Parse<KeyFigureSheet>(version1.SnapshotJson).Values.Single(v => v.DefinitionCode == "5731-1");
        Assert.Equal(((178_503_400m - 4_327_500m) / 32_380m, "5,4"), (kept.Value.ToDecimal(), kept.ValueShown));
        Assert.Equal((178_503_400m, 32_380m), (kept.Inputs.Single(i => i.Name == "total_costs").Value.ToDecimal(), kept.Inputs.Single(i => i.Name == "care_days").Value.ToDecimal()));

        var document = await suite.Rest.GetAsync(KeyFiguresTesting.Path(m, c, "sheet/document") + KeyFiguresTesting.FullYearQuery);
        Assert.Equal("text/html", document.Content.Headers.ContentType?.MediaType);
        var html = await document.Content.ReadAsStringAsync();
        Assert.Contains("Ändrat efter fastställande: fastställt värde 5,4, nu 5,7", html);
        Assert.Contains("SCN-2025-00042", html);
    }

    [Fact]
    public async Task The_sheet_document_is_printable_Swedish_html_with_shaded_input_cells()
    {
        var (m, c) = KeyFiguresTesting.NewScope();
        await KeyFiguresTesting.DefineDemoDefinitions(suite, m);
        await KeyFiguresTesting.RecordEconomyUnitRows(suite, m, c);
        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, c, "inputs"), KeyFiguresTesting.DemoInputs2024());
        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, c, "inputs"), new JsonObject
        {
            ["period"] = new JsonObject { ["year"] = 2023, ["point"] = "PERIOD_POINT_FULL_YEAR" },
            ["values"] = new JsonArray(new JsonObject { ["definitionCode"] = "vol-andel-egna-familjehem", ["input"] = "share_percent", ["value"] = Amount(56m) }),
        });
        var sheet = await KeyFiguresTesting.SheetWhen(suite, m, c, s => KeyFiguresTesting.KeyFigures(s).All(v => v.Computable), "the economy rows");

        var share = sheet.Values.Single(v => v.DefinitionCode == "vol-andel-egna-familjehem");
        Assert.Equal(59m, share.Value.ToDecimal());
        Assert.Equal(56m, share.PriorYearValue.ToDecimal());
        Assert.Equal(3m, share.Change.ToDecimal());
        Assert.Equal(Category.VolumeStatistic, share.Category);
        Assert.Equal("3 672", sheet.Values.Single(v => v.DefinitionCode == "vol-inledda-utredningar").ValueShown.Replace('\u00a0', ' '));

        var response = await suite.Rest.GetAsync(KeyFiguresTesting.Path(m, c, "sheet/document") + KeyFiguresTesting.FullYearQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"sv\">", html);
        Assert.Contains("Skuggade celler = registrera uppgift", html);
        Assert.Contains("Bokslut 2024", html);
        Assert.Contains("Varav kostnad per vårddygn på externa institutioner", html);
        // The entered care days are a shaded input cell; the economy costs are not.
        Assert.Contains("<td>Antal vårddygn**)</td><td class=\"amount input\">32\u00a0380</td>", html);
        Assert.Contains("<td>Totala kostnader</td><td class=\"amount\">178\u00a0503</td>", html);
        Assert.Contains("Avrundning: Nettokostnad 174\u00a0176", html);
        Assert.Contains("+3 procentenheter", html);
        Assert.Contains("−4 % (uppgift)", html);
    }

    [Fact]
    public async Task A_bad_definition_is_refused_naming_every_problem_and_nothing_is_stored()
    {
        var (m, _) = KeyFiguresTesting.NewScope();
        var definition = KeyFiguresTesting.DemoDefinition("5731-1");
        definition["code"] = "bad-1";
        definition["formula"] = "net_cost / antal_dygn";                        // unknown input
        definition["inputs"]![2]!["formula"] = "total_costs - other_income + check";
        definition["inputs"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "check", ["label"] = "Kontroll", ["kind"] = "INPUT_KIND_COMPUTED", ["formula"] = "net_cost * 2",  // a cycle
        });

        var response = await suite.Rest.PostAsync(KeyFiguresTesting.DefinitionsPath(m), new JsonObject { ["definition"] = definition });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var violations = KeyFiguresTesting.Violations(await response.Content.ReadAsStringAsync());
        Assert.Contains(violations, v => v.Field == "definition.formula" && v.Description.Contains("unknown input 'antal_dygn'"));
        Assert.Contains(violations, v => v.Description.Contains("cycle") && v.Description.Contains("net_cost → check → net_cost"));

        // Division by a volume that may be zero, without a rule.
        var noRule = KeyFiguresTesting.DemoDefinition("5731-1");
        noRule["code"] = "bad-2";
        noRule["inputs"]![3]!["zeroMeansNotComputable"] = false;
        response = await suite.Rest.PostAsync(KeyFiguresTesting.DefinitionsPath(m), new JsonObject { ["definition"] = noRule });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(KeyFiguresTesting.Violations(await response.Content.ReadAsStringAsync()),
            v => v.Description.Contains("divides by input 'care_days', which may be zero, without a rule"));

        var listed = await new KeyFiguresService.KeyFiguresServiceClient(suite.Grpc)
            .ListKeyFigureDefinitionsAsync(new ListKeyFigureDefinitionsRequest { MunicipalityCode = m });
        Assert.Empty(listed.Definitions);
    }

    [Fact]
    public async Task Text_where_a_number_belongs_is_refused_and_nothing_of_the_request_is_stored()
    {
        var (m, c) = KeyFiguresTesting.NewScope();
        await KeyFiguresTesting.DefineDemoDefinitions(suite, m);

        var response = await suite.Rest.PostAsync(KeyFiguresTesting.Path(m, c, "inputs"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["values"] = new JsonArray(
                new JsonObject { ["definitionCode"] = "5732-1", ["input"] = "care_days", ["value"] = Amount(98_016m) },
                new JsonObject { ["definitionCode"] = "5731-1", ["input"] = "care_days", ["value"] = new JsonObject { ["value"] = "trettiotvåtusen" } },
                new JsonObject { ["definitionCode"] = "5731-1", ["input"] = "net_cost", ["value"] = Amount(5m) }),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var violations = KeyFiguresTesting.Violations(await response.Content.ReadAsStringAsync());
        Assert.Contains(violations, v => v.Field == "values[1].value" && v.Description.Contains("trettiotvåtusen"));
        // Checked separately once the numbers parse: a computed input is never entered.
        var second = await suite.Rest.PostAsync(KeyFiguresTesting.Path(m, c, "inputs"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["values"] = new JsonArray(
                new JsonObject { ["definitionCode"] = "5732-1", ["input"] = "care_days", ["value"] = Amount(98_016m) },
                new JsonObject { ["definitionCode"] = "5731-1", ["input"] = "net_cost", ["value"] = Amount(5m) }),
        });
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains(KeyFiguresTesting.Violations(await second.Content.ReadAsStringAsync()),
            v => v.Field == "values[1].input" && v.Description.Contains("computed"));

        var sheet = await KeyFiguresTesting.Sheet(suite, m, c);
        Assert.All(sheet.Values, v => Assert.All(v.Inputs.Where(i => i.Kind == InputKind.Entered), i => Assert.Null(i.Value)));
        Assert.Contains("no value has been entered for 'care_days'",
            sheet.Values.Single(v => v.DefinitionCode == "5732-1").Inputs.Single(i => i.Name == "care_days").NotComputableReason);
    }
}
