using System.Diagnostics;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using NamndFollowUp.Contracts.FollowUp.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.PlanningDemo;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>The gateway's whole-municipality overview: per committee its result, assignment status counts and key figures.</summary>
[Collection(SuiteCollection.Name)]
public sealed class MunicipalityFollowUpTests(Suite suite) : IDisposable
{
    // One channel per test; each client adds its own token to the calls.
    private readonly Grpc.Net.Client.GrpcChannel _channel = suite.AnonymousGrpc();

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task The_office_sees_every_committee_composed_from_the_three_services_and_still_gets_an_answer_with_planning_down()
    {
        var m = NewMunicipality();
        var (a, b) = (NewCommittee("MA"), NewCommittee("MB"));

        // Economy: a books 174 176 000 against 170 000 000 (−4 176 000); b 50 000 000 against 55 000 000 (+5 000 000).
        await RecordEconomy(m, a, -174_176_000m, 170_000_000m);
        await RecordEconomy(m, b, -50_000_000m, 55_000_000m);

        // Planning: two assignments given to both; a reports both, b one.
        await suite.Rest.PostOkAsync(PlanningMunicipalityPath(m, "plans/2024"), new JsonObject
        {
            ["year"] = 2024,
            ["focusGoals"] = new JsonArray(new JsonObject { ["number"] = 1, ["title"] = "Uppsala ska säkra en stark ekonomi och värna välfärden" }),
            ["assignments"] = new JsonArray(
                new JsonObject { ["number"] = 4, ["focusGoalNumber"] = 1, ["text"] = "Stärka kompetensförsörjningen.", ["committeeCodes"] = new JsonArray(a, b) },
                new JsonObject { ["number"] = 35, ["focusGoalNumber"] = 1, ["text"] = "Utveckla kommunens krisberedskap.", ["committeeCodes"] = new JsonArray(a, b) }),
        });
        await ImportStatuses(m, a, (4, "Färdig"), (35, "Pågående"));
        await ImportStatuses(m, b, (4, "Pågående"));

        // Key figures: a has the institution costs and its care days, b nothing.
        await suite.Rest.PostOkAsync(KeyFiguresTesting.DefinitionsPath(m), new JsonObject { ["definition"] = KeyFiguresTesting.DemoDefinition("5731-1") });
        await KeyFiguresTesting.RecordEconomyFiguresAsync(suite, m, a, KeyFiguresTesting.EconomyRows(("5731", "BOU-INST", 178_503_400m, 4_327_500m)));
        await suite.Rest.PostOkAsync(KeyFiguresTesting.Path(m, a, "inputs"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["values"] = new JsonArray(new JsonObject { ["definitionCode"] = "5731-1", ["input"] = "care_days", ["value"] = Amount(32_380m) }),
        });

        var office = Client(suite.Token(m, null, Roles.MunicipalOffice));
        var whole = await Eventually(() => Overview(office, m),
            v => v.Committees.FirstOrDefault(c => c.CommitteeCode == a)?.KeyFigures.FirstOrDefault()?.ValueShown == "5,4",
            TimeSpan.FromSeconds(30), "a's economy rows to reach keyfigures");

        Assert.True(whole.Economy.Available, whole.Economy.MissingReason);
        Assert.True(whole.Planning.Available, whole.Planning.MissingReason);
        Assert.True(whole.KeyFigures.Available, whole.KeyFigures.MissingReason);
        var committees = whole.Committees.ToDictionary(c => c.CommitteeCode);

        Assert.Equal(-4_176_000m, committees[a].Result.Result.ToDecimal());
        Assert.Equal(174_176_000m, committees[a].Result.NetCost.ToDecimal());
        Assert.Equal(5_000_000m, committees[b].Result.Result.ToDecimal());
        Assert.Equal(whole.Committees.Where(c => c.Result is not null).Sum(c => c.Result.Result.ToDecimal()), whole.Total.Result.ToDecimal());

        Assert.Equal((2, 2), (committees[a].Assignments, committees[a].AssignmentsReported));
        Assert.Equal([(AssignmentStatus.InProgress, 1), (AssignmentStatus.Done, 1)],
            committees[a].AssignmentStatuses.Select(s => (s.Status, s.Count)));
        Assert.Equal((2, 1), (committees[b].Assignments, committees[b].AssignmentsReported));
        Assert.Equal([(AssignmentStatus.InProgress, 1)], committees[b].AssignmentStatuses.Select(s => (s.Status, s.Count)));

        // (178 503 400 − 4 327 500) / 32 380 care days, exact; b has no care days and no costs for it.
        var figure = Assert.Single(committees[a].KeyFigures);
        Assert.Equal("5731-1", figure.DefinitionCode);
        Assert.Equal(174_175_900m / 32_380m, figure.Value.ToDecimal());
        var none = Assert.Single(committees[b].KeyFigures);
        Assert.Null(none.Value);
        Assert.NotEmpty(none.NotComputableReason);

        // Over REST as well.
        var rest = JsonNode.Parse(await suite.Rest.GetStringAsync($"/api/v1/follow-up/municipalities/{m}{KeyFiguresTesting.FullYearQuery}"))!;
        Assert.Equal("-4176000", (string)rest["committees"]!.AsArray().Single(c => (string)c!["committeeCode"]! == a)!["result"]!["result"]!["value"]!);

        await suite.StopAsync("planning");
        try
        {
            var started = Stopwatch.StartNew();
            var partial = await Overview(office, m, TimeSpan.FromSeconds(15));
            started.Stop();
            Assert.False(partial.Planning.Available);
            Assert.Contains("planning", partial.Planning.MissingReason);
            Assert.True(partial.Economy.Available, partial.Economy.MissingReason);
            Assert.True(partial.KeyFigures.Available, partial.KeyFigures.MissingReason);
            var again = partial.Committees.ToDictionary(c => c.CommitteeCode);
            Assert.Equal(-4_176_000m, again[a].Result.Result.ToDecimal());
            Assert.Empty(again[a].AssignmentStatuses);
            Assert.Equal("5,4", again[a].KeyFigures.Single().ValueShown);
            // Bounded by the part's deadline (3 s) plus overhead, not a hang.
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(6), $"took {started.Elapsed}");
        }
        finally
        {
            await suite.RestartAsync("planning");
        }
    }

    [Fact]
    public async Task Only_the_office_and_BI_of_the_municipality_may_ask()
    {
        var m = NewMunicipality();
        var committee = NewCommittee("MA");
        foreach (var token in new[]
                 {
                     suite.Token(m, committee, Roles.CommitteeWriter),
                     suite.Token(m, committee, Roles.CommitteeReader),
                     suite.Token(m == "9999" ? "9998" : $"{int.Parse(m) + 1:0000}", null, Roles.MunicipalOffice),
                 })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => Overview(Client(token), m));
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }
        var bi = await Overview(Client(suite.Token(m, null, Roles.BiReader)), m);
        Assert.True(bi.Economy.Available && bi.Planning.Available && bi.KeyFigures.Available,
            $"{bi.Economy.MissingReason} {bi.Planning.MissingReason} {bi.KeyFigures.MissingReason}");
    }

    private async Task RecordEconomy(string m, string committee, decimal actual, decimal allocation)
    {
        var figures = Figures(("5731", actual, -allocation));
        await KeyFiguresTesting.RecordEconomyFiguresAsync(suite, m, committee, figures);
        await suite.Rest.PostOkAsync(KeyFiguresTesting.EconomyPath(m, committee, "allocations"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["areaName"] = "Barn- och ungdomsvård",
            ["amount"] = Amount(allocation),
            ["activityCodes"] = new JsonArray("5731"),
        });
    }

    private async Task ImportStatuses(string m, string committee, params (int Number, string Status)[] statuses) =>
        await suite.Rest.PostOkAsync(PlanningCommitteePath(m, committee, "follow-up:import"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["assessments"] = new JsonArray(new JsonObject { ["focusGoalNumber"] = 1, ["assessment"] = "leder till", ["text"] = "Budget i balans." }),
            ["assignments"] = new JsonArray(statuses.Select(s => (JsonNode)new JsonObject
            {
                ["number"] = s.Number, ["status"] = s.Status, ["comment"] = $"{s.Status}.",
            }).ToArray()),
        });

    private FollowUpService.FollowUpServiceClient Client(string token) =>
        new(_channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        }));

    private static Task<MunicipalityFollowUp> Overview(FollowUpService.FollowUpServiceClient client, string m, TimeSpan? deadline = null) =>
        client.GetMunicipalityFollowUpAsync(new GetMunicipalityFollowUpRequest { MunicipalityCode = m, Period = FullYear2024Proto },
            deadline: DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(10))).ResponseAsync;
}
