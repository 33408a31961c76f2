using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// PullFacts' own REST route, which the OpenAPI document lists (GET …/facts/{fact_set}), answers the pull as one
/// JSON object per line, as every server-streaming RPC does over REST; it answered 500 (NotImplementedException).
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ExportRestStreamTests(Suite suite)
{
    [Fact]
    public async Task The_transcoded_PullFacts_route_streams_the_rows_and_ends_with_the_change_token()
    {
        var committee = NewCommittee("XR");
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -1_234.50m, -1_000m)));
        using var bi = new HttpClient { BaseAddress = suite.Rest.BaseAddress };
        bi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(Municipality, null, Roles.BiReader));

        var response = await bi.GetAsync($"/api/v1/economy/municipalities/{Municipality}/facts/activity_figures");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}");
        var records = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.False(string.IsNullOrEmpty(records[^1]["changeToken"]?.GetValue<string>()));
        var ours = records.Where(r => r["rowJson"] is { } row && row.GetValue<string>().Contains(committee)).ToList();
        var row = JsonNode.Parse(Assert.Single(ours)["rowJson"]!.GetValue<string>())!;
        Assert.Equal(-1_234.50m, row["Actual"]!.GetValue<decimal>());
    }
}
