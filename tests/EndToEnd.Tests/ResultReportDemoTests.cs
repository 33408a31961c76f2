using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Issue 14: the second demo committee (Äldrenämnden's result report, deploy/demo) loaded by its loader through the
/// gateway and every figure read back exactly. Expected values come from the data files, read here on their own.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ResultReportDemoTests(Suite suite)
{
    private EconomyService.EconomyServiceClient Economy => new(suite.Grpc);
    private static readonly Period November = new() { Year = 2024, Point = PeriodPoint.Month11 };
    private static readonly Period FullYear = new() { Year = 2024, Point = PeriodPoint.FullYear };
    private const string Committee = "ALN";

    [Fact]
    public async Task The_second_demo_committee_loads_through_the_public_API_and_every_figure_reads_back_exactly()
    {
        Load("load-economy.sh");
        Load("load-result-report.sh");
        Load("load-result-report.sh"); // idempotent: a second run changes nothing and refuses nothing

        var csv = DemoCsv();
        var november = ReadDemo("result-report-ALN-2024-11.json");

        // December (helår) from the CSV: every stated deviation, the stated total beside the sum of the unit rows.
        var december = await Economy.GetUnitDeviationsAsync(Tables(FullYear));
        Assert.Equal(("Uppsala kommun", "Äldrenämnden"), (december.MunicipalityName, december.CommitteeName));
        Assert.Equal(PeriodPoint.Month11, december.PreviousFollowUp.Point);
        var deviations = csv.Where(f => f[0] == "deviation").ToList();
        var novemberDeviations = november["statedDeviations"]!.AsArray().ToDictionary(d => (string)d!["unitCode"]!, d => Value(d!["deviation"]));
        foreach (var row in deviations.Where(f => f[2] != ""))
        {
            var unit = december.Units.Single(u => u.UnitCode == row[2]);
            Assert.Equal((Kronor(row[3]), Kronor(row[4])), (unit.StatedDeviation.ToDecimal(), unit.StatedForecastDeviation.ToDecimal()));
            Assert.Equal(novemberDeviations[row[2]], unit.PreviousFollowUpStatedDeviation.ToDecimal());
            Assert.Null(unit.Actual); // stated, never invented from Actual and Budget
        }
        var total = deviations.Single(f => f[2] == "");
        var sumOfUnits = deviations.Where(f => f[2] != "").Sum(f => Kronor(f[3]));
        Assert.Equal((Kronor(total[3]), sumOfUnits, Kronor(total[3]) - sumOfUnits),
            (december.DeviationTotal.Stated.ToDecimal(), december.DeviationTotal.Derived.ToDecimal(), december.DeviationTotal.RoundingDifference.ToDecimal()));
        Assert.Equal(-100_000m, december.DeviationTotal.RoundingDifference.ToDecimal()); // the file's tenth of a mnkr, shown as rounding
        Assert.StartsWith("stated deviations of units ", december.DeviationTotal.DerivedFrom);
        Assert.Equal(novemberDeviations[""], december.PreviousFollowUpDeviationTotal.Stated.ToDecimal());

        // Items inside the deviations, on units and on the committee.
        foreach (var item in csv.Where(f => f[0] == "item"))
        {
            var items = item[2] == "" ? december.CommitteeItems : december.Units.Single(u => u.UnitCode == item[2]).Items;
            var read = items.Single(i => i.Description == item[4]);
            Assert.Equal(item[3] == "staffing" ? DeviationItemKind.Staffing : DeviationItemKind.OneOff, read.Kind);
            Assert.Equal(Kronor(item[5]), read.Amount.ToDecimal());
            Assert.Equal(Optional(item[6]), read.FullTimeEquivalents is null ? null : read.FullTimeEquivalents.ToDecimal());
        }
        foreach (var comment in csv.Where(f => f[0] == "narrative" && f[2].StartsWith("unit:")))
        {
            Assert.Equal(comment[3], december.Units.Single(u => u.UnitCode == comment[2][5..]).Comment);
        }
        Assert.Equal(csv.Where(f => f[0] == "unit").Select(f => (f[1], f[2])).Order(), december.Units.Select(u => (u.UnitCode, u.UnitName)).Order());

        // Savings decision, measures ("not stated" stays unset) and budget adjustments as decisions.
        var savings = await Economy.GetSavingsAsync(Tables(FullYear));
        var decisionLine = csv.Single(f => f[0] == "savings_decision");
        var decision = Assert.Single(savings.Decisions);
        Assert.Equal((decisionLine[2], decisionLine[3], decisionLine[4], decisionLine[7], decisionLine[10]),
            (decision.Reference, decision.DecidedOn, decision.DecidedBy, decision.Requirement, decision.Description));
        Assert.Equal((Kronor(decisionLine[5]), Kronor(decisionLine[6]), Kronor(decisionLine[8]), Kronor(decisionLine[9])),
            (decision.FullYearEffect.ToDecimal(), decision.EffectThisYear.ToDecimal(), decision.RequirementAmount.ToDecimal(), decision.AchievedEffect.ToDecimal()));
        foreach (var measure in csv.Where(f => f[0] == "savings"))
        {
            var read = decision.Measures.Single(m => m.Name == measure[5]);
            Assert.Equal(measure[6] == "yes", read.DecidedByCommittee);
            Assert.Equal(Optional(measure[7]), read.FullYearEffect is null ? null : read.FullYearEffect.ToDecimal());
            Assert.Equal(Optional(measure[8]), read.EffectThisYear is null ? null : read.EffectThisYear.ToDecimal());
        }
        var adjustments = csv.Where(f => f[0] == "adjustment").ToList();
        Assert.Equal(adjustments.Count, savings.BudgetAdjustments.Count); // two lines of KF-2024-00112 for Hemtjänst: both kept
        foreach (var group in adjustments.GroupBy(f => f[5]))
        {
            Assert.Equal(group.Select(f => (f[2], Kronor(f[3]), f[4], f[6], f[7])),
                savings.BudgetAdjustments.Where(a => a.Reference == group.Key).OrderBy(a => a.Sequence)
                    .Select(a => (a.AreaName, a.Amount.ToDecimal(), a.DecidedBy, a.Reason, a.DecidedOn)));
        }

        // Allocations with their adjustments, names and the summary narrative.
        var summary = await Economy.GetResultSummaryAsync(new GetResultSummaryRequest { MunicipalityCode = Municipality, CommitteeCode = Committee, Period = FullYear });
        Assert.Equal(("Uppsala kommun", "Äldrenämnden"), (summary.MunicipalityName, summary.CommitteeName));
        foreach (var allocation in csv.Where(f => f[0] == "allocation"))
        {
            Assert.Equal(Kronor(allocation[4]) + adjustments.Where(a => a[2] == allocation[2]).Sum(a => Kronor(a[3])),
                summary.Areas.Single(a => a.AreaName == allocation[2]).Allocation.ToDecimal());
        }
        Assert.Equal(csv.Single(f => f[0] == "narrative" && f[2] == "summary")[3], summary.Narrative);
        Assert.Equal(csv.Single(f => f[0] == "report")[2], summary.ForecastName);

        var investment = await Economy.GetInvestmentsAsync(Tables(FullYear));
        var investmentLine = csv.Single(f => f[0] == "investment");
        Assert.Equal((Kronor(investmentLine[2]), Kronor(investmentLine[3]), Kronor(investmentLine[4]), investmentLine[5]),
            (investment.MunicipalBudget.ToDecimal(), investment.Outcome.ToDecimal(), investment.Forecast.ToDecimal(), investment.Comment));
        Assert.Equal(csv.Single(f => f[0] == "narrative" && f[2] == "investments")[3], investment.Narrative);
        Assert.Equal(csv.Where(f => f[0] == "allocation").OrderBy(f => int.Parse(f[3], CultureInfo.InvariantCulture)).Select(f => f[2]), summary.Areas.Select(a => a.AreaName));
        Assert.Equal(csv.Where(f => f[0] == "unit").Select(f => (f[1], f[3], f[4])).Order(), december.Units.Select(u => (u.UnitCode, u.Kind, u.ParentCode)).Order());

        // November from the JSON file, every record read back the same way.
        await AssertNovemberReadsBackAsync(november);

        // The seed's committee, loaded beside it by its own loader: every record of economy-2024.csv reads back exactly.
        await AssertSeedReadsBackAsync();

        // Kommunledningskontoret's views show both committees.
        var view = new MunicipalityViewRequest { MunicipalityCode = Municipality, Period = FullYear, Limit = 200 };
        var overview = await Economy.GetMunicipalityResultOverviewAsync(view);
        Assert.Equal("Uppsala kommun", overview.MunicipalityName);
        var aln = overview.Committees.Single(c => c.CommitteeCode == Committee);
        Assert.Equal(("Äldrenämnden", "stated", Kronor(total[3]), novemberDeviations[""], Kronor(total[3]) - novemberDeviations[""]),
            (aln.CommitteeName, aln.ResultSource, aln.Result.ToDecimal(), aln.PreviousResult.ToDecimal(), aln.ResultChange.ToDecimal()));
        Assert.Equal(Kronor(total[4]) - Value(november["statedDeviations"]!.AsArray().Single(d => (string)d!["unitCode"]! == "")!["forecastDeviation"]), aln.ForecastChange.ToDecimal());
        var scn = overview.Committees.Single(c => c.CommitteeCode == "SCN");
        var scnSummary = await Economy.GetResultSummaryAsync(new GetResultSummaryRequest { MunicipalityCode = Municipality, CommitteeCode = "SCN", Period = FullYear });
        Assert.Equal(("Socialnämnden", "allocation_minus_net_cost", scnSummary.Total.Result.ToDecimal()), (scn.CommitteeName, scn.ResultSource, scn.Result.ToDecimal()));
        Assert.Equal(-23.5m, Math.Round(scn.Result.ToDecimal() / 1_000_000m, 1, MidpointRounding.AwayFromZero)); // Bilaga 1

        var largest = await Economy.ListLargestUnitDeviationsAsync(view);
        var alnUnits = largest.Units.Where(u => u.CommitteeCode == Committee).ToList();
        Assert.Equal(deviations.Where(f => f[2] != "").OrderByDescending(f => Math.Abs(Kronor(f[3]))).Select(f => (f[2], Kronor(f[3]))),
            alnUnits.Select(u => (u.UnitCode, u.Deviation.ToDecimal())));
        Assert.True(largest.Units.Zip(largest.Units.Skip(1)).All(p => Math.Abs(p.First.Deviation.ToDecimal()) >= Math.Abs(p.Second.Deviation.ToDecimal())));
        // The seed's unit rows carry Actual only (no budget per unit), so Socialnämnden has no unit deviation to list.
        Assert.DoesNotContain(largest.Units, u => u.CommitteeCode == "SCN");

        var allSavings = await Economy.ListMunicipalitySavingsAsync(view);
        Assert.Equal(Kronor(decisionLine[9]), allSavings.Committees.Single(c => c.CommitteeCode == Committee).Decisions.Single().AchievedEffect.ToDecimal());
        Assert.Contains(Committee, allSavings.Requirements.Single(r => r.Requirement == decisionLine[7]).CommitteeCodes);

        var allAdjustments = await Economy.ListMunicipalityBudgetAdjustmentsAsync(view);
        Assert.Equal(adjustments.Sum(a => Kronor(a[3])), allAdjustments.Committees.Single(c => c.CommitteeCode == Committee).Total.ToDecimal());
        Assert.Equal(600_000m, allAdjustments.Committees.Single(c => c.CommitteeCode == "SCN").Total.ToDecimal()); // the seed's KF adjustment

        var investments = await Economy.ListMunicipalityInvestmentsAsync(view);
        Assert.Equal(Kronor(investmentLine[3]), investments.Committees.Single(c => c.CommitteeCode == Committee).Outcome.ToDecimal());
        Assert.Contains(investments.Committees, c => c.CommitteeCode == "SCN" && c.CommitteeName == "Socialnämnden");
    }

    [Fact]
    public async Task Records_written_as_JSON_refuse_units_and_sections_that_do_not_exist_naming_the_field_and_store_nothing()
    {
        var committee = NewCommittee("RR");
        var body = new JsonObject
        {
            ["period"] = new JsonObject { ["year"] = 2024, ["point"] = "PERIOD_POINT_MONTH_12" },
            ["units"] = new JsonArray(new JsonObject { ["code"] = "HT", ["name"] = "Hemtjänst", ["kind"] = "unit" }),
            ["statedDeviations"] = new JsonArray(new JsonObject { ["unitCode"] = "HT", ["deviation"] = Amount(-1_000_000m) },
                new JsonObject { ["unitCode"] = "NOSUCH", ["deviation"] = Amount(-2_000_000m) }),
            ["narratives"] = new JsonArray(new JsonObject { ["section"] = "unit:NOSUCH", ["text"] = "Kommentar" }),
            ["deviationItems"] = new JsonArray(new JsonObject { ["unitCode"] = "HT", ["kind"] = "DEVIATION_ITEM_KIND_STAFFING", ["description"] = "Vakans", ["amount"] = Amount(1m) }),
        };
        var response = await suite.Rest.PostAsync(EconomyPath(committee, "records"), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("stated_deviations[1].unit", text);
        Assert.Contains("narratives[0].section", text);
        Assert.Contains("deviation_items[0].full_time_equivalents", text); // a staffing change states its årsarbetare
        Assert.DoesNotContain("stated_deviations[0]", text);

        // Nothing stored, and a committee without data answers every read alike: 200 and empty.
        foreach (var read in new[] { "unit-deviations", "savings", "investments", "result-summary", "figures", "report" })
        {
            var empty = await suite.Rest.GetAsync(EconomyPath(committee, $"{read}?period.year=2024&period.point=PERIOD_POINT_MONTH_12"));
            Assert.True(empty.StatusCode == HttpStatusCode.OK, $"{read}: {(int)empty.StatusCode} {await empty.Content.ReadAsStringAsync()}");
        }
        Assert.Empty((await Economy.GetUnitDeviationsAsync(new GetTablesRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = new Period { Year = 2024, Point = PeriodPoint.Month12 } })).Units);

        // The same request without the bad records is stored, and again changes nothing.
        body["statedDeviations"]!.AsArray().RemoveAt(1);
        body.Remove("narratives");
        body["deviationItems"]![0]!["fullTimeEquivalents"] = Amount(-1m);
        Assert.Equal(3, (await suite.Rest.PostOkAsync(EconomyPath(committee, "records"), body))["rowsChanged"]!.GetValue<int>()); // unit, deviation, item
        Assert.Equal(0, (await suite.Rest.PostOkAsync(EconomyPath(committee, "records"), body))["rowsChanged"]?.GetValue<int>() ?? 0);

        // The new RPCs are in the gateway's OpenAPI document.
        var openApi = await suite.Rest.GetStringAsync("/openapi.json");
        foreach (var path in new[] { "/records", "/names", "/result-overview", "/largest-unit-deviations", "/savings-decisions", "/budget-adjustments" })
        {
            Assert.Contains(path, openApi);
        }
    }

    [Fact]
    public async Task A_savings_requirement_shared_by_two_committees_shows_both_in_the_municipality_view()
    {
        var (first, second) = (NewCommittee("SA"), NewCommittee("SB"));
        var requirement = $"KF-2024-{first} Besparingskrav välfärdsnämnderna";
        foreach (var (committee, amount, achieved) in new[] { (first, 10_000_000m, 4_000_000m), (second, 5_000_000m, 5_500_000m) })
        {
            await suite.Rest.PostOkAsync(EconomyPath(committee, "records"), new JsonObject
            {
                ["period"] = new JsonObject { ["year"] = 2024, ["point"] = "PERIOD_POINT_MONTH_10" },
                ["savingsDecisions"] = new JsonArray(new JsonObject
                {
                    ["reference"] = $"{committee}-1", ["decidedOn"] = "2024-04-10", ["decidedBy"] = "Nämnden", ["requirement"] = requirement,
                    ["requirementAmount"] = Amount(amount), ["fullYearEffect"] = Amount(amount), ["achievedEffect"] = Amount(achieved),
                }),
            });
        }
        var savings = await Economy.ListMunicipalitySavingsAsync(new MunicipalityViewRequest { MunicipalityCode = Municipality, Period = new Period { Year = 2024, Point = PeriodPoint.Month10 } });
        var progress = savings.Requirements.Single(r => r.Requirement == requirement);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), progress.CommitteeCodes);
        Assert.Equal((15_000_000m, 9_500_000m), (progress.RequirementAmount.ToDecimal(), progress.AchievedEffect.ToDecimal()));
    }

    /// <summary>Every record of the November JSON file through the public reads, each value as the file gives it.</summary>
    private async Task AssertNovemberReadsBackAsync(JsonNode november)
    {
        var table = await Economy.GetUnitDeviationsAsync(Tables(November));
        Assert.Equal(november["units"]!.AsArray().Select(u => ((string)u!["code"]!, (string)u["name"]!, (string)u["kind"]!, (string)u["parentCode"]!)).Order(),
            table.Units.Select(u => (u.UnitCode, u.UnitName, u.Kind, u.ParentCode)).Order());
        foreach (var stated in november["statedDeviations"]!.AsArray())
        {
            var unitCode = (string)stated!["unitCode"]!;
            var (deviation, forecast) = unitCode == ""
                ? (table.DeviationTotal.Stated, table.ForecastDeviationTotal.Stated)
                : (table.Units.Single(u => u.UnitCode == unitCode).StatedDeviation, table.Units.Single(u => u.UnitCode == unitCode).StatedForecastDeviation);
            Assert.Equal((Value(stated["deviation"]), Value(stated["forecastDeviation"])), (deviation.ToDecimal(), forecast.ToDecimal()));
        }
        foreach (var item in november["deviationItems"]!.AsArray())
        {
            var read = table.Units.Single(u => u.UnitCode == (string)item!["unitCode"]!).Items.Single(i => i.Description == (string)item!["description"]!);
            Assert.Equal(((string)item!["kind"]!, Value(item["amount"]), Value(item["fullTimeEquivalents"])),
                (read.Kind == DeviationItemKind.Staffing ? "DEVIATION_ITEM_KIND_STAFFING" : "DEVIATION_ITEM_KIND_ONE_OFF", read.Amount.ToDecimal(), read.FullTimeEquivalents.ToDecimal()));
        }
        var comments = november["narratives"]!.AsArray().Where(n => ((string)n!["section"]!).StartsWith("unit:")).ToDictionary(n => ((string)n!["section"]!)[5..], n => (string)n!["text"]!);
        Assert.Equal(comments.OrderBy(c => c.Key), table.Units.Where(u => u.Comment.Length > 0).ToDictionary(u => u.UnitCode, u => u.Comment).OrderBy(c => c.Key));

        var savings = await Economy.GetSavingsAsync(Tables(November));
        var written = november["savingsDecisions"]![0]!;
        var decision = Assert.Single(savings.Decisions);
        Assert.Equal(((string)written["reference"]!, (string)written["decidedOn"]!, (string)written["decidedBy"]!, (string)written["requirement"]!, (string)written["description"]!),
            (decision.Reference, decision.DecidedOn, decision.DecidedBy, decision.Requirement, decision.Description));
        Assert.Equal((Value(written["fullYearEffect"]), Value(written["effectThisYear"]), Value(written["requirementAmount"]), Value(written["achievedEffect"])),
            (decision.FullYearEffect.ToDecimal(), decision.EffectThisYear.ToDecimal(), decision.RequirementAmount.ToDecimal(), decision.AchievedEffect.ToDecimal()));
        Assert.Equal(written["measures"]!.AsArray().Select(m => ((string)m!["name"]!, (bool)m["decidedByCommittee"]!, Optional(m["fullYearEffect"]), Optional(m["effectThisYear"]))),
            decision.Measures.Select(m => (m.Name, m.DecidedByCommittee, m.FullYearEffect is null ? (decimal?)null : m.FullYearEffect.ToDecimal(), m.EffectThisYear is null ? (decimal?)null : m.EffectThisYear.ToDecimal())));
        var adjustments = november["budgetAdjustments"]!.AsArray();
        foreach (var group in adjustments.GroupBy(a => (string)a!["reference"]!))
        {
            Assert.Equal(group.Select(a => ((string)a!["areaName"]!, Value(a["amount"]), (string)a["decidedBy"]!, (string)a["reason"]!, (string)a["decidedOn"]!)),
                savings.BudgetAdjustments.Where(a => a.Reference == group.Key).OrderBy(a => a.Sequence).Select(a => (a.AreaName, a.Amount.ToDecimal(), a.DecidedBy, a.Reason, a.DecidedOn)));
        }
        Assert.Equal(adjustments.Count, savings.BudgetAdjustments.Count);

        var summary = await Economy.GetResultSummaryAsync(new GetResultSummaryRequest { MunicipalityCode = Municipality, CommitteeCode = Committee, Period = November });
        var allocations = november["allocations"]!.AsArray();
        Assert.Equal(allocations.OrderBy(a => (int)a!["sortOrder"]!).Select(a => (string)a!["areaName"]!), summary.Areas.Select(a => a.AreaName));
        foreach (var allocation in allocations)
        {
            var area = (string)allocation!["areaName"]!;
            Assert.Equal(Value(allocation["amount"]) + adjustments.Where(a => (string)a!["areaName"]! == area).Sum(a => Value(a!["amount"])),
                summary.Areas.Single(a => a.AreaName == area).Allocation.ToDecimal());
        }
        Assert.Equal(((string)november["forecastName"]!, (string)november["narratives"]!.AsArray().Single(n => (string)n!["section"]! == "summary")!["text"]!),
            (summary.ForecastName, summary.Narrative));

        var investment = await Economy.GetInvestmentsAsync(Tables(November));
        var writtenInvestment = november["investment"]!;
        Assert.Equal((Value(writtenInvestment["municipalBudget"]), Value(writtenInvestment["outcome"]), Value(writtenInvestment["forecast"]), (string)writtenInvestment["comment"]!),
            (investment.MunicipalBudget.ToDecimal(), investment.Outcome.ToDecimal(), investment.Forecast.ToDecimal(), investment.Comment));
    }

    private static decimal? Optional(JsonNode? amount) => amount is null ? null : Value(amount);

    /// <summary>Socialnämnden as load-economy.sh wrote it: every figure, allocation, investment and unit of economy-2024.csv, exact.</summary>
    private async Task AssertSeedReadsBackAsync()
    {
        var seed = File.ReadAllLines(Path.Combine(Suite.RepositoryRoot, "deploy", "demo", "economy-2024.csv"), Encoding.UTF8)
            .Where(l => l.StartsWith("figure;") || l.StartsWith("allocation;") || l.StartsWith("adjustment;") || l.StartsWith("investment;") || l.StartsWith("unit;"))
            .Select(Fields).ToList();
        foreach (var year in new[] { 2023, 2024 })
        {
            var period = new Period { Year = year, Point = PeriodPoint.FullYear };
            var lines = seed.Where(f => f[1] == $"{year}-helår").ToList();
            var stored = (await Economy.ListActivityFiguresAsync(new ListActivityFiguresRequest { MunicipalityCode = Municipality, CommitteeCode = "SCN", Period = period })).Figures;
            var figureLines = lines.Where(f => f[0] == "figure").ToList();
            Assert.Equal(figureLines.Count, stored.Count);
            foreach (var f in figureLines)
            {
                var row = stored.Single(r => r.ActivityCode == f[2] && r.UnitCode == f[3]);
                Assert.Equal(f[4..12].Select(Optional),
                    new[] { row.Actual, row.Budget, row.Forecast, row.Costs, row.Income, row.InterventionCost, row.InterventionCostBudget, row.InterventionCostForecast }
                        .Select(v => v is null ? (decimal?)null : v.ToDecimal()));
            }
            var summary = await Economy.GetResultSummaryAsync(new GetResultSummaryRequest { MunicipalityCode = Municipality, CommitteeCode = "SCN", Period = period });
            var allocations = lines.Where(f => f[0] == "allocation").ToList();
            Assert.Equal(allocations.OrderBy(f => int.Parse(f[3], CultureInfo.InvariantCulture)).Select(f => f[2]), summary.Areas.Select(a => a.AreaName));
            foreach (var allocation in allocations)
            {
                var adjusted = Kronor(allocation[4]) + lines.Where(f => f[0] == "adjustment" && f[2] == allocation[2]).Sum(f => Kronor(f[3]));
                Assert.Equal(adjusted, summary.Areas.Single(a => a.AreaName == allocation[2]).Allocation.ToDecimal());
            }
        }
        var investment = await Economy.GetInvestmentsAsync(new GetTablesRequest { MunicipalityCode = Municipality, CommitteeCode = "SCN", Period = FullYear });
        var (now, before) = (seed.Single(f => f[0] == "investment" && f[1] == "2024-helår"), seed.Single(f => f[0] == "investment" && f[1] == "2023-helår"));
        Assert.Equal((Kronor(now[2]), Kronor(now[3]), Kronor(now[4]), now[5], Kronor(before[3])),
            (investment.MunicipalBudget.ToDecimal(), investment.Outcome.ToDecimal(), investment.Forecast.ToDecimal(), investment.Comment, investment.PreviousYearOutcome.ToDecimal()));
        var units = await Economy.GetUnitDeviationsAsync(new GetTablesRequest { MunicipalityCode = Municipality, CommitteeCode = "SCN", Period = FullYear });
        Assert.Equal(seed.Where(f => f[0] == "unit").Select(f => (f[1], f[2], f[3], f[4])).Order(), units.Units.Select(u => (u.UnitCode, u.UnitName, u.Kind, u.ParentCode)).Order());
    }

    private static GetTablesRequest Tables(Period period) => new() { MunicipalityCode = Municipality, CommitteeCode = Committee, Period = period };

    private static decimal Kronor(string text) => decimal.Parse(text.Replace(',', '.'), CultureInfo.InvariantCulture);

    private static decimal? Optional(string text) => text.Length == 0 ? null : Kronor(text);

    private static decimal Value(JsonNode? node) => decimal.Parse((string)node!["value"]!, CultureInfo.InvariantCulture);

    /// <summary>The demo CSV's record lines as fields (';', '"' quotes), comments and the header left out.</summary>
    private static List<string[]> DemoCsv() =>
        File.ReadAllLines(Path.Combine(Suite.RepositoryRoot, "deploy", "demo", "result-report-ALN-2024-helar.csv"), Encoding.UTF8)
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("record;"))
            .Select(Fields).ToList();

    private static string[] Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ';' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return [.. fields];
    }

    private void Load(string script)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Suite.RepositoryRoot, "deploy", "demo", script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NF_GATEWAY_REST"] = suite.GatewayRestAddress;
        start.Environment["NF_TOKEN"] = suite.Token(Municipality, "SCN", Roles.All);
        start.Environment["NF_TOKEN_ALN"] = suite.Token(Municipality, Committee, Roles.CommitteeWriter);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{script} failed ({process.ExitCode}): {stdout}{stderr.Result}");
    }
}
