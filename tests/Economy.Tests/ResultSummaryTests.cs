using NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy.Tests;

public sealed class ResultSummaryTests
{
    private static readonly DateTimeOffset Now = DemoData.Now;

    private static ActivityFigure Figure(string code, decimal? actual, decimal? budget = null)
    {
        var figure = ActivityFigure.Create("0380", "SCN", 2024, 14, code);
        figure.Record(actual, budget, Now);
        return figure;
    }

    private static Allocation Area(string name, decimal amount, int sortOrder, params string[] codes)
    {
        var allocation = Allocation.Create("0380", "SCN", 2024, 14, name);
        allocation.Record(amount, codes, sortOrder, Now);
        return allocation;
    }

    [Fact]
    public void NetCost_is_the_negated_sum_of_Actual_over_the_areas_codes_and_Result_is_Allocation_minus_NetCost()
    {
        var allocations = new[] { Area("A", 100m, 1, "1", "2") };
        var figures = new[] { Figure("1", -30m), Figure("2", -45.5m) };

        var summary = ResultSummary.Compute(allocations, figures);

        var area = Assert.Single(summary.Areas);
        Assert.Equal("A", area.AreaName);
        Assert.Equal(100m, area.Allocation);
        Assert.Equal(75.5m, area.NetCost);   // 30 + 45.5
        Assert.Equal(24.5m, area.Result);    // 100 − 75.5
    }

    [Fact]
    public void Income_booked_positive_lowers_the_net_cost()
    {
        var allocations = new[] { Area("A", 10m, 1, "1", "2") };
        var figures = new[] { Figure("1", -50m), Figure("2", 8m) };

        var area = Assert.Single(ResultSummary.Compute(allocations, figures).Areas);

        Assert.Equal(42m, area.NetCost);     // 50 − 8
        Assert.Equal(-32m, area.Result);     // 10 − 42: a deficit
    }

    [Fact]
    public void Total_counts_every_figure_including_codes_no_allocation_names_and_lists_those_as_unallocated()
    {
        var allocations = new[]
        {
            Area("A", 100m, 2, "1", "2"),
            Area("B", 50m, 1, "3"),
        };
        var figures = new[]
        {
            Figure("1", -30m), Figure("2", -45.5m), Figure("3", -60m),
            Figure("9", -7m), Figure("8", 5m),
        };

        var summary = ResultSummary.Compute(allocations, figures);

        Assert.Equal(ResultSummary.TotalName, summary.Total.AreaName);
        Assert.Equal("Nämnden totalt", summary.Total.AreaName);
        Assert.Equal(150m, summary.Total.Allocation);      // 100 + 50
        Assert.Equal(137.5m, summary.Total.NetCost);       // 30 + 45.5 + 60 + 7 − 5
        Assert.Equal(12.5m, summary.Total.Result);         // 150 − 137.5
        Assert.Equal(["8", "9"], summary.UnallocatedActivityCodes);
        // The areas themselves only hold their own codes.
        Assert.Equal(60m, summary.Areas.Single(a => a.AreaName == "B").NetCost);
        Assert.Equal(75.5m, summary.Areas.Single(a => a.AreaName == "A").NetCost);
    }

    [Fact]
    public void An_area_whose_codes_have_no_figures_has_zero_net_cost_and_its_allocation_as_result()
    {
        var allocations = new[] { Area("Tom", 20m, 1, "42") };
        var figures = new[] { Figure("1", -3m) };

        var summary = ResultSummary.Compute(allocations, figures);

        var area = Assert.Single(summary.Areas);
        Assert.Equal(0m, area.NetCost);
        Assert.Equal(20m, area.Result);
        // A code named by an allocation but without figures is not "unallocated"; the figure's code is.
        Assert.Equal(["1"], summary.UnallocatedActivityCodes);
        Assert.Equal(3m, summary.Total.NetCost);
        Assert.Equal(17m, summary.Total.Result);
    }

    [Fact]
    public void A_figure_with_only_a_budget_adds_no_net_cost()
    {
        var allocations = new[] { Area("A", 10m, 1, "1", "2") };
        var figures = new[] { Figure("1", -4m, -5m), Figure("2", null, -100m) };

        var summary = ResultSummary.Compute(allocations, figures);

        Assert.Equal(4m, summary.Areas[0].NetCost);
        Assert.Equal(4m, summary.Total.NetCost);
        Assert.Empty(summary.UnallocatedActivityCodes);
    }

    [Fact]
    public void Without_allocations_every_code_is_unallocated_and_the_total_is_all_deficit()
    {
        var figures = new[] { Figure("5731", -10m), Figure("100", -2m) };

        var summary = ResultSummary.Compute([], figures);

        Assert.Empty(summary.Areas);
        Assert.Equal(["100", "5731"], summary.UnallocatedActivityCodes);
        Assert.Equal(0m, summary.Total.Allocation);
        Assert.Equal(12m, summary.Total.NetCost);
        Assert.Equal(-12m, summary.Total.Result);
    }

    [Fact]
    public void Areas_are_ordered_by_SortOrder_not_by_insertion_or_name()
    {
        var allocations = new[]
        {
            Area("Alfa", 1m, 3, "a"),
            Area("Ceta", 1m, 1, "c"),
            Area("Beta", 1m, 2, "b"),
        };

        var summary = ResultSummary.Compute(allocations, []);

        Assert.Equal(["Ceta", "Beta", "Alfa"], summary.Areas.Select(a => a.AreaName));
    }

    [Fact]
    public void AreaResult_Result_is_Allocation_minus_NetCost()
    {
        Assert.Equal(-36m, new AreaResult("Barn- och ungdomsvård", 685m, 721m).Result);
        Assert.Equal(10m, new AreaResult("x", 234m, 224m).Result);
    }

    [Fact]
    public void Allocation_Record_keeps_the_codes_sorted()
    {
        var allocation = Area("Barn- och ungdomsvård", 685m, 4, "5739", "550", "5731");

        Assert.Equal(["550", "5731", "5739"], allocation.ActivityCodes);
        Assert.Equal(685m, allocation.Amount);
        Assert.Equal(4, allocation.SortOrder);
    }
}
