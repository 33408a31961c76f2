using System.Net;
using System.Text.Json.Nodes;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// A committee (and a municipality) without data answers every read the same way through the gateway: 200 with an empty
/// answer (empty lists, no figures; a report in state "none"; a document with its headings and no rows), never 404 —
/// docs/api.md, "A committee without data". One table of routes, each read once for a municipality and committee that
/// nobody has written to.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class EmptyCommitteeReadTests(Suite suite)
{
    private const string Period = "period.year=2024&period.point=PERIOD_POINT_FULL_YEAR";

    /// <summary>
    /// Every read of a committee's or a municipality's data for a period: {m} and {c} are put in. Not here: the reads that
    /// name a thing inside the data (an assignment's or focus goal's number, a key-figure definition, a special-reporting
    /// round): without a plan or definition that thing does not exist, and naming it is refused as any reference is.
    /// </summary>
    public static TheoryData<string> Routes => new(
        // economy
        "/api/v1/economy/municipalities/{m}/committees/{c}/figures?" + Period,
        "/api/v1/economy/municipalities/{m}/committees/{c}/result-summary?" + Period,
        "/api/v1/economy/municipalities/{m}/committees/{c}/result-per-activity?layout=detail&" + Period,
        "/api/v1/economy/municipalities/{m}/committees/{c}/intervention-costs?layout=detail&" + Period,
        "/api/v1/economy/municipalities/{m}/committees/{c}/investments?" + Period,
        "/api/v1/economy/municipalities/{m}/committees/{c}/unit-deviations?" + Period,
        "/api/v1/economy/municipalities/{m}/committees/{c}/savings?" + Period,
        "/api/v1/economy/municipalities/{m}/committees/{c}/report/history?" + Period,
        "/api/v1/economy/municipalities/{m}/committees/{c}/report?" + Period,
        "/api/v1/economy/municipalities/{m}/committees/{c}/document?" + Period,
        "/api/v1/economy/municipalities/{m}/committees/{c}/document.pdf?" + Period,
        "/api/v1/economy/municipalities/{m}/results?" + Period,
        "/api/v1/economy/municipalities/{m}/result-overview?" + Period,
        "/api/v1/economy/municipalities/{m}/largest-unit-deviations?" + Period,
        "/api/v1/economy/municipalities/{m}/savings-decisions?" + Period,
        "/api/v1/economy/municipalities/{m}/budget-adjustments?" + Period,
        "/api/v1/economy/municipalities/{m}/investments?" + Period,
        // planning
        "/api/v1/planning/municipalities/{m}/committees/{c}/assignment-statuses?" + Period,
        "/api/v1/planning/municipalities/{m}/committees/{c}/follow-up?" + Period,
        "/api/v1/planning/municipalities/{m}/committees/{c}/follow-up/narrative-check?" + Period,
        "/api/v1/planning/municipalities/{m}/committees/{c}/follow-up/document?" + Period,
        "/api/v1/planning/municipalities/{m}/committees/{c}/follow-up/document.pdf?" + Period,
        "/api/v1/planning/municipalities/{m}/plans/2024",
        "/api/v1/planning/municipalities/{m}/committees/{c}/report?" + Period,
        // key figures
        "/api/v1/keyfigures/municipalities/{m}/committees/{c}/activities/5731?" + Period,
        "/api/v1/keyfigures/municipalities/{m}/committees/{c}/sheet?" + Period,
        "/api/v1/keyfigures/municipalities/{m}/committees/{c}/sheet/document?" + Period,
        "/api/v1/keyfigures/municipalities/{m}/committees/{c}/sheet/document.pdf?" + Period,
        "/api/v1/keyfigures/municipalities/{m}/committees/{c}/report?" + Period,
        "/api/v1/keyfigures/municipalities/{m}/key-figures?" + Period,
        // the gateway's composed follow-up
        "/api/v1/follow-up/municipalities/{m}/committees/{c}?" + Period,
        "/api/v1/follow-up/municipalities/{m}/committees/{c}/report?" + Period,
        "/api/v1/follow-up/municipalities/{m}?" + Period);

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_read_of_a_committee_without_data_answers_an_empty_200(string route)
    {
        var municipality = PlanningDemo.NewMunicipality();
        var committee = Api.NewCommittee("EMPTY");
        var path = route.Replace("{m}", municipality, StringComparison.Ordinal).Replace("{c}", committee, StringComparison.Ordinal);

        var response = await suite.Rest.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} → {(int)response.StatusCode}: {text}");
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            var body = JsonNode.Parse(text)!.AsObject();
            // Nothing was written, so nothing is listed: every list of the answer, at any depth, is empty — but the
            // composed adoption view's "parts", one per service, which must each say that service has no report.
            var data = Lists(body).Where(l => l.List.Count > 0 && l.Name != "parts").Select(l => l.Name).ToList();
            Assert.True(data.Count == 0, $"GET {path} lists data for a committee nobody wrote to: {string.Join(", ", data)}");
            foreach (var part in body["parts"]?.AsArray() ?? [])
            {
                var status = (string?)part!["state"]?["status"] ?? "REPORT_STATUS_UNSPECIFIED";
                Assert.True(status == "REPORT_STATUS_UNSPECIFIED", $"GET {path}: {part["service"]} has a report: {part.ToJsonString()}");
            }
        }
        else
        {
            Assert.Equal(path.Contains(".pdf?", StringComparison.Ordinal) ? "application/pdf" : "text/html", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private static IEnumerable<(string Name, JsonArray List)> Lists(JsonNode? node, string name = "") => node switch
    {
        JsonArray array => [(name, array)],
        JsonObject o => o.SelectMany(p => Lists(p.Value, name.Length == 0 ? p.Key : $"{name}.{p.Key}")),
        _ => [],
    };
}
