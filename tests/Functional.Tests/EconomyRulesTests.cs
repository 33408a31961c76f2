using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.Report.V1;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.EconomySeed;

namespace NamndFollowUp.Functional.Tests;

/// <summary>Bad input refused whole with the rule, the line or field and the values; the report workflow; SIE.</summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class EconomyRulesTests(ServiceHosts suite)
{
    private EconomyService.EconomyServiceClient Economy => new(suite.Grpc);

    private const string Header = "record;fields\n";

    [Fact]
    public async Task A_CSV_with_one_bad_line_in_the_middle_changes_nothing_and_names_the_line()
    {
        var committee = NewCommittee("EB");
        var csv = Header +
            "figure;2024-helår;5731;;-247200000;-231000000;;;;;;\n" +
            "figure;2024-helår;5732;;-255900000;-242000000;;;;;;\n" +
            "figure;2024-helår;5733;;-183.100,5;-189000000;;;;;;\n" +
            "figure;2024-helår;5739;;-30800000;-23000000;;;;;;\n" +
            "figure;2024-13;571;;-144400000;;;;;;;\n";
        var (status, body) = await PostAsync(committee, "imports/csv", Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("line 4", body);
        Assert.Contains("column 5 (actual)", body);
        Assert.Contains("-183.100,5", body); // both separators: refused (a decimal comma alone is valid since spreadsheets write it)
        Assert.Contains("line 6", body); // every bad line, not just the first: "2024-13" is no period
        Assert.DoesNotContain("line 2", body);
        Assert.Empty(await FiguresAsync(committee));
    }

    [Fact]
    public async Task Unit_rows_that_do_not_sum_to_their_activity_are_refused_with_the_rule_and_the_values()
    {
        var committee = NewCommittee("EU");
        var csv = Header +
            "unit;BOU;Avdelning barn och ungdom;division;\n" +
            "unit;BOU-INST;Institutionsvård;unit;BOU\n" +
            "unit;BOU-STOD;Stödboende;unit;BOU\n" +
            "figure;2024-helår;5731;;-247200000;;;;;;;\n" +
            "figure;2024-helår;5731;BOU-INST;-174175900;;;178503400;4327500;;;\n" +
            "figure;2024-helår;5731;BOU-STOD;-73000000;;;;;;;\n";
        var (status, body) = await PostAsync(committee, "imports/csv", Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("units-sum-to-activity", body);
        Assert.Contains("line 5", body); // the activity's row
        Assert.Contains("-247200000", body);
        Assert.Contains("-247175900", body); // what the units sum to
        Assert.Empty(await FiguresAsync(committee));

        // Actual = Income − Costs on a unit row, through the figures RPC as well.
        var wrong = Figures(("5731", -1m, null));
        wrong["figures"]![0]!["costs"] = Amount(100m);
        wrong["figures"]![0]!["income"] = Amount(10m);
        var response = await suite.Rest.PostAsync(EconomyPath(committee, "figures"), wrong);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("actual-is-income-minus-costs", text);
        Assert.Contains("-90", text);
        Assert.Empty(await FiguresAsync(committee));
    }

    [Fact]
    public async Task A_total_or_result_that_does_not_hold_on_stored_values_is_refused()
    {
        var committee = NewCommittee("EC");
        var csv = Header +
            "allocation;2024-helår;Familjerätt och familjerådgivning;1;24100000;;581 589\n" +
            "figure;2024-helår;581;;-4600000;;;;;;;\n" +
            "figure;2024-helår;589;;-18240000;;;;;;;\n" +
            // The seed prints −22,8 and 1,3; the stored values give exactly −22 840 000 and 1 260 000.
            "check;2024-helår;summary;total;net_cost.actual;-22800000\n" +
            "check;2024-helår;summary;Familjerätt och familjerådgivning;result.actual;1300000\n";
        var (status, body) = await PostAsync(committee, "imports/csv", Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("line 5", body);
        Assert.Contains("area-total", body);
        Assert.Contains("-22840000", body);
        Assert.Contains("line 6", body);
        Assert.Contains("result-is-allocation-minus-net-cost", body);
        Assert.Contains("1260000", body);
        Assert.Empty(await FiguresAsync(committee));

        // The same codes in two allocation areas would count twice in the total.
        var twice = Header +
            "allocation;2024-helår;A;1;1;;581\n" +
            "allocation;2024-helår;B;2;1;;581 589\n";
        (status, body) = await PostAsync(committee, "imports/csv", Encoding.UTF8.GetBytes(twice));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("code-in-one-area", body);
    }

    [Fact]
    public async Task An_adopted_report_is_read_only_a_correction_makes_version_2_and_version_1_stays_readable()
    {
        var committee = NewCommittee("EW");
        await ImportCsvAsync(suite, committee, DemoCsv());
        var reports = Reports(suite.Grpc, "economy");
        var action = new ReportRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto, Service = "economy" };

        Assert.Equal(ReportStatus.Submitted, (await reports.SubmitReportAsync(action)).State.Status);
        // Returned before the decision: a draft of the same version, editable, then submitted again.
        var reopened = await reports.ReopenReportAsync(action);
        Assert.Equal((ReportStatus.Draft, 1), (reopened.State.Status, reopened.State.Version));
        Assert.Equal(ReportStatus.Submitted, (await reports.SubmitReportAsync(action)).State.Status);
        var adopted = await reports.AdoptReportAsync(new AdoptReportRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto, Service = "economy",
            CaseNumber = "SCN-2025-00042", DecisionDate = Date(2025, 2, 12),
        });
        Assert.Equal((ReportStatus.Adopted, 1, "SCN-2025-00042", Date(2025, 2, 12)), (adopted.State.Status, adopted.State.Version, adopted.State.CaseNumber, adopted.State.DecisionDate));

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await Economy.RecordActivityFiguresAsync(new RecordActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
            Figures = { new ActivityFigureInput { ActivityCode = "5731", Actual = new Contracts.Common.V1.Decimal { Value = "-1" } } },
        }));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var (status, _) = await PostAsync(committee, "imports/csv", DemoCsv());
        Assert.Equal(HttpStatusCode.BadRequest, status);

        var corrected = await reports.CorrectReportAsync(action);
        Assert.Equal((ReportStatus.Draft, 2), (corrected.State.Status, corrected.State.Version));
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("100", -5_100_000m, -4_900_000m)));

        var version1 = await reports.GetReportAsync(new GetReportRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto, Service = "economy", Version = 1 });
        Assert.Equal((ReportStatus.Adopted, "SCN-2025-00042"), (version1.State.Status, version1.State.CaseNumber));
        Assert.Contains("-5000000", version1.SnapshotJson);

        var history = await Economy.ListReportHistoryAsync(new ListReportHistoryRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto });
        Assert.Contains(history.Entries, e => e.Entity == "EconomyReport" && e.ChangesJson.Contains("SCN-2025-00042"));
        Assert.Contains(history.Entries, e => e.Entity == "ActivityFigure" && e.Action == "Modified" && e.ChangesJson.Contains("-5100000"));
    }

    [Fact]
    public async Task The_municipality_sees_every_committee_and_its_total()
    {
        var first = NewCommittee("EM");
        var second = NewCommittee("EN");
        await ImportCsvAsync(suite, first, Encoding.UTF8.GetBytes(Header + "allocation;2030-helår;A;1;1000;;100\nfigure;2030-helår;100;;-1200.50;;;;;;;\n"));
        await ImportCsvAsync(suite, second, Encoding.UTF8.GetBytes(Header + "allocation;2030-helår;A;1;500;;100\nfigure;2030-helår;100;;-400;;;;;;;\n"));

        var results = await Economy.ListMunicipalityResultsAsync(new ListMunicipalityResultsRequest
        {
            MunicipalityCode = Municipality, Period = new Period { Year = 2030, Point = PeriodPoint.FullYear },
        });
        var a = results.Committees.Single(c => c.CommitteeCode == first);
        var b = results.Committees.Single(c => c.CommitteeCode == second);
        Assert.Equal((1000m, 1200.50m, -200.50m), (a.Allocation.ToDecimal(), a.NetCost.ToDecimal(), a.Result.ToDecimal()));
        Assert.Equal((500m, 400m, 100m), (b.Allocation.ToDecimal(), b.NetCost.ToDecimal(), b.Result.ToDecimal()));
        Assert.Equal(results.Committees.Sum(c => c.Result.ToDecimal()), results.Total.Result.ToDecimal());
    }

    [Fact]
    public async Task An_SIE_file_in_CP437_is_imported_once_and_a_broken_one_changes_nothing()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var committee = NewCommittee("ES");
        var sie = """
            #FLAGGA 0
            #FORMAT PC8
            #SIETYP 4
            #PROGRAM "Ekonomisystem" 1.0
            #RAR 0 20240101 20241231
            #KONTO 3010 "Intäkter"
            #KONTO 4010 "Köpta tjänster"
            #DIM 20 "Verksamhet"
            #DIM 1 "Kostnadsställe"
            #OBJEKT 20 "5733" "Öppenvård"
            #OBJEKT 1 "ÖPPEN-EGEN" "Egen regi öppenvård"
            #PSALDO 0 202412 4010 {20 "5733" 1 "ÖPPEN-EGEN"} 86373000.00
            #PSALDO 0 202412 3010 {20 "5733" 1 "ÖPPEN-EGEN"} -379000.00
            #PBUDGET 0 202412 4010 {20 "5733" 1 "ÖPPEN-EGEN"} 85000000.00
            #PSALDO 0 202412 4010 {} 86373000.00
            """;
        var content = Encoding.GetEncoding(437).GetBytes(sie.Replace("\r\n", "\n"));
        await suite.Rest.SetLedgerMappingAsync(committee, activityDimension: 20, unitDimension: 1);
        var first = await suite.Rest.PostOkAsync(EconomyPath(committee, "imports/sie"), ImportBody(content, "ledger.se"));
        Assert.True(first["rowsChanged"]!.GetValue<int>() > 0);
        var figures = await FiguresAsync(committee);
        var unit = figures.Single(f => f.UnitCode == "ÖPPEN-EGEN");
        Assert.Equal((-85_994_000m, -85_000_000m, 86_373_000m, 379_000m), (unit.Actual.ToDecimal(), unit.Budget.ToDecimal(), unit.Costs.ToDecimal(), unit.Income.ToDecimal()));
        Assert.Equal(-85_994_000m, figures.Single(f => f.ActivityCode == "5733" && f.UnitCode == "").Actual.ToDecimal());

        var again = await suite.Rest.PostOkAsync(EconomyPath(committee, "imports/sie"), ImportBody(content, "ledger.se"));
        Assert.Equal(0, again["rowsChanged"]?.GetValue<int>() ?? 0);

        var other = NewCommittee("ET");
        await suite.Rest.SetLedgerMappingAsync(other, activityDimension: 20, unitDimension: 1);
        var broken = sie.Replace("#OBJEKT 1 \"ÖPPEN-EGEN\" \"Egen regi öppenvård\"\n", "").Replace("-379000.00", "-379 000,00");
        var (status, body) = await PostAsync(other, "imports/sie", Encoding.GetEncoding(437).GetBytes(broken.Replace("\r\n", "\n")), "ledger.se");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        // "-379 000,00" reads as the amount -379 and a quantity that is no number: refused, not summed.
        Assert.Contains("the quantity must be a number", body);
        Assert.Contains("line 12", body);
        Assert.Empty(await FiguresAsync(other));
    }

    [Fact]
    public async Task Savings_budget_adjustments_and_unit_deviations_against_the_previous_follow_up()
    {
        var committee = NewCommittee("EV");
        var csv = Header +
            "unit;BOU;Avdelning barn och ungdom;division;\n" +
            "unit;BOU-INST;Institutionsvård;unit;BOU\n" +
            "unit;BOU-STOD;Stödboende;unit;BOU\n" +
            "figure;2024-11;5731;;-220000000;-210000000;;;;;;\n" +
            "figure;2024-11;5731;BOU-INST;-160000000;-150000000;;;;;;\n" +
            "figure;2024-11;5731;BOU-STOD;-60000000;-60000000;;;;;;\n" +
            "figure;2024-12;5731;;-247200000;-231000000;;;;;;\n" +
            "figure;2024-12;5731;BOU-INST;-174175900;-160000000;;;;;;\n" +
            "figure;2024-12;5731;BOU-STOD;-73024100;-71000000;;;;;;\n" +
            "narrative;2024-12;unit:BOU-INST;Fler vårddygn på externa institutioner än budgeterat.\n" +
            "allocation;2024-12;Barn- och ungdomsvård;1;230000000;;5731\n" +
            "adjustment;2024-12;Barn- och ungdomsvård;1000000;KS;KS-2024-00321;Volymjustering\n" +
            "savings;2024-12;SCN-2024-00100;2024-03-20;Socialnämnden;Färre konsulentstödda familjehem;yes;6000000;4500000\n" +
            "savings;2024-12;SCN-2024-00100;2024-03-20;Socialnämnden;Hemtagning från HVB;no;3000000;1000000\n";
        await ImportCsvAsync(suite, committee, Encoding.UTF8.GetBytes(csv));
        var december = new Period { Year = 2024, Point = PeriodPoint.Month12 };
        var request = new GetTablesRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = december };

        var units = await Economy.GetUnitDeviationsAsync(request);
        Assert.Equal(PeriodPoint.Month11, units.PreviousFollowUp.Point);
        var institution = units.Units.Single(u => u.UnitCode == "BOU-INST");
        Assert.Equal((-14_175_900m, -10_000_000m), (institution.Deviation.ToDecimal(), institution.PreviousFollowUpDeviation.ToDecimal()));
        Assert.Equal("Fler vårddygn på externa institutioner än budgeterat.", institution.Comment);
        var division = units.Units.Single(u => u.UnitCode == "BOU");
        Assert.True(division.RolledUp);
        Assert.Equal((-16_200_000m, -10_000_000m), (division.Deviation.ToDecimal(), division.PreviousFollowUpDeviation.ToDecimal()));

        var savings = await Economy.GetSavingsAsync(request);
        var decision = Assert.Single(savings.Decisions);
        Assert.Equal(("SCN-2024-00100", "2024-03-20", "Socialnämnden"), (decision.Reference, decision.DecidedOn, decision.DecidedBy));
        Assert.Equal([true, false], decision.Measures.Select(m => m.DecidedByCommittee));
        Assert.Equal(9_000_000m, decision.Measures.Sum(m => m.FullYearEffect.ToDecimal()));
        Assert.Equal(5_500_000m, decision.Measures.Sum(m => m.EffectThisYear.ToDecimal()));

        // The adjustment by KS changes the allocation results are measured against, not the budgeted one.
        var summary = await Economy.GetResultSummaryAsync(new GetResultSummaryRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = december });
        var area = Assert.Single(summary.Areas);
        Assert.Equal((231_000_000m, -16_200_000m), (area.Allocation.ToDecimal(), area.Result.ToDecimal()));
        Assert.Equal(-15_200_000m, area.DeviationAgainstBudget.ToDecimal()); // −16,2 against the budget's result 230 − 231 = −1
    }

    private async Task<List<ActivityFigure>> FiguresAsync(string committee) =>
        (await Economy.ListActivityFiguresAsync(new ListActivityFiguresRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto })).Figures.ToList();

    private async Task<(HttpStatusCode, string)> PostAsync(string committee, string rest, byte[] content, string fileName = "economy.csv")
    {
        var response = await suite.Rest.PostAsync(EconomyPath(committee, rest), ImportBody(content, fileName));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
