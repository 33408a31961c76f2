using NamndFollowUp.Economy.Domain;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.SharedKernel;
using static NamndFollowUp.Economy.Tests.SeedTables;

namespace NamndFollowUp.Economy.Tests;

/// <summary>
/// The demo CSV (deploy/demo/economy-2024.csv) against the seed's printed tables, without servers: the file
/// is parsed, turned into domain rows and every table derived and compared within the seed's rounding.
/// </summary>
public sealed class SeedCsvTests
{
    private static readonly PeriodKey FullYear2024 = new(2024, PeriodKey.FullYear);
    private static readonly PeriodKey FullYear2023 = new(2023, PeriodKey.FullYear);

    private static (PeriodData Current, PeriodData Previous, List<LayoutArea> Detail, List<OrganisationalUnit> Units, ImportBatch Batch) Load()
    {
        var batch = CsvImport.Parse(File.ReadAllBytes(Path.Combine(DemoData.RepoRoot(), "deploy", "demo", "economy-2024.csv")));
        PeriodData For(PeriodKey period)
        {
            var figures = batch.Figures.Where(f => f.Period == period).Select(f =>
            {
                var figure = ActivityFigure.Create("0380", "SCN", period.Year, period.Point, f.Activity, f.Unit);
                figure.Record(f.Measures, DemoData.Now);
                return figure;
            }).ToList();
            var allocations = batch.Allocations.Where(a => a.Period == period).Select(a =>
            {
                var allocation = Allocation.Create("0380", "SCN", period.Year, period.Point, a.Area);
                allocation.Record(a.Amount, a.ForecastAmount, a.Codes, a.SortOrder, DemoData.Now);
                return allocation;
            }).ToList();
            var adjustments = batch.Adjustments.Where(a => a.Period == period).Select(a =>
            {
                var adjustment = BudgetAdjustment.Create("0380", "SCN", period.Year, period.Point, a.Reference, 1);
                adjustment.Record(a.Area, a.Amount, a.DecidedBy, a.Reason, a.DecidedOn);
                return adjustment;
            }).ToList();
            return new PeriodData(figures, allocations, adjustments);
        }
        var detail = batch.LayoutAreas.Where(l => l.Layout == "detail").Select(l =>
        {
            var area = LayoutArea.Create("0380", "SCN", l.Layout, l.Area);
            area.Record(l.SortOrder, l.Codes);
            return area;
        }).ToList();
        var units = batch.Units.Select(u =>
        {
            var unit = OrganisationalUnit.Create("0380", "SCN", u.Code);
            unit.Record(u.Name, u.Kind, u.Parent);
            return unit;
        }).ToList();
        return (For(FullYear2024), For(FullYear2023), detail, units, batch);
    }

    [Fact]
    public void The_summary_table_is_reproduced_in_all_four_columns()
    {
        var (current, previous, _, _, _) = Load();
        var summary = ResultSummary.Compute(current, previous, PeriodData.Empty);

        Assert.Equal(Summary.Select(s => s.Area), summary.Areas.Select(a => a.AreaName));
        foreach (var (area, allocation, result, previousYear, forecast) in Summary)
        {
            var row = summary.Areas.Single(a => a.AreaName == area);
            Assert.Equal((allocation, result, previousYear, forecast),
                (Mnkr(row.Allocation), Mnkr(row.Result), Mnkr(row.PreviousYearResult!.Value), Mnkr(row.ForecastResult!.Value)));
        }
        var total = summary.Total;
        Assert.Equal(SummaryTotal, (Mnkr(total.Allocation), Mnkr(total.Result), Mnkr(total.PreviousYearResult!.Value), Mnkr(total.ForecastResult!.Value)));

        // Bilaga 1: "-23,5 miljoner kronor"; the analysis: "2 procent av budgetramen", "positiv avvikelse på 6
        // miljoner kronor jämfört med den helårsprognos", "försämrats med 21 miljoner kronor jämfört med 2023".
        Assert.Equal(-23.5m, Mnkr(total.Result, 1));
        Assert.Equal(-2m, Math.Round(total.ShareOfAllocation!.Value * 100, 0, MidpointRounding.AwayFromZero));
        Assert.Equal(6m, Mnkr(total.DeviationAgainstForecast!.Value));
        Assert.Equal(-21m, Mnkr(total.DeviationAgainstPreviousYear!.Value));
        // Bilaga 1: Barn och ungdomsvård "negativ avvikelse på 32 miljoner kronor i jämförelse med budget",
        // Missbrukarvård "positivt resultat om 10 miljoner kronor i jämförelse med budget".
        Assert.Equal(-32m, Mnkr(summary.Areas.Single(a => a.AreaName == "Barn- och ungdomsvård").DeviationAgainstBudget!.Value));
        Assert.Equal(10m, Mnkr(summary.Areas.Single(a => a.AreaName == "Missbrukarvård och övrig vård för vuxna").DeviationAgainstBudget!.Value));
        Assert.Empty(summary.UnallocatedActivityCodes);
    }

