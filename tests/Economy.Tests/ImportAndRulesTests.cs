using System.Text;
using NamndFollowUp.Economy.Domain;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.Economy.Import.Sie;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Economy.Tests;

public sealed class ImportAndRulesTests
{
    private static readonly PeriodKey FullYear = new(2024, PeriodKey.FullYear);

    [Fact]
    public void Every_bad_line_is_reported_with_its_number_and_reason()
    {
        var csv = "record;fields\nfigure;2024-helår;5731;;-1;;;;;;;\nfigure;2024-14;5731;;x;;;;;;;\nbogus;1\n\"unclosed;2024";
        var e = Assert.Throws<ValidationFailedException>(() => CsvImport.Parse(Encoding.UTF8.GetBytes(csv)));
        Assert.Contains(e.Violations, v => v.Field == "line 3" && v.Description.Contains("period"));
        Assert.Contains(e.Violations, v => v.Field == "line 3" && v.Description.Contains("column 5 (actual)") && v.Description.Contains("'x'"));
        Assert.Contains(e.Violations, v => v.Field == "line 4" && v.Description.Contains("unknown record 'bogus'"));
        Assert.Contains(e.Violations, v => v.Field == "line 5" && v.Description.Contains("not closed"));
        Assert.DoesNotContain(e.Violations, v => v.Field == "line 2");
    }

    [Fact]
    public void A_quoted_field_keeps_semicolons_and_line_breaks_and_later_lines_keep_their_numbers()
    {
        var csv = "narrative;2024-helår;summary;\"Ett; två\n\"\"tre\"\"\"\nfigure;2024-helår;610;;-880000;;;;;;;\n";
        var batch = CsvImport.Parse(Encoding.UTF8.GetBytes(csv));
        Assert.Equal("Ett; två\n\"tre\"", batch.Narratives.Single().Text);
        Assert.Equal(3, batch.Figures.Single().Line);
    }

    [Fact]
    public void Ledger_lines_add_up_per_activity_and_unit_into_costs_income_and_actual()
    {
        var csv = "ledger;2024-helår;5731;BOU-INST-EXT;4010;109438400;actual\n" +
                  "ledger;2024-helår;5731;BOU-INST-EXT;3010;-4327500;actual\n" +
                  "ledger;2024-helår;5731;BOU-INST-EGEN;4010;69065000;actual\n" +
                  "ledger;2024-helår;5731;;4010;1000;budget\n";
        var batch = CsvImport.Parse(Encoding.UTF8.GetBytes(csv));
        Assert.True(batch.FiguresArePartial);
        var committee = batch.Figures.Single(f => f.Unit == "").Measures;
        // Bilaga 4, 5731: total costs 178 503 400, income 4 327 500, net cost 174 175 900.
        Assert.Equal((178_503_400m, 4_327_500m, -174_175_900m, -1000m), (committee.Costs, committee.Income, committee.Actual, committee.Budget));
        Assert.Equal(-105_110_900m, batch.Figures.Single(f => f.Unit == "BOU-INST-EXT").Measures.Actual);
    }

    [Fact]
    public void A_bad_ledger_line_is_reported_by_number_and_reason_like_any_other()
    {
        // "1 00": a space that does not separate groups of three digits ("1 000" is read, as a spreadsheet groups it).
        var csv = "ledger;2024-03;5731;;4010;100;actual\nledger;2024-03;5731;;2010;100;actual\nledger;2024-03;5731;;4010;1 00;actual\n";
        var e = Assert.Throws<ValidationFailedException>(() => CsvImport.Parse(Encoding.UTF8.GetBytes(csv)));
        Assert.Contains(e.Violations, v => v.Field == "line 2" && v.Description.Contains("result account"));
        Assert.Contains(e.Violations, v => v.Field == "line 3" && v.Description.Contains("column 6 (amount)"));
        Assert.DoesNotContain(e.Violations, v => v.Field == "line 1");
    }

