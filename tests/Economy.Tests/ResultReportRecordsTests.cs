using System.Text;
using NamndFollowUp.Economy.Domain;
using NamndFollowUp.Economy.Import;
using NamndFollowUp.SharedKernel;
using NamndFollowUp.ServiceDefaults.Grpc;

namespace NamndFollowUp.Economy.Tests;

/// <summary>A result report's records (issue 14): stated deviations, items, savings decisions, adjustments as decisions.</summary>
public sealed class ResultReportRecordsTests
{
    private static readonly PeriodKey December = new(2024, 12);

    [Fact]
    public void A_result_reports_records_are_read_from_CSV_with_effects_not_stated_left_unset()
    {
        var csv = "deviation;2024-12;HT-NORR;-27100000;-25000000\n" +
                  "deviation;2024-12;;-41300000;\n" +
                  "item;2024-12;HT-NORR;staffing;Fler undersköterskor nattetid;-3200000;6,5\n" +
                  "item;2024-12;;one_off;Återsökta kostnader från Migrationsverket;4100000;\n" +
                  "savings_decision;2024-12;ALN-2024-00210;2024-09-18;Äldrenämnden;12000000;3000000;KF-2024-00077 besparingskrav välfärdsnämnder;15000000;2400000;Åtgärdsplan\n" +
                  "savings;2024-12;ALN-2024-00210;2024-09-18;Äldrenämnden;Samordnad nattpatrull;yes;;\n" +
                  "adjustment;2024-12;Hemtjänst;2500000;KF+KS;KS-2024-00300;Lönekompensation;2024-06-12\n" +
                  "adjustment;2024-12;Hemtjänst;-400000;ks;KS-2024-00300;Hyror\n";
        var batch = CsvImport.Parse(Encoding.UTF8.GetBytes(csv));

        Assert.Equal([(1, December, "HT-NORR", -27_100_000m, -25_000_000m), (2, December, "", -41_300_000m, null)],
            batch.StatedDeviations.Select(s => (s.Line, s.Period, s.Unit, s.Deviation, s.ForecastDeviation)));
        Assert.Equal((DeviationItemKind.Staffing, -3_200_000m, 6.5m), (batch.DeviationItems[0].Kind, batch.DeviationItems[0].Amount, batch.DeviationItems[0].FullTimeEquivalents));
        Assert.Equal((DeviationItemKind.OneOff, "", (decimal?)null), (batch.DeviationItems[1].Kind, batch.DeviationItems[1].Unit, batch.DeviationItems[1].FullTimeEquivalents));
        var decision = Assert.Single(batch.SavingsDecisions);
        Assert.Equal((12_000_000m, 3_000_000m, 15_000_000m, 2_400_000m), (decision.FullYear, decision.ThisYear, decision.RequirementAmount, decision.Achieved));
        Assert.Equal((null, null), (batch.Savings[0].FullYear, batch.Savings[0].ThisYear)); // "not stated"
        Assert.Equal([("KF+KS", (DateOnly?)new DateOnly(2024, 6, 12)), ("KS", null)], batch.Adjustments.Select(a => (a.DecidedBy, a.DecidedOn)));
    }

    [Fact]
    public void Bad_result_report_lines_are_refused_with_line_column_and_reason()
    {
        var csv = "deviation;2024-12;HT;;\n" +
                  "item;2024-12;HT;bonus;Något;1;\n" +
                  "adjustment;2024-12;Hemtjänst;1;KOMMUNEN;KS-1;Skäl\n";
        var e = Assert.Throws<ValidationFailedException>(() => CsvImport.Parse(Encoding.UTF8.GetBytes(csv)));
        Assert.Contains(e.Violations, v => v.Field == "line 1" && v.Description.Contains("at least one is required"));
        Assert.Contains(e.Violations, v => v.Field == "line 2" && v.Description.Contains("column 4 (kind)"));
        Assert.Contains(e.Violations, v => v.Field == "line 3" && v.Description.Contains("column 5 (decided_by)") && v.Description.Contains("KOMMUNEN"));
    }

