using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.Planning.V1;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.Functional.Tests;

/// <summary>The run command's demo data, loaded through the services' APIs, against the seed's own figures.</summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class SeedTests(ServiceHosts suite)
{
    [Fact]
    public async Task The_demo_economy_reproduces_the_summary_table_of_Bilaga_3()
    {
        const string committee = "SCN";
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), ReadDemo("economy-figures-2024.json"));
        foreach (var allocation in ReadDemo("economy-allocations-2024.json").AsArray())
        {
            await suite.Rest.PostOkAsync(EconomyPath(committee, "allocations"), allocation!);
        }

        var economy = new EconomyService.EconomyServiceClient(suite.Grpc);
        var summary = await economy.GetResultSummaryAsync(new GetResultSummaryRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        });

        // Bilaga 3, "Bokslut 2024, belopp i miljoner kronor": Kommunbidrag 2024 and Årets resultat 2024.
        (string Area, int Allocation, int Result)[] seed =
        [
            ("Politisk verksamhet", 5, 0),
            ("Vård och omsorg om personer med funktionsnedsättning", 0, -4),
            ("Missbrukarvård och övrig vård för vuxna", 234, 10),
            ("Barn- och ungdomsvård", 685, -32),
            ("Familjerätt och familjerådgivning", 24, 1),
            ("Flyktingmottagande", 2, 2),
        ];
        Assert.Equal(seed.Select(s => s.Area), summary.Areas.Select(a => a.AreaName));
        foreach (var (area, allocation, result) in seed)
        {
            var row = summary.Areas.Single(a => a.AreaName == area);
            Assert.Equal(allocation, Mnkr(row.Allocation.ToDecimal()));
            Assert.Equal(result, Mnkr(row.Result.ToDecimal()));
            Assert.Equal(row.Allocation.ToDecimal() - row.NetCost.ToDecimal(), row.Result.ToDecimal());
        }
        Assert.Equal(950, Mnkr(summary.Total.Allocation.ToDecimal()));
        Assert.Equal(-24, Mnkr(summary.Total.Result.ToDecimal()));
        // Bilaga 1: "ett negativt resultat om -23,5 miljoner kronor".
        Assert.Equal(-23.5m, Math.Round(summary.Total.Result.ToDecimal() / 1_000_000m, 1, MidpointRounding.AwayFromZero));
        Assert.Empty(summary.UnallocatedActivityCodes);

        // The detail table "Barn och ungdomsvård" groups 550 with 5731–5739: net cost −721, result −36.
        var figures = (await economy.ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        })).Figures.ToDictionary(f => f.ActivityCode, f => f.Actual.ToDecimal());
        var childAndYouth = new[] { "5731", "5732", "5733", "5739", "550" }.Sum(code => figures[code]);
        Assert.Equal(-721, Mnkr(childAndYouth));
        Assert.Equal(-36, Mnkr(685_000_000m + childAndYouth));
    }

    [Fact]
    public async Task The_demo_assignment_statuses_are_all_done()
    {
        const string committee = "SCN";
        // The municipality's plan (focus goals, assignments) comes first: a status needs its assignment.
        await suite.Rest.PostOkAsync($"/api/v1/planning/municipalities/{Municipality}/plans/2024", ReadDemo("planning-followup-2024.json")["plan"]!.DeepClone());
        foreach (var report in ReadDemo("planning-assignment-statuses-2024.json").AsArray())
        {
            await suite.Rest.PostOkAsync(PlanningPath(committee, $"assignments/{report!["assignmentNumber"]}/status"), report);
        }
        var planning = new PlanningService.PlanningServiceClient(suite.Grpc);
        var statuses = await planning.ListAssignmentStatusesAsync(new ListAssignmentStatusesRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        });
        // Bilaga 1 lists these assignments, every one "Klar" or "Färdig".
        Assert.Equal([1, 3, 4, 8, 12, 15, 20, 21, 26, 27, 29, 30, 32, 33, 35], statuses.Statuses.Select(s => s.AssignmentNumber));
        Assert.All(statuses.Statuses, s => Assert.Equal(AssignmentStatus.Done, s.Status));
    }

    private static int Mnkr(decimal kronor) => (int)Math.Round(kronor / 1_000_000m, 0, MidpointRounding.AwayFromZero);
}