    [Fact]
    public void Units_must_sum_to_their_activity_and_children_to_their_parent_exactly()
    {
        var units = new[] { Unit("BOU", null), Unit("INST", "BOU"), Unit("EXT", "INST"), Unit("EGEN", "INST"), Unit("STOD", "BOU") };
        var figures = new[]
        {
            Figure("5731", "", -247_200_000m),
            Figure("5731", "INST", -174_175_900m, 178_503_400m, 4_327_500m),
            Figure("5731", "EXT", -105_110_900m, 109_438_400m, 4_327_500m),
            Figure("5731", "EGEN", -69_065_000m, 69_065_000m, 0m),
            Figure("5731", "STOD", -73_024_100m),
        };
        Assert.Empty(EconomyChecks.Check(figures, units));

        figures[3] = Figure("5731", "EGEN", -69_065_000.01m, 69_065_000.01m, 0m);
        var violations = EconomyChecks.Check(figures, units);
        Assert.Contains(violations, v => v.Rule == EconomyChecks.UnitTreeRollsUp && v.Field == "actual" && v.Description.Contains("-174175900.01") && v.Description.Contains("difference 0.01"));
        Assert.Contains(violations, v => v.Rule == EconomyChecks.UnitTreeRollsUp && v.Field == "costs");

        var broken = new[] { Figure("5731", "", -247_200_000m), Figure("5731", "INST", -174_175_900m), Figure("5731", "STOD", -73_000_000m) };
        var top = Assert.Single(EconomyChecks.Check(broken, units));
        Assert.Equal(EconomyChecks.UnitsSumToActivity, top.Rule);
        Assert.Contains("-24100", top.Description); // the difference, exactly
    }

    [Fact]
    public void Actual_must_be_income_minus_costs_when_both_are_given()
    {
        var v = Assert.Single(EconomyChecks.Check([Figure("5733", "", -91_864_001m, 92_243_000m, 379_000m)], []));
        Assert.Equal(EconomyChecks.ActualIsIncomeMinusCosts, v.Rule);
        Assert.Contains("-91864000", v.Description);
    }

    [Fact]
    public void Units_roll_up_through_the_tree_and_the_deviation_is_actual_minus_budget()
    {
        var units = new[] { Unit("SOCF", null), Unit("BOU", "SOCF"), Unit("INST", "BOU"), Unit("STOD", "BOU") };
        var rows = new[] { Figure("5731", "INST", -100m, budget: -90m), Figure("5731", "STOD", -50m, budget: -60m), Figure("5732", "INST", -10m, budget: -10m) };
        var rollup = UnitRollup.Compute(units, rows);
        Assert.Equal((-160m, -160m, 0m, true), (rollup["SOCF"].Actual, rollup["SOCF"].Budget, rollup["SOCF"].Deviation, rollup["SOCF"].RolledUp));
        Assert.Equal((-110m, -10m), (rollup["INST"].Actual, rollup["INST"].Deviation));
    }

    [Fact]
    public void An_SIE_file_is_read_as_CP437_and_month_balances_become_year_to_date()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var sie = "#FORMAT PC8\n#SIETYP 4\n#DIM 20 \"Verksamhet\"\n#DIM 1 \"Kostnadsställe\"\n#OBJEKT 20 \"5733\" \"Öppenvård\"\n#OBJEKT 1 \"ÖPPEN\" \"Öppen\"\n" +
                  "#PSALDO 0 202401 4010 {20 \"5733\" 1 \"ÖPPEN\"} 100.00\n#PSALDO 0 202403 4010 {20 \"5733\" 1 \"ÖPPEN\"} 50.00\n#PSALDO 0 202403 1910 {} 7\n";
        var batch = SieImport.Parse(Encoding.GetEncoding(437).GetBytes(sie), new LedgerMapping { ActivityDimension = 20, UnitDimension = 1 });
        var unitRows = batch.Figures.Where(f => f.Unit == "ÖPPEN").ToDictionary(f => f.Period.Point, f => f.Measures.Actual);
        Assert.Equal(new Dictionary<int, decimal?> { [1] = -100m, [2] = -100m, [3] = -150m }, unitRows);
    }

    private static OrganisationalUnit Unit(string code, string? parent)
    {
        var unit = OrganisationalUnit.Create("0380", "SCN", code);
        unit.Record(code, UnitKind.Unit, parent);
        return unit;
    }

    private static ActivityFigure Figure(string activity, string unit, decimal actual, decimal? costs = null, decimal? income = null, decimal? budget = null)
    {
        var figure = ActivityFigure.Create("0380", "SCN", FullYear.Year, FullYear.Point, activity, unit);
        figure.Record(new FigureMeasures(actual, budget, Costs: costs, Income: income), DateTimeOffset.UnixEpoch);
        return figure;
    }
}
