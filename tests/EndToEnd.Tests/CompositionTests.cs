using System.Diagnostics;
using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.FollowUp.V1;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>The gateway's composed view of a committee, with all services up and with one down.</summary>
[Collection(SuiteCollection.Name)]
public sealed class CompositionTests(Suite suite)
{
    [Fact]
    public async Task The_committee_view_composes_the_three_services_and_still_answers_with_one_of_them_down()
    {
        var committee = NewCommittee("V");
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -174_176_000m, -170_000_000m)));
        await suite.Rest.PostOkAsync(EconomyPath(committee, "allocations"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["areaName"] = "Barn- och ungdomsvård",
            ["amount"] = Amount(170_000_000m),
            ["activityCodes"] = new JsonArray("5731"),
        });
        var client = new FollowUpService.FollowUpServiceClient(suite.Grpc);
        var request = new GetCommitteeFollowUpRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto };

        var whole = await client.GetCommitteeFollowUpAsync(request);
        Assert.True(whole.Economy.Available, whole.Economy.MissingReason);
        Assert.True(whole.Planning.Available, whole.Planning.MissingReason);
        Assert.True(whole.KeyFigures.Available, whole.KeyFigures.MissingReason);
        // 170 000 000 − 174 176 000 = −4 176 000
        Assert.Equal(-4_176_000m, whole.ResultSummary.Total.Result.ToDecimal());

        // The same view over REST.
        var rest = JsonNode.Parse(await suite.Rest.GetStringAsync(
            $"/api/v1/follow-up/municipalities/{Municipality}/committees/{committee}?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR"))!;
        Assert.Equal("-4176000", rest["resultSummary"]!["total"]!["result"]!["value"]!.GetValue<string>());

        await suite.StopAsync("keyfigures");
        try
        {
            var started = Stopwatch.StartNew();
            var partial = await client.GetCommitteeFollowUpAsync(request, deadline: DateTime.UtcNow.AddSeconds(15));
            started.Stop();
            Assert.True(partial.Economy.Available, partial.Economy.MissingReason);
            Assert.True(partial.Planning.Available, partial.Planning.MissingReason);
            Assert.False(partial.KeyFigures.Available);
            Assert.Contains("keyfigures", partial.KeyFigures.MissingReason);
            Assert.Empty(partial.KeyFiguresValues);
            Assert.Equal(-4_176_000m, partial.ResultSummary.Total.Result.ToDecimal());
            // Bounded: the part's deadline (3 s) plus overhead, not a hang.
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(6), $"took {started.Elapsed}");
        }
        finally
        {
            await suite.RestartAsync("keyfigures");
        }
    }
}
