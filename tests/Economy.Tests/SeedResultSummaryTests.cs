using NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy.Tests;

/// <summary>
/// The demo data (kronor, deploy/demo) against the seed's own rounded figures: Bilaga 3's
/// "Sammanfattning av ekonomiskt resultat" (mnkr, Kommunbidrag / Årets resultat 2024) and Bilaga 1's
/// "-23,5 miljoner kronor". Compared after rounding to the table's precision, never exactly.
/// </summary>
public sealed class SeedResultSummaryTests
{
    private const string Vof = "Vård och omsorg om personer med funktionsnedsättning";
    private const string Bou = "Barn- och ungdomsvård";

    private static ResultSummary DemoSummary() =>
        ResultSummary.Compute(DemoData.ToAllocations(DemoData.AllocationRows()), DemoData.Figures());

    /// <summary>The same demo allocations, with code 550 grouped under Barn- och ungdomsvård as in the detail table.</summary>
    private static ResultSummary DetailTableSummary()
    {
        var rows = DemoData.AllocationRows().Select(r => r.AreaName switch
        {
            Vof => r with { ActivityCodes = [] },
            Bou => r with { ActivityCodes = [.. r.ActivityCodes, "550"] },
            _ => r,
        });
        return ResultSummary.Compute(DemoData.ToAllocations(rows), DemoData.Figures());
    }

    [Theory]
    [InlineData("Politisk verksamhet", 5, 0)]
    [InlineData(Vof, 0, -4)]
    [InlineData("Missbrukarvård och övrig vård för vuxna", 234, 10)]
    [InlineData(Bou, 685, -32)]
    [InlineData("Familjerätt och familjerådgivning", 24, 1)]
    [InlineData("Flyktingmottagande", 2, 2)]
    public void Each_area_matches_the_seeds_summary_table_in_whole_mnkr(string area, int allocationMnkr, int resultMnkr)
    {
        var row = DemoSummary().Areas.Single(a => a.AreaName == area);

        Assert.Equal(allocationMnkr, DemoData.Mnkr(row.Allocation));
        Assert.Equal(resultMnkr, DemoData.Mnkr(row.Result));
    }

    [Fact]
    public void The_committee_total_matches_Namnden_totalt_950_and_minus_24_and_Bilaga_1s_minus_23_5()
    {
        var total = DemoSummary().Total;

        Assert.Equal("Nämnden totalt", total.AreaName);
        Assert.Equal(950m, DemoData.Mnkr(total.Allocation));
        Assert.Equal(-24m, DemoData.Mnkr(total.Result));
        Assert.Equal(-23.5m, DemoData.Mnkr(total.Result, 1));
    }

    [Fact]
    public void The_demo_sums_exactly_to_the_hand_computed_kronor()
    {
        // Hand sums of deploy/demo/economy-figures-2024.json per area of economy-allocations-2024.json.
        var summary = DemoSummary();
        var expected = new (string Area, decimal Allocation, decimal NetCost)[]
        {
            ("Politisk verksamhet", 4_900_000m, 5_000_000m),
            (Vof, 0m, 4_400_000m),
            ("Missbrukarvård och övrig vård för vuxna", 234_000_000m, 223_800_000m),   // 144.4 + 79.4
            (Bou, 685_000_000m, 717_000_000m),                                         // 247.2 + 255.9 + 183.1 + 30.8
            ("Familjerätt och familjerådgivning", 24_100_000m, 22_840_000m),          // 4.6 + 18.24
            ("Flyktingmottagande", 2_400_000m, 880_000m),
        };

        Assert.Equal(expected.Select(e => e.Area), summary.Areas.Select(a => a.AreaName));
        foreach (var (area, allocation, netCost) in expected)
        {
            var row = summary.Areas.Single(a => a.AreaName == area);
            Assert.Equal(allocation, row.Allocation);
            Assert.Equal(netCost, row.NetCost);
            Assert.Equal(allocation - netCost, row.Result);
        }
        Assert.Equal(950_400_000m, summary.Total.Allocation);
        Assert.Equal(973_920_000m, summary.Total.NetCost);
        Assert.Equal(-23_520_000m, summary.Total.Result);
        Assert.Empty(summary.UnallocatedActivityCodes);
    }

    [Fact]
    public void Areas_follow_the_seeds_table_order_whatever_order_the_allocations_come_in()
    {
        var shuffled = DemoData.ToAllocations(DemoData.AllocationRows()).OrderByDescending(a => a.AreaName).ToList();

        var summary = ResultSummary.Compute(shuffled, DemoData.Figures());

        Assert.Equal(
            [
                "Politisk verksamhet",
                Vof,
                "Missbrukarvård och övrig vård för vuxna",
                Bou,
                "Familjerätt och familjerådgivning",
                "Flyktingmottagande",
            ],
            summary.Areas.Select(a => a.AreaName));
    }

    [Fact]
    public void Code_550_under_Barn_och_ungdomsvard_gives_the_detail_tables_minus_721_and_minus_36()
    {
        var bou = DetailTableSummary().Areas.Single(a => a.AreaName == Bou);

        Assert.Equal(721m, DemoData.Mnkr(bou.NetCost));   // detail table: Nettokostnad −721
        Assert.Equal(685m, DemoData.Mnkr(bou.Allocation));
        Assert.Equal(-36m, DemoData.Mnkr(bou.Result));    // detail table: Resultat Barn och ungdomsvård −36
    }

    [Fact]
    public void Grouping_550_differently_changes_the_area_results_but_not_the_total()
    {
        var summaryTable = DemoSummary();
        var detailTable = DetailTableSummary();

        var bouSummary = summaryTable.Areas.Single(a => a.AreaName == Bou);
        var bouDetail = detailTable.Areas.Single(a => a.AreaName == Bou);
        var vofSummary = summaryTable.Areas.Single(a => a.AreaName == Vof);
        var vofDetail = detailTable.Areas.Single(a => a.AreaName == Vof);

        // 550's net cost of 4.4 mnkr moves from one area to the other.
        Assert.Equal(-32m, DemoData.Mnkr(bouSummary.Result));
        Assert.Equal(-36m, DemoData.Mnkr(bouDetail.Result));
        Assert.Equal(-4m, DemoData.Mnkr(vofSummary.Result));
        Assert.Equal(0m, DemoData.Mnkr(vofDetail.Result));
        Assert.Equal(4_400_000m, bouDetail.NetCost - bouSummary.NetCost);
        Assert.Equal(4_400_000m, vofSummary.NetCost - vofDetail.NetCost);

        Assert.Equal(summaryTable.Total, detailTable.Total);
        Assert.Equal(-24m, DemoData.Mnkr(detailTable.Total.Result));
        Assert.Empty(detailTable.UnallocatedActivityCodes);
    }
}
