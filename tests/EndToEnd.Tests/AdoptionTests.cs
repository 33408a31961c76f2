using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.FollowUp.V1;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>One decision adopts economy, planning and key figures together, carried by an event.</summary>
[Collection(SuiteCollection.Name)]
public sealed class AdoptionTests(Suite suite)
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_part_that_refuses_leaves_the_whole_not_adopted_with_the_reason()
    {
        // Economy figures only: the planning service has no follow-up for this committee to adopt.
        var committee = NewCommittee("AR");
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -1_000m, -1_000m)));
        var client = new FollowUpService.FollowUpServiceClient(suite.Grpc);

        var accepted = await client.AdoptCommitteeFollowUpAsync(Adopt(committee, "SCN-2025-00042"));
        Assert.True(accepted.Requested);

        var state = await Eventually(() => client.GetCommitteeAdoptionAsync(Ask(committee)).ResponseAsync,
            s => s.Parts.Count == 3 && s.Parts.Single(p => p.Service == "planning").RefusedReason.Length > 0
                 && s.Parts.Where(p => p.Service != "planning").All(p => p.State.Status == ReportStatus.Adopted),
            Arrival, "economy and key figures adopted, planning refused");
        Assert.False(state.Adopted);
        Assert.Equal("", state.CaseNumber);
        var planning = state.Parts.Single(p => p.Service == "planning");
        Assert.NotEqual(ReportStatus.Adopted, planning.State.Status);
        Assert.Contains("follow-up", planning.RefusedReason);
        Assert.Equal("SCN-2025-00042", planning.RefusedCaseNumber);
        Assert.All(state.Parts.Where(p => p.Service != "planning"), p => Assert.Equal("SCN-2025-00042", p.State.CaseNumber));
    }

    [Fact]
    public async Task A_part_whose_service_is_down_is_adopted_when_it_comes_back()
    {
        var committee = NewCommittee("AD");
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -1_000m, -1_000m)));
        // The seed's follow-up, as this committee's: its assignments given to it too, without the
        // special-reporting answers (no round is open in this test).
        var demo = ReadDemo("planning-followup-2024.json");
        var plan = demo["plan"]!.DeepClone();
        foreach (var assignment in plan["assignments"]!.AsArray())
        {
            assignment!["committeeCodes"]!.AsArray().Add(committee);
        }
        await suite.Rest.PostOkAsync($"/api/v1/planning/municipalities/{Municipality}/plans/2024", plan);
        var followUp = demo["followUp"]!.DeepClone();
        followUp["specialReportingAnswers"] = new JsonArray();
        await suite.Rest.PostOkAsync(PlanningPath(committee, "follow-up:import"), followUp);
        var client = new FollowUpService.FollowUpServiceClient(suite.Grpc);

        await suite.StopAsync("planning");
        try
        {
            var accepted = await client.AdoptCommitteeFollowUpAsync(Adopt(committee, "SCN-2025-00043"));
            Assert.True(accepted.Requested);
            var partial = await Eventually(() => client.GetCommitteeAdoptionAsync(Ask(committee)).ResponseAsync,
                s => s.Parts.Count(p => p.State.Status == ReportStatus.Adopted) == 2, Arrival, "economy and key figures adopted while planning is down");
            Assert.False(partial.Adopted);
            Assert.Equal("planning", Assert.Single(partial.Missing).Service);
        }
        finally
        {
            await suite.RestartAsync("planning");
        }

        var whole = await Eventually(() => client.GetCommitteeAdoptionAsync(Ask(committee)).ResponseAsync,
            s => s.Adopted, Arrival, "planning to adopt its part once it is back");
        Assert.Equal("SCN-2025-00043", whole.CaseNumber);
        Assert.All(whole.Parts, p => Assert.Equal(ReportStatus.Adopted, p.State.Status));
        Assert.All(whole.Parts, p => Assert.Equal(new Google.Type.Date { Year = 2025, Month = 2, Day = 12 }, p.State.DecisionDate));

        // The adopted parts are locked: a change to the committee's economy is refused.
        var refused = await suite.Rest.PostAsync(EconomyPath(committee, "figures"), Figures(("5731", -2_000m, -1_000m)));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task A_malformed_decision_is_refused_and_nothing_is_requested()
    {
        var committee = NewCommittee("AM");
        var response = await suite.Rest.PostAsync($"/api/v1/follow-up/municipalities/{Municipality}/committees/{committee}/report:adopt", new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["caseNumber"] = "42",
            // 30 February: a date's parts each in range, the whole not a date.
            ["decisionDate"] = new JsonObject { ["year"] = 2025, ["month"] = 2, ["day"] = 30 },
        });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("case_number", text);
        Assert.Contains("decision_date", text);
        var state = await new FollowUpService.FollowUpServiceClient(suite.Grpc).GetCommitteeAdoptionAsync(Ask(committee));
        Assert.All(state.Parts, p => Assert.Equal("", p.RefusedReason));
        Assert.False(state.Adopted);
    }

    private static AdoptCommitteeFollowUpRequest Adopt(string committee, string caseNumber) => new()
    {
        MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        CaseNumber = caseNumber, DecisionDate = new Google.Type.Date { Year = 2025, Month = 2, Day = 12 },
    };

    private static GetCommitteeFollowUpRequest Ask(string committee) => new()
    {
        MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
    };
}
