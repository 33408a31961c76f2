using System.Net;
using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.PlanningDemo;

namespace NamndFollowUp.Functional.Tests;

/// <summary>What kommunledningskontoret sees across committees, special reporting, and economy's result under focus goal 1.</summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class PlanningAcrossCommitteesTests(ServiceHosts suite)
{
    private PlanningService.PlanningServiceClient Planning => new(suite.Grpc);

    private static JsonObject Plan(params string[] committees) => new()
    {
        ["year"] = 2024,
        ["focusGoals"] = new JsonArray(
            new JsonObject { ["number"] = 1, ["title"] = "Uppsala ska säkra en stark ekonomi och värna välfärden", ["showsEconomicResult"] = true },
            new JsonObject { ["number"] = 4, ["title"] = "Uppsala ska bli tryggare med jämlika livsvillkor" }),
        ["assignments"] = new JsonArray(
            new JsonObject { ["number"] = 4, ["focusGoalNumber"] = 1, ["text"] = "Stärka kompetensförsörjningen.", ["committeeCodes"] = new JsonArray(committees.Select(c => (JsonNode)c!).ToArray()) },
            new JsonObject { ["number"] = 35, ["focusGoalNumber"] = 4, ["text"] = "Utveckla kommunens krisberedskap.", ["committeeCodes"] = new JsonArray(committees.Select(c => (JsonNode)c!).ToArray()) }),
    };

    [Fact]
    public async Task Per_assignment_and_per_focus_goal_the_office_sees_every_committee_and_who_has_not_reported()
    {
        var municipality = NewMunicipality();
        var (a, b, c) = (NewCommittee("PA"), NewCommittee("PB"), NewCommittee("PC"));
        await suite.Rest.PostOkAsync(PlanningMunicipalityPath(municipality, "plans/2024"), Plan(a, b, c));
        await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, a, "follow-up:import"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["assessments"] = new JsonArray(new JsonObject { ["focusGoalNumber"] = 1, ["assessment"] = "Nämndens verksamhet bedöms delvis leda till de resultat den vill se inom målet.", ["text"] = "Underskott." }),
            ["assignments"] = new JsonArray(new JsonObject { ["number"] = 4, ["status"] = "Färdig", ["comment"] = "Trapporna införda.", ["actions"] = new JsonArray("Kompetenstrappa") }),
        });
        await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, b, "follow-up:import"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["assessments"] = new JsonArray(new JsonObject { ["focusGoalNumber"] = 1, ["assessment"] = "leder till", ["text"] = "Budget i balans." }),
            ["assignments"] = new JsonArray(new JsonObject { ["number"] = 4, ["status"] = "Pågående", ["comment"] = "Pågår." }),
        });

        var byCommittee = await Planning.ListAssignmentStatusesByCommitteeAsync(new ListAssignmentStatusesByCommitteeRequest
        {
            MunicipalityCode = municipality, AssignmentNumber = 4, Period = FullYear2024Proto,
        });
        var rows = byCommittee.Committees.ToDictionary(r => r.CommitteeCode);
        Assert.Equal(3, rows.Count);
        Assert.Equal((true, AssignmentStatus.Done, "Trapporna införda."), (rows[a].Reported, rows[a].Status, rows[a].Comment));
        Assert.Equal((true, AssignmentStatus.InProgress, "Pågår."), (rows[b].Reported, rows[b].Status, rows[b].Comment));
        Assert.False(rows[c].Reported);
        Assert.Equal("Stärka kompetensförsörjningen.", byCommittee.Assignment.Text);

        var assessments = await Planning.ListFocusGoalAssessmentsAsync(new ListFocusGoalAssessmentsRequest
        {
            MunicipalityCode = municipality, FocusGoalNumber = 1, Period = FullYear2024Proto,
        });
        var byCode = assessments.Committees.ToDictionary(x => x.CommitteeCode);
        Assert.Equal((Assessment.PartlyLeadsTo, "Underskott."), (byCode[a].Assessment, byCode[a].Text));
        Assert.Equal((Assessment.LeadsTo, "Budget i balans."), (byCode[b].Assessment, byCode[b].Text));
    }

    [Fact]
    public async Task A_special_reporting_round_shows_answered_and_missing_committees_and_refuses_answers_once_closed()
    {
        var municipality = NewMunicipality();
        var (a, b) = (NewCommittee("PA"), NewCommittee("PB"));
        await suite.Rest.PostOkAsync(PlanningMunicipalityPath(municipality, "plans/2024"), Plan(a, b));
        // No committee named: every committee given an assignment in the year's plan is asked.
        var opened = await suite.Rest.PostOkAsync(PlanningMunicipalityPath(municipality, "special-reporting-rounds"), new JsonObject
        {
            ["roundCode"] = "2024-synpunkter",
            ["title"] = "Synpunktshantering",
            ["period"] = FullYear2024.DeepClone(),
            ["dueDate"] = "2025-01-31",
            ["questions"] = new JsonArray(
                new JsonObject { ["number"] = 1, ["text"] = "Har ni ändamålsenliga arbetssätt för synpunktshantering?" },
                new JsonObject { ["number"] = 2, ["text"] = "Har ni sett något mönster?" }),
        });
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), opened["committeeCodes"]!.AsArray().Select(x => (string)x!));

        await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, a, "special-reporting-rounds/2024-synpunkter/answers"), new JsonObject
        {
            ["answers"] = new JsonArray(new JsonObject { ["questionNumber"] = 1, ["answer"] = "Ja." }, new JsonObject { ["questionNumber"] = 2, ["answer"] = "Nej." }),
        });
        await suite.Rest.PostOkAsync(PlanningCommitteePath(municipality, b, "special-reporting-rounds/2024-synpunkter/answers"), new JsonObject
        {
            ["answers"] = new JsonArray(new JsonObject { ["questionNumber"] = 1, ["answer"] = "Delvis." }),
        });

        var overview = await Planning.GetSpecialReportingRoundAsync(new GetSpecialReportingRoundRequest { MunicipalityCode = municipality, RoundCode = "2024-synpunkter" });
        Assert.Equal([a], overview.AnsweredCommitteeCodes);
        Assert.Equal([b], overview.MissingCommitteeCodes);
        Assert.Equal([2], overview.Committees.Single(x => x.CommitteeCode == b).MissingQuestionNumbers);

        await suite.Rest.PostOkAsync(PlanningMunicipalityPath(municipality, "special-reporting-rounds/2024-synpunkter:close"), new JsonObject());
        var late = await suite.Rest.PostAsync(PlanningCommitteePath(municipality, b, "special-reporting-rounds/2024-synpunkter/answers"), new JsonObject
        {
            ["answers"] = new JsonArray(new JsonObject { ["questionNumber"] = 2, ["answer"] = "För sent." }),
        });
        var lateBody = await late.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("closed", lateBody);

        // Nothing of the late answer is stored.
        var after = await Planning.GetSpecialReportingRoundAsync(new GetSpecialReportingRoundRequest { MunicipalityCode = municipality, RoundCode = "2024-synpunkter" });
        Assert.True(after.Round.Closed);
        Assert.Equal([b], after.MissingCommitteeCodes);
        Assert.DoesNotContain(after.Committees.Single(x => x.CommitteeCode == b).Answers, x => x.Answer == "För sent.");
    }

    [Fact]
    public async Task Focus_goal_1_shows_the_committees_result_from_the_economy_service()
    {
        var municipality = NewMunicipality();
        var committee = NewCommittee("PE");
        await suite.Rest.PostOkAsync(PlanningMunicipalityPath(municipality, "plans/2024"), Plan(committee));
        await TestActivities.RegisterAsync(suite.Rest, municipality);
        // Allocation 950 mnkr, net cost 973.5 mnkr: result −23.5 mnkr, as the seed's Bilaga 1 says.
        await suite.Rest.PostOkAsync($"/api/v1/economy/municipalities/{municipality}/committees/{committee}/allocations", new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(), ["areaName"] = "Nämnden totalt", ["amount"] = Amount(950_000_000m),
            ["activityCodes"] = new JsonArray("5731"), ["sortOrder"] = 1,
        });
        await suite.Rest.PostOkAsync($"/api/v1/economy/municipalities/{municipality}/committees/{committee}/figures", Figures(("5731", -973_500_000m, -950_000_000m)));

        var followUp = await Planning.GetFollowUpAsync(new GetFollowUpRequest { MunicipalityCode = municipality, CommitteeCode = committee, Period = FullYear2024Proto });
        var economic = followUp.FocusGoals.Single(g => g.Number == 1).EconomicResult;
        Assert.True(economic.Available, economic.UnavailableReason);
        Assert.Equal(-23_500_000m, economic.Result.ToDecimal());
        Assert.Null(followUp.FocusGoals.Single(g => g.Number == 4).EconomicResult);

        var html = await suite.Rest.GetStringAsync(PlanningCommitteePath(municipality, committee, "follow-up/document?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR"));
        Assert.Contains("Nämndens resultat 2024: \u221223,5 miljoner kronor.", html); // the documents print a real minus sign
    }
}
