using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.FollowUp.V1;
using NamndFollowUp.Contracts.Report.V1;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.PlanningDemo;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// The office's overview asks once per kind of answer, not once per committee (issue #16): each service's reports of
/// every committee (ListReports), every committee's adoption in the composed view, and economy's result overviews of
/// the year (ListMunicipalityResultOverviews). Each answers for every committee exactly what the per-committee or
/// per-period call answers, and the figures are those the test wrote.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class MunicipalityInOneCallTests(Suite suite)
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_composed_view_carries_every_committees_adoption_as_asked_for_one_committee_and_each_service_lists_its_reports()
    {
        var m = NewMunicipality();
        var (adopted, draft) = (NewCommittee("OA"), NewCommittee("OB"));
        await RecordAsync(m, adopted, "PERIOD_POINT_FULL_YEAR", allocation: 100_000_000m, actual: -104_000_000m);
        await RecordAsync(m, draft, "PERIOD_POINT_FULL_YEAR", allocation: 40_000_000m, actual: -41_000_000m);
        var client = new FollowUpService.FollowUpServiceClient(suite.Grpc);

        // One decision for the first committee: economy and key figures adopt their parts; planning has no follow-up
        // for it and refuses, with the reason.
        await client.AdoptCommitteeFollowUpAsync(new AdoptCommitteeFollowUpRequest
        {
            MunicipalityCode = m, CommitteeCode = adopted, Period = FullYear2024Proto, CaseNumber = "KS-2025-00107", DecisionDate = Date(2025, 2, 12),
        });
        await Eventually(() => client.GetCommitteeAdoptionAsync(Ask(m, adopted)).ResponseAsync,
            s => s.Parts.Count == 3 && s.Parts.Single(p => p.Service == "planning").RefusedReason.Length > 0
                 && s.Parts.Where(p => p.Service != "planning").All(p => p.State.Status == ReportStatus.Adopted),
            Arrival, "economy and key figures adopted, planning refused");

        var view = await client.GetMunicipalityFollowUpAsync(new GetMunicipalityFollowUpRequest { MunicipalityCode = m, Period = FullYear2024Proto });
        Assert.Equal([adopted, draft], view.Committees.Select(c => c.CommitteeCode).Order(StringComparer.Ordinal));
        foreach (var committee in view.Committees)
        {
            Assert.Equal(await client.GetCommitteeAdoptionAsync(Ask(m, committee.CommitteeCode)), committee.Adoption);
        }
        var first = view.Committees.Single(c => c.CommitteeCode == adopted).Adoption;
        Assert.False(first.Adopted);
        Assert.Equal([("economy", ReportStatus.Adopted, "KS-2025-00107"), ("planning", ReportStatus.Unspecified, ""), ("keyfigures", ReportStatus.Adopted, "KS-2025-00107")],
            first.Parts.Select(p => (p.Service, p.State.Status, p.State.CaseNumber)));
        var refused = first.Parts.Single(p => p.Service == "planning");
        Assert.Equal("KS-2025-00107", refused.RefusedCaseNumber);
        Assert.Contains("follow-up", refused.RefusedReason);
        var second = view.Committees.Single(c => c.CommitteeCode == draft).Adoption;
        Assert.False(second.Adopted);
        Assert.Equal([("economy", ReportStatus.Draft), ("planning", ReportStatus.Unspecified), ("keyfigures", ReportStatus.Unspecified)],
            second.Parts.Select(p => (p.Service, p.State.Status)));
        Assert.All(second.Parts, p => Assert.Equal("", p.RefusedReason));
        Assert.Empty(second.Missing);

        // Each service lists the committees it has a report of, or refused an adoption for; each as GetReport answers it.
        foreach (var (service, listed) in new[] { ("economy", new[] { adopted, draft }), ("planning", [adopted]), ("keyfigures", [adopted]) })
        {
            var reports = Reports(suite.Grpc, service);
            var list = await reports.ListReportsAsync(new ListReportsRequest { MunicipalityCode = m, Period = FullYear2024Proto, Service = service });
            Assert.Equal(listed.Order(StringComparer.Ordinal), list.Committees.Select(c => c.CommitteeCode));
            foreach (var c in list.Committees)
            {
                Assert.Equal(await reports.GetReportAsync(new GetReportRequest { MunicipalityCode = m, CommitteeCode = c.CommitteeCode, Period = FullYear2024Proto, Service = service }), c.Report);
            }
        }
        // Over REST, at the route the document names.
        var rest = JsonNode.Parse(await suite.Rest.GetStringAsync($"/api/v1/planning/municipalities/{m}/reports?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR"))!;
        Assert.Equal("KS-2025-00107", (string)rest["committees"]![0]!["report"]!["refusedCaseNumber"]!);
    }

    [Fact]
    public async Task The_years_result_overviews_come_in_one_call_each_as_the_period_alone_answers_it()
    {
        var m = NewMunicipality();
        var (x, y) = (NewCommittee("OX"), NewCommittee("OY"));
        // x: delår +10 mnkr (60 allocated, 50 spent), helår −4 (100, 104); y: March +8 (10, 2), helår −1 (40, 41).
        await RecordAsync(m, x, "PERIOD_POINT_INTERIM", allocation: 60_000_000m, actual: -50_000_000m);
        await RecordAsync(m, x, "PERIOD_POINT_FULL_YEAR", allocation: 100_000_000m, actual: -104_000_000m);
        await RecordAsync(m, y, "PERIOD_POINT_MONTH_03", allocation: 10_000_000m, actual: -2_000_000m);
        await RecordAsync(m, y, "PERIOD_POINT_FULL_YEAR", allocation: 40_000_000m, actual: -41_000_000m);
        var economy = new EconomyService.EconomyServiceClient(suite.Grpc);

        var year = await economy.ListMunicipalityResultOverviewsAsync(new MunicipalityViewRequest { MunicipalityCode = m, Period = FullYear2024Proto });
        // The follow-ups with results, in the year's order (delår after August); the months without any left out.
        Assert.Equal([PeriodPoint.Month03, PeriodPoint.Interim, PeriodPoint.FullYear], year.FollowUps.Select(f => f.Period.Point));
        foreach (var followUp in year.FollowUps)
        {
            Assert.Equal(await economy.GetMunicipalityResultOverviewAsync(new MunicipalityViewRequest { MunicipalityCode = m, Period = followUp.Period }), followUp);
        }
        var helar = year.FollowUps[^1].Committees.ToDictionary(c => c.CommitteeCode);
        Assert.Equal((-4_000_000m, PeriodPoint.Interim, -14_000_000m), (helar[x].Result.ToDecimal(), helar[x].PreviousFollowUp.Point, helar[x].ResultChange.ToDecimal()));
        Assert.Equal((-1_000_000m, PeriodPoint.Month03, -9_000_000m), (helar[y].Result.ToDecimal(), helar[y].PreviousFollowUp.Point, helar[y].ResultChange.ToDecimal()));
        Assert.Equal(10_000_000m, year.FollowUps[1].Committees.Single(c => c.CommitteeCode == x).Result.ToDecimal());
        Assert.Equal(8_000_000m, year.FollowUps[0].TotalResult.ToDecimal());

        // Up to a period: nothing after it; the period itself comes even without results.
        var march = await economy.ListMunicipalityResultOverviewsAsync(new MunicipalityViewRequest { MunicipalityCode = m, Period = new Period { Year = 2024, Point = PeriodPoint.Month03 } });
        Assert.Equal([PeriodPoint.Month03], march.FollowUps.Select(f => f.Period.Point));
        var january = await economy.ListMunicipalityResultOverviewsAsync(new MunicipalityViewRequest { MunicipalityCode = m, Period = new Period { Year = 2024, Point = PeriodPoint.Month01 } });
        var only = Assert.Single(january.FollowUps);
        Assert.Equal(PeriodPoint.Month01, only.Period.Point);
        Assert.All(only.Committees, c => Assert.Null(c.Result));
    }

    /// <summary>One allocation and one figure (5731) of a committee at a point of 2024.</summary>
    private async Task RecordAsync(string m, string committee, string point, decimal allocation, decimal actual)
    {
        var period = new JsonObject { ["year"] = 2024, ["point"] = point };
        await KeyFiguresTesting.RecordEconomyFiguresAsync(suite, m, committee, new JsonObject
        {
            ["period"] = period.DeepClone(),
            ["figures"] = new JsonArray(new JsonObject { ["activityCode"] = "5731", ["actual"] = Amount(actual), ["budget"] = Amount(-allocation) }),
        });
        await suite.Rest.PostOkAsync(KeyFiguresTesting.EconomyPath(m, committee, "allocations"), new JsonObject
        {
            ["period"] = period.DeepClone(),
            ["areaName"] = "Barn- och ungdomsvård",
            ["amount"] = Amount(allocation),
            ["activityCodes"] = new JsonArray("5731"),
        });
    }

    private static GetCommitteeFollowUpRequest Ask(string m, string committee) => new()
    {
        MunicipalityCode = m, CommitteeCode = committee, Period = FullYear2024Proto,
    };
}