    [Fact]
    public void The_contracts_period_notation_reads_as_the_CSV_one()
    {
        var batch = CsvImport.Parse(Encoding.UTF8.GetBytes("narrative;2024-PERIOD_POINT_FULL_YEAR;summary;A\nnarrative;2024-PERIOD_POINT_MONTH_11;summary;B\n"));
        Assert.Equal([new PeriodKey(2024, PeriodKey.FullYear), new PeriodKey(2024, 11)], batch.Narratives.Select(n => n.Period));
        Assert.Throws<ValidationFailedException>(() => CsvImport.Parse(Encoding.UTF8.GetBytes("narrative;2024-PERIOD_POINT_UNSPECIFIED;summary;A\n")));
    }

    [Fact]
    public void Two_adjustments_of_one_decision_for_one_area_are_both_kept_and_a_shorter_decision_drops_the_rest()
    {
        var allocation = Allocation.Create("0380", "ALN", 2024, 12, "Hemtjänst");
        allocation.Record(100_000_000m, null, ["5101"], 1, DateTimeOffset.UnixEpoch);
        var adjustments = new List<BudgetAdjustment>();
        var removed = new List<object>();
        var twice = new List<(int, PeriodKey, string, decimal, string, string, string, DateOnly?)>
        {
            (1, December, "Hemtjänst", 2_500_000m, "KS", "KS-2024-00300", "Lönekompensation", null),
            (2, December, "Hemtjänst", -400_000m, "KS", "KS-2024-00300", "Hyror", null),
        };
        var merge = new CommitteeImport("0380", "ALN", DateTimeOffset.UnixEpoch, _ => { }, removed.Add);
        merge.Allocations([allocation], adjustments, [], twice);
        Assert.Empty(merge.Errors);
        Assert.Equal([(1, 2_500_000m), (2, -400_000m)], adjustments.Select(a => (a.Sequence, a.Amount)));
        Assert.Equal(102_100_000m, allocation.Adjusted(adjustments));

        var again = new CommitteeImport("0380", "ALN", DateTimeOffset.UnixEpoch, _ => { }, removed.Add);
        again.Allocations([allocation], adjustments, [], twice.Take(1));
        Assert.Equal(102_500_000m, allocation.Adjusted(adjustments));
        Assert.Single(removed);
    }

    [Fact]
    public void A_stated_total_sits_beside_the_sum_of_its_top_units_with_the_difference_as_rounding()
    {
        var units = new[] { Unit("HT", null), Unit("HT-NORR", "HT"), Unit("HT-SYD", "HT"), Unit("SÄBO", null) };
        var stated = new[] { Stated("", -41.3m), Stated("HT", -27.1m), Stated("HT-NORR", -20.05m), Stated("HT-SYD", -7.05m), Stated("SÄBO", -14.1m) };
        var total = StatedTotal.Of(units, stated, s => s.Deviation, "stated deviations");
        // HT's units are inside HT, which states its own figure: the top rows are HT and SÄBO, −27,1 − 14,1 = −41,2.
        Assert.Equal((-41.3m, -41.2m, -0.1m), (total.Stated, total.Derived, total.RoundingDifference));
        Assert.Equal("stated deviations of units HT, SÄBO", total.DerivedFrom);
    }

    [Fact]
    public void A_narrative_must_name_a_unit_or_area_that_exists()
    {
        var units = new[] { Unit("HT", null) };
        Assert.Null(CommitteeImport.SectionProblem("unit:HT", December, units, [], []));
        Assert.Contains("not registered", CommitteeImport.SectionProblem("unit:NOSUCH", December, units, [], []));
        Assert.Contains("no allocation area", CommitteeImport.SectionProblem("area:Hemtjänst", December, units, [], []));
        Assert.Contains("must be summary", CommitteeImport.SectionProblem("comment", December, units, [], []));
    }

    private static OrganisationalUnit Unit(string code, string? parent)
    {
        var unit = OrganisationalUnit.Create("0380", "ALN", code);
        unit.Record(code, UnitKind.Unit, parent);
        return unit;
    }

    private static StatedDeviation Stated(string unit, decimal deviation)
    {
        var stated = StatedDeviation.Create("0380", "ALN", 2024, 12, unit);
        stated.Record(deviation, null);
        return stated;
    }
}
