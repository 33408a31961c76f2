using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>Helpers of the key-figure tests: scopes, the demo definitions, economy's unit rows.</summary>
public static class KeyFiguresTesting
{
    public const string FullYearQuery = "?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR";

    /// <summary>A municipality of its own (definitions are per municipality) and a committee.</summary>
    public static (string Municipality, string Committee) NewScope() =>
        ($"9{Random.Shared.Next(0, 1000):000}", NewCommittee("K"));

    public static string DefinitionsPath(string m) => $"/api/v1/keyfigures/municipalities/{m}/definitions";
    public static string Path(string m, string c, string rest) => $"/api/v1/keyfigures/municipalities/{m}/committees/{c}/{rest}";
    public static string EconomyPath(string m, string c, string rest) => $"/api/v1/economy/municipalities/{m}/committees/{c}/{rest}";

    public static JsonObject DemoDefinition(string code) =>
        ReadDemo("keyfigures-definitions.json").AsArray().Single(d => d!["code"]!.GetValue<string>() == code)!.DeepClone().AsObject();

    public static JsonObject DemoInputs2024() => ReadDemo("keyfigures-inputs-2024.json").AsObject();

    public static async Task DefineDemoDefinitions(ISuiteApi suite, string m)
    {
        foreach (var definition in ReadDemo("keyfigures-definitions.json").AsArray())
        {
            await suite.Rest.PostOkAsync(DefinitionsPath(m), new JsonObject { ["definition"] = definition!.DeepClone() });
        }
    }

    /// <summary>Economy rows with costs and income; Actual = Income − Costs as economy requires.</summary>
    public static JsonObject EconomyRows(params (string Activity, string Unit, decimal Costs, decimal Income)[] rows) => new()
    {
        ["period"] = FullYear2024.DeepClone(),
        ["figures"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
        {
            ["activityCode"] = r.Activity, ["unitCode"] = r.Unit,
            ["costs"] = Amount(r.Costs), ["income"] = Amount(r.Income), ["actual"] = Amount(r.Income - r.Costs),
        }).ToArray()),
    };

    /// <summary>The unit rows economy's demo data holds for 2024 helår (Bilaga 4's cost inputs).</summary>
    /// <summary>Economy figures of a committee in a municipality of its own, whose activity codes are registered first (economy refuses others).</summary>
    public static async Task<JsonNode> RecordEconomyFiguresAsync(ISuiteApi suite, string m, string c, JsonNode figures)
    {
        await TestActivities.RegisterAsync(suite.Rest, m);
        return await suite.Rest.PostOkAsync(EconomyPath(m, c, "figures"), figures);
    }

    public static Task RecordEconomyUnitRows(ISuiteApi suite, string m, string c) =>
        RecordEconomyFiguresAsync(suite, m, c, EconomyRows(
            ("5731", "BOU-INST", 178_503_400m, 4_327_500m),
            ("5731", "BOU-INST-EXT", 109_438_400m, 4_327_500m),
            ("5732", "BOU-FAM", 173_209_000m, 5_792_000m),
            ("5733", "BOU-OPPEN", 92_243_000m, 379_000m),
            ("5733", "BOU-OPPEN-EXT", 5_870_000m, 0m)));

    public static IEnumerable<ComputedValue> KeyFigures(KeyFigureSheet sheet) => sheet.Values.Where(v => v.Category == Category.KeyFigure);

    public static Task<KeyFigureSheet> Sheet(ISuiteApi suite, string m, string c) =>
        new KeyFiguresService.KeyFiguresServiceClient(suite.Grpc).GetKeyFigureSheetAsync(new GetKeyFigureSheetRequest
        {
            MunicipalityCode = m, CommitteeCode = c, Period = FullYear2024Proto,
        }).ResponseAsync;

    public static Task<KeyFigureSheet> SheetWhen(ISuiteApi suite, string m, string c, Func<KeyFigureSheet, bool> condition, string what) =>
        Eventually(() => Sheet(suite, m, c), condition, TimeSpan.FromSeconds(30), what);

    public static List<(string Field, string Description)> Violations(string body)
    {
        var error = JsonNode.Parse(body)!;
        Assert.Equal(3, error["code"]!.GetValue<int>()); // INVALID_ARGUMENT
        return error["details"]![0]!["fieldViolations"]!.AsArray()
            .Select(v => (v!["field"]!.GetValue<string>(), v["description"]!.GetValue<string>())).ToList();
    }
}
