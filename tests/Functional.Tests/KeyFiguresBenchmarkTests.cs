using System.Net;
using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.Functional.Tests;

/// <summary>Kolada values imported through the key-figure API and a committee's key figure compared with its groups.</summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class KeyFiguresBenchmarkTests(ServiceHosts suite)
{
    // A KPI id of our own making: the tests are about the format and the arithmetic, not Kolada's catalogue.
    private readonly string Kpi = $"X{Random.Shared.Next(10_000, 100_000)}";

    private string Kolada(params (string Area, string Value)[] rows) => new JsonObject
    {
        ["count"] = rows.Length,
        ["values"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
        {
            ["kpi"] = Kpi, ["municipality"] = r.Area, ["period"] = 2024,
            ["values"] = new JsonArray(new JsonObject { ["gender"] = "T", ["status"] = "", ["value"] = JsonNode.Parse(r.Value), ["count"] = 1 }),
        }).ToArray()),
    }.ToJsonString();

    [Fact]
    public async Task A_committees_value_is_compared_with_its_group_and_the_country_by_difference_and_rank()
    {
        var (m, c) = KeyFiguresTesting.NewScope();
        var definition = KeyFiguresTesting.DemoDefinition("5731-1");
        definition["koladaKpiId"] = Kpi;
        await suite.Rest.PostOkAsync(KeyFiguresTesting.DefinitionsPath(m), new JsonObject { ["definition"] = definition });
        await KeyFiguresTesting.RecordEconomyFiguresAsync(suite, m, c, KeyFiguresTesting.EconomyRows(("5731", "BOU-INST", 178_503_400m, 4_327_500m)));
        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, c, "inputs"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["values"] = new JsonArray(new JsonObject { ["definitionCode"] = "5731-1", ["input"] = "care_days", ["value"] = Amount(32_380m) }),
        });
        await KeyFiguresTesting.SheetWhen(suite, m, c, s => s.Values.Single().Computable, "the economy row");

        await suite.Rest.PostOkAsync($"/api/v1/keyfigures/municipalities/{m}/comparison-groups", new JsonObject
        {
            ["groupId"] = "R12", ["name"] = "R12-nätverket", ["members"] = new JsonArray("0180", "1480", "1280", m),
        });
        var imported = await suite.Rest.PostOkAsync($"/api/v1/keyfigures/municipalities/{m}/kolada-values", new JsonObject
        {
            ["content"] = Kolada(("0180", "6000"), ("1480", "5000"), ("1280", "4000"), (m, "5300"), ("0000", "5800")),
        });
        Assert.Equal(5, imported["imported"]!.GetValue<int>());

        var comparison = await new KeyFiguresService.KeyFiguresServiceClient(suite.Grpc).CompareKeyFigureAsync(new CompareKeyFigureRequest
        {
            MunicipalityCode = m, CommitteeCode = c, Period = FullYear2024Proto, DefinitionCode = "5731-1",
        });

        var own = (178_503_400m - 4_327_500m) / 32_380m;   // 5 379,12 kr per care day
        Assert.Equal(own, comparison.Value.ToDecimal());
        var r12 = comparison.Groups.Single(g => g.GroupId == "R12");
        // Unweighted mean of the members' Kolada values: (6000 + 5000 + 4000 + 5300) / 4 = 5075.
        Assert.Equal(5_075m, r12.GroupValue.ToDecimal());
        Assert.True(r12.GroupValueFromMembers);
        Assert.Equal(own - 5_075m, r12.Difference.ToDecimal());
        Assert.Equal(3, r12.Rank);     // 4000 and 5000 are lower
        Assert.Equal(4, r12.Ranked);
        var country = comparison.Groups.Single(g => g.GroupId == "0000");
        Assert.Equal(5_800m, country.GroupValue.ToDecimal());   // Kolada's own country value
        Assert.False(country.GroupValueFromMembers);
    }

    [Fact]
    public async Task A_Kolada_file_with_a_malformed_row_imports_nothing_and_names_the_row()
    {
        var (m, c) = KeyFiguresTesting.NewScope();
        var definition = KeyFiguresTesting.DemoDefinition("5732-1");
        definition["koladaKpiId"] = Kpi;
        await suite.Rest.PostOkAsync(KeyFiguresTesting.DefinitionsPath(m), new JsonObject { ["definition"] = definition });
        await suite.Rest.PostOkAsync($"/api/v1/keyfigures/municipalities/{m}/comparison-groups", new JsonObject
        {
            ["groupId"] = "R12", ["name"] = "R12-nätverket", ["members"] = new JsonArray("0180", "1480"),
        });
        // Third row: a Swedish decimal comma in a text where Kolada has a number.
        var file = Kolada(("0180", "6000"), ("1480", "5000"), ("1281", "\"4 000,5\""));

        var response = await suite.Rest.PostAsync($"/api/v1/keyfigures/municipalities/{m}/kolada-values", new JsonObject { ["content"] = file });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var violation = Assert.Single(KeyFiguresTesting.Violations(await response.Content.ReadAsStringAsync()));
        Assert.Equal("content.values[2].values[0].value", violation.Field);
        Assert.Contains("row 3", violation.Description);
        Assert.Contains("4 000,5", violation.Description);

        // Nothing of the file was stored: the group has no values to compare with.
        var comparison = await new KeyFiguresService.KeyFiguresServiceClient(suite.Grpc).CompareKeyFigureAsync(new CompareKeyFigureRequest
        {
            MunicipalityCode = m, CommitteeCode = c, Period = FullYear2024Proto, DefinitionCode = "5732-1",
        });
        var r12 = Assert.Single(comparison.Groups);
        Assert.Null(r12.GroupValue);
        Assert.Equal(0, r12.Ranked);
    }
}
