using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.Report.V1;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// Issue 14: an adopted economic report keeps every record kind as the committee decided it — the stated result, the
/// decisions with their dates, the units and names — whatever is written after it, while the live reads show the
/// new values. Every expected value is the test's own input. The test has a municipality of its own, since it
/// registers and renames the municipality's and committee's names and an activity code's.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class EconomyReportSnapshotTests(ServiceHosts suite)
{
    private readonly string Kommun = PlanningDemo.NewMunicipality();
    private static readonly Period December = new() { Year = 2024, Point = PeriodPoint.Month12 };
    private EconomyService.EconomyServiceClient Economy => new(suite.Grpc);
    private ReportService.ReportServiceClient Reports => Reports(suite.Grpc, "economy");

    [Fact]
    public async Task An_adopted_report_keeps_every_record_kind_as_decided_and_the_live_reads_show_later_changes()
    {
        var committee = NewCommittee("SN");
        await suite.Rest.PostOkAsync(Path("activity-codes"), new JsonObject
        {
            ["codes"] = new JsonArray(Code("100", "Politisk verksamhet", ""), Code("200", "Hemtjänst", "510")),
        });
        await suite.Rest.PostOkAsync(Path("names"), Names("Snapshotby kommun", committee, "Äldrenämnden"));
        var decided = Records(committee);
        await suite.Rest.PostOkAsync(CommitteePath(committee, "records"), decided);

        var action = new ReportRequest { MunicipalityCode = Kommun, CommitteeCode = committee, Period = December, Service = "economy" };
        await Reports.SubmitReportAsync(action);
        await Reports.AdoptReportAsync(new AdoptReportRequest
        {
            MunicipalityCode = Kommun, CommitteeCode = committee, Period = December, Service = "economy", CaseNumber = "ALN-2025-00007", DecisionDate = Date(2025, 1, 22),
        });
        AssertAsDecided(await SnapshotAsync(committee, 1), decided);

        // What has no period changes without a correction: the names, an activity code's name, the units.
        await suite.Rest.PostOkAsync(Path("activity-codes"), new JsonObject { ["codes"] = new JsonArray(Code("200", "Hemtjänst i egen regi", "511")) });
        await suite.Rest.PostOkAsync(Path("names"), Names("Snapshotby stad", committee, "Vård- och omsorgsnämnden"));
        await suite.Rest.PostOkAsync(CommitteePath(committee, "records"), new JsonObject
        {
            ["units"] = new JsonArray(Unit("HT-NORR", "Hemtjänst Norra distriktet", "unit", "HT"), Unit("HT-SYD", "Hemtjänst Syd", "unit", "HT")),
            ["layoutAreas"] = new JsonArray(new JsonObject { ["layout"] = "detail", ["areaName"] = "Äldreomsorg", ["sortOrder"] = 1, ["activityCodes"] = new JsonArray("200") }),
        });
        // The period's records change through a correction (version 2): every kind, and a decision given with fewer adjustments.
        await Reports.CorrectReportAsync(action);
        await suite.Rest.PostOkAsync(CommitteePath(committee, "records"), Changed());

        var version1 = await SnapshotAsync(committee, 1);
        AssertAsDecided(version1, decided);

        // The live reads show the new values.
        var figures = await Economy.ListActivityFiguresAsync(new ListActivityFiguresRequest { MunicipalityCode = Kommun, CommitteeCode = committee, Period = December });
        Assert.Equal(-4_500_000m, figures.Figures.Single(f => f.ActivityCode == "200" && f.UnitCode == "").Actual.ToDecimal());
        var tables = new GetTablesRequest { MunicipalityCode = Kommun, CommitteeCode = committee, Period = December };
        var deviations = await Economy.GetUnitDeviationsAsync(tables);
        Assert.Equal(("Snapshotby stad", "Vård- och omsorgsnämnden"), (deviations.MunicipalityName, deviations.CommitteeName));
        var norr = deviations.Units.Single(u => u.UnitCode == "HT-NORR");
        Assert.Equal(("Hemtjänst Norra distriktet", -3_000_000m, "Fler timmar i december."), (norr.UnitName, norr.StatedDeviation.ToDecimal(), norr.Comment));
        Assert.Equal((1.5m, -700_000m), (norr.Items.Single().FullTimeEquivalents.ToDecimal(), norr.Items.Single().Amount.ToDecimal()));
        Assert.Equal(-3_100_000m, deviations.DeviationTotal.Stated.ToDecimal());
        Assert.Contains(deviations.Units, u => u.UnitCode == "HT-SYD");
        var savings = await Economy.GetSavingsAsync(tables);
        var decision = savings.Decisions.Single();
        Assert.Equal((900_000m, "2024-03-14"), (decision.AchievedEffect.ToDecimal(), decision.DecidedOn));
        Assert.Equal(1_200_000m, decision.Measures.Single(m => m.Name == "Samordnad nattpatrull").FullYearEffect.ToDecimal());
        Assert.Equal([("KF-2024-00112", 1, 2_000_000m, "2024-06-19")],
            savings.BudgetAdjustments.Where(a => a.Reference == "KF-2024-00112").Select(a => (a.Reference, a.Sequence, a.Amount.ToDecimal(), a.DecidedOn)));
        var summary = await Economy.GetResultSummaryAsync(new GetResultSummaryRequest { MunicipalityCode = Kommun, CommitteeCode = committee, Period = December });
        Assert.Equal(("helårsprognos 202412", 42_000_000m + 2_000_000m), (summary.ForecastName, summary.Areas.Single(a => a.AreaName == "Hemtjänst").Allocation.ToDecimal()));
        Assert.Equal("Nämnden redovisar ett underskott på 3,1 miljoner kronor.", summary.Narrative);
        var investment = await Economy.GetInvestmentsAsync(tables);
        Assert.Equal((2_100_000m, "Larm"), (investment.Outcome.ToDecimal(), investment.Comment));
        var layout = await Economy.GetResultPerActivityAsync(new GetTablesRequest { MunicipalityCode = Kommun, CommitteeCode = committee, Period = December, Layout = "detail" });
        Assert.Equal(["200"], layout.Areas.Single().Rows.Select(r => r.ActivityCode));
        var codes = await Economy.ListActivityCodesAsync(new ListActivityCodesRequest { MunicipalityCode = Kommun });
        Assert.Equal("Hemtjänst i egen regi", codes.Codes.Single(c => c.Code == "200").Name);

        // Version 2, once submitted, keeps the new state; version 1 still the decided one.
        await Reports.SubmitReportAsync(action);
        var version2 = await SnapshotAsync(committee, 2);
        Assert.Equal(("Snapshotby stad", "Vård- och omsorgsnämnden"), ((string?)version2["municipalityName"], (string?)version2["committeeName"]));
        Assert.Equal("-3100000", (string?)version2["records"]!["statedDeviations"]![0]!["deviation"]!["value"]);
        Assert.Equal(2, version2["records"]!["budgetAdjustments"]!.AsArray().Count); // KF-2024-00112's one left and KS-2024-00415
        AssertAsDecided(await SnapshotAsync(committee, 1), decided);
    }

    /// <summary>Every record of <paramref name="decided"/>, field by field and in the snapshot's stable order, and the names as registered then.</summary>
    private static void AssertAsDecided(JsonNode snapshot, JsonObject decided)
    {
        var records = snapshot["records"]!;
        foreach (var kind in new[] { "units", "figures", "allocations", "budgetAdjustments", "layoutAreas", "investment", "savingsDecisions", "narratives", "statedDeviations", "deviationItems" })
        {
            Assert.True(JsonNode.DeepEquals(decided[kind], records[kind]), $"{kind}: decided {decided[kind]?.ToJsonString()}, kept {records[kind]?.ToJsonString()}");
        }
        Assert.Equal(("helårsprognos 202410", 2024, "PERIOD_POINT_MONTH_12"),
            ((string?)records["forecastName"], (int?)records["period"]!["year"], (string?)records["period"]!["point"]));
        Assert.Equal(("Snapshotby kommun", "Äldrenämnden"), ((string?)snapshot["municipalityName"], (string?)snapshot["committeeName"]));
        Assert.True(JsonNode.DeepEquals(new JsonArray(Code("100", "Politisk verksamhet", ""), Code("200", "Hemtjänst", "510")), snapshot["activityCodes"]),
            $"activity codes kept: {snapshot["activityCodes"]?.ToJsonString()}");
    }

    /// <summary>
    /// One record of every kind, every field written out (as the snapshot writes them) and each list in the order the
    /// snapshot keeps: units and codes ordinal, allocations by sort order, a decision's adjustments in sequence.
    /// </summary>
    private static JsonObject Records(string committee) => new()
    {
        ["period"] = new JsonObject { ["year"] = 2024, ["point"] = "PERIOD_POINT_MONTH_12" },
        ["forecastName"] = "helårsprognos 202410",
        ["units"] = new JsonArray(Unit("HT", "Hemtjänst", "division", ""), Unit("HT-NORR", "Hemtjänst Norr", "unit", "HT")),
        ["figures"] = new JsonArray(
            new JsonObject { ["activityCode"] = "100", ["unitCode"] = "", ["actual"] = Amount(-1_250_000m), ["budget"] = Amount(-1_300_000m) },
            Figure("200", ""),
            Figure("200", "HT-NORR")),
        ["allocations"] = new JsonArray(
            new JsonObject { ["areaName"] = "Hemtjänst", ["sortOrder"] = 1, ["amount"] = Amount(40_000_000m), ["forecastAmount"] = Amount(40_500_000m), ["activityCodes"] = new JsonArray("200") },
            new JsonObject { ["areaName"] = "Politisk verksamhet", ["sortOrder"] = 2, ["amount"] = Amount(1_300_000m), ["activityCodes"] = new JsonArray("100") }),
        ["budgetAdjustments"] = new JsonArray(
            Adjustment("Hemtjänst", 2_500_000m, "KF", "KF-2024-00112", "Lönekompensation 2024", "2024-06-12"),
            Adjustment("Hemtjänst", 350_000.50m, "KF", "KF-2024-00112", "Lönekompensation 2024, retroaktiv del", "2024-06-12"),
            Adjustment("Politisk verksamhet", -100_000m, "KS", "KS-2024-00415", "Omfördelning", "")),
        ["layoutAreas"] = new JsonArray(new JsonObject { ["layout"] = "detail", ["areaName"] = "Äldreomsorg", ["sortOrder"] = 1, ["activityCodes"] = new JsonArray("200", "100") }),
        ["investment"] = new JsonObject { ["municipalBudget"] = Amount(3_000_000m), ["outcome"] = Amount(1_850_000.75m), ["forecast"] = Amount(2_000_000m), ["comment"] = "Inventarier" },
        ["savingsDecisions"] = new JsonArray(new JsonObject
        {
            ["reference"] = "SN-2024-00031", ["decidedOn"] = "2024-03-13", ["decidedBy"] = "Äldrenämnden",
            ["fullYearEffect"] = Amount(2_000_000m), ["effectThisYear"] = Amount(800_000m),
            ["requirement"] = "KF-2024-00077 Besparingskrav välfärdsnämnderna 2024", ["requirementAmount"] = Amount(2_500_000m),
            ["achievedEffect"] = Amount(600_000m), ["description"] = "Åtgärdsplan",
            ["measures"] = new JsonArray(
                new JsonObject { ["name"] = "Samordnad nattpatrull", ["decidedByCommittee"] = true, ["fullYearEffect"] = Amount(1_000_000m), ["effectThisYear"] = Amount(250_000m) },
                new JsonObject { ["name"] = "Färre inhyrda", ["decidedByCommittee"] = false }), // effects not stated
        }),
        ["narratives"] = new JsonArray(
            new JsonObject { ["section"] = "area:Hemtjänst", ["text"] = "Volymerna ökade." },
            new JsonObject { ["section"] = "summary", ["text"] = "Nämnden redovisar ett underskott på 2,4 miljoner kronor." },
            new JsonObject { ["section"] = "unit:HT-NORR", ["text"] = "Fler beviljade timmar än budgeterat." }),
        ["statedDeviations"] = new JsonArray(
            new JsonObject { ["unitCode"] = "", ["deviation"] = Amount(-2_400_000m), ["forecastDeviation"] = Amount(-2_600_000m) }, // the stated total
            new JsonObject { ["unitCode"] = "HT-NORR", ["deviation"] = Amount(-2_300_000m) }),
        ["deviationItems"] = new JsonArray(
            new JsonObject { ["unitCode"] = "", ["kind"] = "DEVIATION_ITEM_KIND_ONE_OFF", ["description"] = "Statsbidrag", ["amount"] = Amount(400_000m) },
            new JsonObject
            {
                ["unitCode"] = "HT-NORR", ["kind"] = "DEVIATION_ITEM_KIND_STAFFING", ["description"] = "Utökad nattbemanning",
                ["amount"] = Amount(-500_000m), ["fullTimeEquivalents"] = Amount(1.0m),
            }),
    };

    /// <summary>Version 2's records: every period kind changed, and KF-2024-00112 given with one adjustment (the second is dropped).</summary>
    private static JsonObject Changed() => new()
    {
        ["period"] = new JsonObject { ["year"] = 2024, ["point"] = "PERIOD_POINT_MONTH_12" },
        ["forecastName"] = "helårsprognos 202412",
        ["figures"] = new JsonArray(
            new JsonObject { ["activityCode"] = "200", ["unitCode"] = "", ["actual"] = Amount(-4_500_000m), ["costs"] = Amount(5_300_000m), ["income"] = Amount(800_000m) },
            new JsonObject { ["activityCode"] = "200", ["unitCode"] = "HT-NORR", ["actual"] = Amount(-4_500_000m), ["costs"] = Amount(5_300_000m), ["income"] = Amount(800_000m) }),
        ["allocations"] = new JsonArray(new JsonObject { ["areaName"] = "Hemtjänst", ["sortOrder"] = 1, ["amount"] = Amount(42_000_000m), ["activityCodes"] = new JsonArray("200") }),
        ["budgetAdjustments"] = new JsonArray(Adjustment("Hemtjänst", 2_000_000m, "KF", "KF-2024-00112", "Lönekompensation 2024, slutlig", "2024-06-19")),
        ["investment"] = new JsonObject { ["municipalBudget"] = Amount(3_000_000m), ["outcome"] = Amount(2_100_000m), ["forecast"] = Amount(2_100_000m), ["comment"] = "Larm" },
        ["savingsDecisions"] = new JsonArray(new JsonObject
        {
            ["reference"] = "SN-2024-00031", ["decidedOn"] = "2024-03-14", ["decidedBy"] = "Äldrenämnden", ["achievedEffect"] = Amount(900_000m),
            ["measures"] = new JsonArray(new JsonObject { ["name"] = "Samordnad nattpatrull", ["decidedByCommittee"] = true, ["fullYearEffect"] = Amount(1_200_000m) }),
        }),
        ["narratives"] = new JsonArray(
            new JsonObject { ["section"] = "summary", ["text"] = "Nämnden redovisar ett underskott på 3,1 miljoner kronor." },
            new JsonObject { ["section"] = "unit:HT-NORR", ["text"] = "Fler timmar i december." }),
        ["statedDeviations"] = new JsonArray(
            new JsonObject { ["unitCode"] = "", ["deviation"] = Amount(-3_100_000m) },
            new JsonObject { ["unitCode"] = "HT-NORR", ["deviation"] = Amount(-3_000_000m) }),
        ["deviationItems"] = new JsonArray(new JsonObject
        {
            ["unitCode"] = "HT-NORR", ["kind"] = "DEVIATION_ITEM_KIND_STAFFING", ["description"] = "Utökad nattbemanning", ["amount"] = Amount(-700_000m), ["fullTimeEquivalents"] = Amount(1.5m),
        }),
    };

    // Actual = Income − Costs, the unit row as the activity's (the rules hold on what the snapshot keeps).
    private static JsonObject Figure(string activity, string unit) => new()
    {
        ["activityCode"] = activity, ["unitCode"] = unit, ["actual"] = Amount(-4_200_000.25m), ["budget"] = Amount(-4_000_000m), ["forecast"] = Amount(-4_300_000m),
        ["costs"] = Amount(5_000_000.50m), ["income"] = Amount(800_000.25m), ["interventionCost"] = Amount(3_100_000m),
        ["interventionCostBudget"] = Amount(3_000_000m), ["interventionCostForecast"] = Amount(3_150_000m),
    };

    private static JsonObject Unit(string code, string name, string kind, string parent) =>
        new() { ["code"] = code, ["name"] = name, ["kind"] = kind, ["parentCode"] = parent };

    private static JsonObject Adjustment(string area, decimal amount, string body, string reference, string reason, string decidedOn) => new()
    {
        ["areaName"] = area, ["amount"] = Amount(amount), ["decidedBy"] = body, ["reference"] = reference, ["reason"] = reason, ["decidedOn"] = decidedOn,
    };

    private static JsonObject Code(string code, string name, string scb) => new() { ["code"] = code, ["name"] = name, ["scbCode"] = scb };

    private static JsonObject Names(string municipality, string committee, string name) => new()
    {
        ["municipalityName"] = municipality, ["committees"] = new JsonArray(new JsonObject { ["committeeCode"] = committee, ["name"] = name }),
    };

    private async Task<JsonNode> SnapshotAsync(string committee, int version)
    {
        var report = await Reports.GetReportAsync(new GetReportRequest { MunicipalityCode = Kommun, CommitteeCode = committee, Period = December, Service = "economy", Version = version });
        return JsonNode.Parse(report.SnapshotJson)!;
    }

    private string Path(string rest) => $"/api/v1/economy/municipalities/{Kommun}/{rest}";

    private string CommitteePath(string committee, string rest) => $"/api/v1/economy/municipalities/{Kommun}/committees/{committee}/{rest}";
}
