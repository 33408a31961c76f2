using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.KeyFigures.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// Kolada's API response posted to key figures exactly as Kolada serves it (tests/fixtures/kolada, see its
/// README; the expected values there were computed from the files with Python), page by page following
/// next_url or all pages in one body, and compared with its status flags shown.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class KoladaUploadTests(ServiceHosts suite)
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(Repository.Root, "tests", "fixtures", "kolada", name));

    private static string UploadPath(string m) => $"/api/v1/keyfigures/municipalities/{m}/kolada-values:upload";

    private HttpClient Office(string m)
    {
        var client = suite.AnonymousRest();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(m, null, Roles.MunicipalOffice));
        return client;
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> Post(HttpClient client, string path, byte[] body, string contentType = "application/json")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }

    [Fact]
    public async Task A_v3_response_posted_page_by_page_as_served_is_compared_with_its_status_flags()
    {
        var (m, c) = KeyFiguresTesting.NewScope();
        var definition = KeyFiguresTesting.DemoDefinition("5731-1");
        definition["koladaKpiId"] = "N17473";
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
        await suite.Rest.PostOkAsync($"/api/v1/keyfigures/municipalities/{m}/comparison-groups", new JsonObject
        {
            ["groupId"] = "G124055", ["name"] = "Kommungrupp (Kolada)", ["members"] = new JsonArray("0180", "1480"),
        });
        using var office = Office(m);

        // Page by page: each answer carries the next page's link, the last one none.
        var (status, first) = await Post(office, UploadPath(m), Fixture("v3-N17473-2024-page1.json"));
        Assert.True(status == HttpStatusCode.OK, first.ToJsonString());
        Assert.Equal(9, first["imported"]!.GetValue<int>());
        Assert.Equal(1, first["pages"]!.GetValue<int>());
        Assert.Equal(4, first["withStatus"]!.GetValue<int>());
        Assert.Equal("https://api.kolada.se/v3/data/kpi/N17473/year/2024?page=2&per_page=5", (string)first["nextUrl"]!);
        var (_, second) = await Post(office, UploadPath(m), Fixture("v3-N17473-2024-page2.json"));
        Assert.Equal(6, second["imported"]!.GetValue<int>());
        Assert.Null(second["nextUrl"]); // empty: proto3 JSON leaves it out

        var comparison = await new KeyFiguresService.KeyFiguresServiceClient(suite.Grpc).CompareKeyFigureAsync(new CompareKeyFigureRequest
        {
            MunicipalityCode = m, CommitteeCode = c, Period = FullYear2024Proto, DefinitionCode = "5731-1",
        });
        var own = (178_503_400m - 4_327_500m) / 32_380m;
        Assert.Equal(own, comparison.Value.ToDecimal());

        // R12 has no Kolada value of its own: the mean of the members' T values 6100.5, 5000.25 (Preliminary) and 4000.
        var r12 = comparison.Groups.Single(g => g.GroupId == "R12");
        Assert.Equal((6100.5m + 5000.25m + 4000m) / 3, r12.GroupValue.ToDecimal());
        Assert.Equal("", r12.Status);
        Assert.Equal(new[] { ("0180", 6100.5m, ""), ("1280", 4000m, ""), ("1480", 5000.25m, "Preliminary") },
            r12.Values.Select(v => (v.AreaId, v.Value.ToDecimal(), v.Status)));
        Assert.Equal(3, r12.Rank);   // 4000 and 5000.25 are lower than 5379.12
        Assert.Equal(4, r12.Ranked);

        // A Kolada group id: Kolada's own group value, with its flag.
        var group = comparison.Groups.Single(g => g.GroupId == "G124055");
        Assert.Equal(4711.05m, group.GroupValue.ToDecimal());
        Assert.False(group.GroupValueFromMembers);
        Assert.Equal("Preliminary", group.Status);

        var country = comparison.Groups.Single(g => g.GroupId == "0000");
        Assert.Equal(5804.4m, country.GroupValue.ToDecimal());
        Assert.Equal("", country.Status);
        // 0580's value is null (status Missing): stored, but never compared.
        Assert.DoesNotContain(country.Values, v => v.AreaId == "0580");

        // Both pages in one body, as `cat page1.json page2.json` writes them: the same values again, nothing new.
        var (_, both) = await Post(office, UploadPath(m), [.. Fixture("v3-N17473-2024-page1.json"), (byte)'\n', .. Fixture("v3-N17473-2024-page2.json")]);
        Assert.Equal(15, both["imported"]!.GetValue<int>());
        Assert.Equal(2, both["pages"]!.GetValue<int>());
        Assert.Equal(5, both["withStatus"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_v2_change_answer_removes_the_values_Kolada_deleted()
    {
        var (m, _) = KeyFiguresTesting.NewScope();
        using var office = Office(m);
        await Post(office, UploadPath(m), Fixture("v3-N17473-2024-page1.json"));

        var (status, body) = await Post(office, UploadPath(m), Fixture("v2-N17473-from-date.json"));

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(1, body["deleted"]!.GetValue<int>());
        Assert.Equal(1, body["imported"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_bad_page_stores_nothing_and_names_page_and_row_and_other_bodies_and_callers_are_refused()
    {
        var (m, c) = KeyFiguresTesting.NewScope();
        var definition = KeyFiguresTesting.DemoDefinition("5731-1");
        definition["koladaKpiId"] = "N17473";
        await suite.Rest.PostOkAsync(KeyFiguresTesting.DefinitionsPath(m), new JsonObject { ["definition"] = definition });
        await suite.Rest.PostOkAsync($"/api/v1/keyfigures/municipalities/{m}/comparison-groups", new JsonObject
        {
            ["groupId"] = "R12", ["name"] = "R12-nätverket", ["members"] = new JsonArray("0180", "1480"),
        });
        using var office = Office(m);
        var bad = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(Fixture("v3-N17473-2024-page2.json")).Replace("\"gender\":\"T\",\"status\":\"\",\"value\":5725.8", "\"gender\":\"X\",\"status\":\"\",\"value\":5725.8"));

        var (status, error) = await Post(office, UploadPath(m), [.. Fixture("v3-N17473-2024-page1.json"), .. bad]);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var violation = Assert.Single(KeyFiguresTesting.Violations(error.ToJsonString()));
        Assert.Equal("content.pages[1].values[0].values[0].gender", violation.Field);
        Assert.Contains("page 2, row 1", violation.Description);
        // Nothing of the first, good page was stored: no member has a value, and there is no country to compare with.
        var comparison = await new KeyFiguresService.KeyFiguresServiceClient(suite.Grpc).CompareKeyFigureAsync(new CompareKeyFigureRequest
        {
            MunicipalityCode = m, CommitteeCode = c, Period = FullYear2024Proto, DefinitionCode = "5731-1",
        });
        var r12 = Assert.Single(comparison.Groups);
        Assert.Null(r12.GroupValue);
        Assert.Empty(r12.Values);

        var (unsupported, _) = await Post(office, UploadPath(m), Fixture("v3-N17473-2024-page1.json"), "application/xml");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported);

        using var committee = suite.AnonymousRest();
        committee.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(m, c, Roles.CommitteeWriter));
        var (forbidden, _) = await Post(committee, UploadPath(m), Fixture("v3-N17473-2024-page1.json"));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        var (anonymous, _) = await Post(suite.AnonymousRest(), UploadPath(m), Fixture("v3-N17473-2024-page1.json"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
    }
    [Theory]
    [InlineData("text/plain", "kpi;municipality;period;gender;value;count\nN17473;0380;2024;T;5379.1\u0000;1\n", "content")]
    [InlineData("text/csv", "kpi;municipality;period;gender;value;count\nN17473;0380;2024;T;5379.1;1\n\u0000", "content")]
    [InlineData("application/json", "{\"values\":[{\"kpi\":\"N17473\\u0000\",\"municipality\":\"0380\",\"period\":2024,\"values\":[{\"gender\":\"T\",\"value\":1.5}]}]}", "content.values[0].kpi")]
    [InlineData("application/json", "{\"values\":[{\"kpi\":\"N17473\",\"municipality\":\"0380\",\"period\":1999,\"values\":[{\"gender\":\"T\",\"value\":1.5}]}]}", "content.values[0].period")]
    [InlineData("application/json", "{\"values\":[{\"kpi\":\"N17473\",\"municipality\":\"0380\",\"period\":2024,\"values\":[{\"gender\":\"T\",\"value\":0.1234567}]}]}", "content.values[0].values[0].value")]
    [InlineData("text/plain", "kpi;municipality;period;gender;value;count\nN-17473;0380;2024;T;1.5;1\n", "content.line[2].kpi")]
    public async Task A_raw_upload_with_a_nul_or_a_value_out_of_the_domains_limits_is_refused_naming_the_field(string contentType, string body, string field)
    {
        var (m, _) = KeyFiguresTesting.NewScope();
        using var office = Office(m);

        var (status, error) = await Post(office, UploadPath(m), System.Text.Encoding.UTF8.GetBytes(body), contentType);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(KeyFiguresTesting.Violations(error.ToJsonString()), v => v.Field == field);
    }

    [Fact]
    public async Task A_raw_upload_with_a_kpi_id_of_a_megabyte_is_refused_quoting_only_its_start()
    {
        var (m, _) = KeyFiguresTesting.NewScope();
        using var office = Office(m);
        var body = "{\"values\":[{\"kpi\":\"" + new string('N', 1 << 20) + "\",\"municipality\":\"0380\",\"period\":2024,\"values\":[{\"gender\":\"T\",\"value\":1.5}]}]}";

        var (status, error) = await Post(office, UploadPath(m), System.Text.Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var violation = Assert.Single(KeyFiguresTesting.Violations(error.ToJsonString()));
        Assert.Equal("content.values[0].kpi", violation.Field);
        Assert.True(error.ToJsonString().Length < 2_000, $"the refusal is {error.ToJsonString().Length} characters long");
    }
}
