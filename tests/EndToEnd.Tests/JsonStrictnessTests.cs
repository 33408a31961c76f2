using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// The REST side reads exactly what the request message has: an unknown or misspelt field, a key given twice, a
/// wrong type, an enum name that does not exist, an unknown query parameter or JSON that does not parse is refused
/// with the field (and for broken JSON, the line and byte) named, never ignored and never guessed at.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class JsonStrictnessTests(Suite suite)
{
    private const string FullYearQuery = "period.year=2024&period.point=PERIOD_POINT_FULL_YEAR";

    [Fact]
    public async Task A_misspelt_field_is_refused_naming_it_and_nothing_is_stored()
    {
        var committee = NewCommittee("JU");
        var body = Figures(("5731", null, -1m));
        body["figures"]![0]!["actuall"] = Amount(-174_176_000m);

        var response = await suite.Rest.PostAsync(EconomyPath(committee, "figures"), body);

        var (field, description) = await SingleViolationAsync(response);
        Assert.Equal("figures[0].actuall", field);
        Assert.Contains("not a field of ActivityFigureInput", description);
        Assert.Contains("actual", description); // the fields it has, so the typo is easy to see
        Assert.Empty(await FiguresAsync(committee));
    }

    [Fact]
    public async Task A_misspelt_list_in_a_planning_import_is_refused_instead_of_wiping_the_assignments()
    {
        var committee = NewCommittee("JP");
        var body = new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(), ["committeeName"] = "Socialnämnden",
            ["assignmets"] = new JsonArray(new JsonObject { ["number"] = 1 }),
        };

        var response = await suite.Rest.PostAsync(PlanningPath(committee, "follow-up:import"), body);

        var (field, _) = await SingleViolationAsync(response);
        Assert.Equal("assignmets", field);
    }

    [Fact]
    public async Task A_key_given_twice_is_refused_rather_than_keeping_the_last()
    {
        var committee = NewCommittee("JD");
        var json = """{"period":{"year":2024,"point":"PERIOD_POINT_FULL_YEAR"},"figures":[{"activityCode":"5731","actual":{"value":"-1"},"actual":{"value":"-2"}}]}""";

        var response = await PostJsonAsync(EconomyPath(committee, "figures"), json);

        var (field, description) = await SingleViolationAsync(response);
        Assert.Equal("figures[0].actual", field);
        Assert.Contains("twice", description);
        Assert.Empty(await FiguresAsync(committee));
    }

    [Fact]
    public async Task JSON_that_does_not_parse_is_refused_with_its_line_and_byte()
    {
        var committee = NewCommittee("JM");

        var response = await PostJsonAsync(EconomyPath(committee, "figures"), "{\"period\": {\"year\": 2024,\n \"point\": }}");

        var (field, description) = await SingleViolationAsync(response);
        Assert.Equal("body", field);
        Assert.Contains("line 2", description);
        Assert.Contains("byte 11", description);
    }

    [Fact]
    public async Task A_wrong_type_and_an_unknown_enum_name_are_refused_with_the_field_and_the_allowed_values()
    {
        var committee = NewCommittee("JT");
        var json = """{"period":{"year":"twenty","point":"PERIOD_POINT_FULLYEAR"},"figures":[{"activityCode":5731}]}""";

        var response = await PostJsonAsync(EconomyPath(committee, "figures"), json);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var violations = Violations(text);
        Assert.Contains(violations, v => v.Field == "period.year" && v.Description.Contains("whole number"));
        Assert.Contains(violations, v => v.Field == "period.point" && v.Description.Contains("PERIOD_POINT_FULL_YEAR") && v.Description.Contains("PERIOD_POINT_MONTH_01"));
        Assert.Contains(violations, v => v.Field == "figures[0].activity_code" && v.Description.Contains("must be a string"));
        Assert.DoesNotContain("NamndFollowUp.", text);
        Assert.DoesNotContain("System.", text);
    }

    [Fact]
    public async Task Query_parameters_are_checked_like_fields_unknown_repeated_and_NUL_ended_ones_refused()
    {
        var committee = NewCommittee("JQ");

        var unknown = await suite.Rest.GetAsync(EconomyPath(committee, $"figures?{FullYearQuery}&perod.year=2023"));
        Assert.Equal("perod.year", (await SingleViolationAsync(unknown)).Field);

        var twice = await suite.Rest.GetAsync(EconomyPath(committee, $"figures?{FullYearQuery}&period.year=2023"));
        Assert.Equal("period.year", (await SingleViolationAsync(twice)).Field);

        var nulEnum = await suite.Rest.GetAsync(EconomyPath(committee, "figures?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR%00"));
        Assert.Equal("period.point", (await SingleViolationAsync(nulEnum)).Field);

        var nulCode = await suite.Rest.GetAsync($"/api/v1/economy/municipalities/{Municipality}/committees/{committee}%00/figures?{FullYearQuery}");
        // Kestrel itself refuses a path with an encoded NUL, before any route is chosen: a 400 of its own.
        Assert.Equal(HttpStatusCode.BadRequest, nulCode.StatusCode);

        var nulParameter = await suite.Rest.GetAsync($"/api/v1/economy/municipalities/{Municipality}/committees/{committee}/report?{FullYearQuery}&version=1%00");
        Assert.Equal("version", (await SingleViolationAsync(nulParameter)).Field);
    }

    [Fact]
    public async Task A_JSON_body_between_30_MB_and_64_MiB_is_read_and_one_byte_over_64_MiB_is_refused_with_413()
    {
        var committee = NewCommittee("JB");
        // A valid request padded with 40 MB of blanks: JSON allows them, and the body is past the 30 000 000
        // bytes Kestrel allows by default, which the services answered with 400 before.
        var json = Figures(("5731", -1m, null)).ToJsonString() + new string(' ', 40_000_000);

        var response = await PostJsonAsync(EconomyPath(committee, "figures"), json);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Single(await FiguresAsync(committee));

        // One byte over the limit: the head alone is enough for the answer (as in GatewayBodyLimitTests).
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("localhost", suite.GatewayRestPort);
        await using var stream = tcp.GetStream();
        var head = $"POST {EconomyPath(committee, "figures")} HTTP/1.1\r\nHost: localhost\r\n" +
            $"Authorization: Bearer {suite.Token(Municipality, committee, Roles.CommitteeWriter)}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {64L * 1024 * 1024 + 1}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 413", statusLine);
    }

    private async Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        await suite.Rest.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<IReadOnlyList<ActivityFigure>> FiguresAsync(string committee) =>
        (await new EconomyService.EconomyServiceClient(suite.Grpc).ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        })).Figures;

    private static List<(string Field, string Description)> Violations(string text) =>
        JsonNode.Parse(text)!["details"]![0]!["fieldViolations"]!.AsArray()
            .Select(v => (v!["field"]!.GetValue<string>(), v["description"]!.GetValue<string>())).ToList();

    private static async Task<(string Field, string Description)> SingleViolationAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(3, JsonNode.Parse(text)!["code"]!.GetValue<int>());
        return Assert.Single(Violations(text));
    }
}