    [Fact]
    public void Every_result_per_activity_table_is_reproduced()
    {
        var (current, previous, detail, _, _) = Load();
        var tables = EconomyTables.ResultPerActivity(detail, current, previous);

        Assert.Equal(ResultPerActivity.Select(t => t.Area), tables.Select(t => t.AreaName));
        foreach (var expected in ResultPerActivity)
        {
            var table = tables.Single(t => t.AreaName == expected.Area);
            Assert.Null(table.AllocationNote);
            Assert.Equal(expected.Rows.Select(r => r.Code), table.Rows.Select(r => r.ActivityCode));
            foreach (var (code, values) in expected.Rows)
            {
                Assert.Equal(values, Shown(table.Rows.Single(r => r.ActivityCode == code).Values, expected.Decimals));
            }
            Assert.Equal(expected.NetCost, Shown(table.NetCost, expected.Decimals));
            Assert.Equal(expected.Allocation, Shown(table.Allocation, expected.Decimals));
            Assert.Equal(expected.Result, Shown(table.Result, expected.Decimals));
            // Exact on stored values: the result is the allocation plus the booked net cost, in every column.
            Assert.Equal(table.Allocation.Actual + table.NetCost.Actual, table.Result.Actual);
        }
    }

    [Fact]
    public void The_intervention_cost_tables_are_reproduced()
    {
        var (current, previous, detail, _, _) = Load();
        var tables = EconomyTables.InterventionCosts(detail, current, previous);

        Assert.Equal(InterventionCosts.Select(t => t.Area), tables.Select(t => t.AreaName));
        foreach (var (area, rows, total) in InterventionCosts)
        {
            var table = tables.Single(t => t.AreaName == area);
            foreach (var (code, values) in rows)
            {
                Assert.Equal(values, Shown(table.Rows.Single(r => r.ActivityCode == code).Values, 0));
            }
            Assert.Equal(total, Shown(table.Total, 0));
        }
        // "en negativ avvikelse jämfört med budget på 25 miljoner kronor".
        var childAndYouth = tables.Single(t => t.AreaName == "Barn- och ungdomsvård").Total;
        Assert.Equal(-25m, Mnkr(childAndYouth.Actual!.Value - childAndYouth.Budget!.Value));
    }

    [Fact]
    public void The_unit_rows_keep_every_rule_and_match_Bilaga_4_in_tkr()
    {
        var (current, _, _, units, batch) = Load();
        Assert.Empty(EconomyChecks.Check(current.Figures, units));
        // Bilaga 4 (tkr): 5731 total costs 178 503, income 4 328, net cost 174 176; external 109 438 / 105 111.
        var institution = current.Figures.Single(f => f.UnitCode == "BOU-INST");
        Assert.Equal((178_503m, 4_328m, 174_176m), (Tkr(institution.Costs!.Value), Tkr(institution.Income!.Value), Tkr(-institution.Actual!.Value)));
        Assert.Equal(105_111m, Tkr(-current.Figures.Single(f => f.UnitCode == "BOU-INST-EXT").Actual!.Value));
        Assert.Equal(167_417m, Tkr(-current.Figures.Single(f => f.UnitCode == "BOU-FAM").Actual!.Value));
        Assert.Equal(91_864m, Tkr(-current.Figures.Single(f => f.UnitCode == "BOU-OPPEN").Actual!.Value));
        Assert.Equal("helårsprognos 202408", batch.Reports.Single(r => r.Period == FullYear2024).Details.ForecastName);
    }

    private static decimal[] Shown(Columns c, int decimals) =>
        [Mnkr(c.Actual!.Value, decimals), Mnkr(c.Budget!.Value, decimals), Mnkr(c.Forecast!.Value, decimals), Mnkr(c.PreviousYear!.Value, decimals)];

    private static decimal Tkr(decimal kronor) => Math.Round(kronor / 1000m, 0, MidpointRounding.AwayFromZero);
}
