using NamndFollowUp.Economy.Domain;

namespace NamndFollowUp.Economy.Tests;

/// <summary>Kommunledningskontoret's traffic-light thresholds: what the office may set, and what a change records.</summary>
public sealed class ResultThresholdsTests
{
    [Fact]
    public void The_defaults_make_any_deficit_yellow_and_one_of_one_percent_red()
    {
        var defaults = ResultThresholds.Defaults("0380");
        Assert.Equal((0m, -1m, 0m, -0.5m), (defaults.ResultYellowBelow, defaults.ResultRedBelow, defaults.ChangeYellowBelow, defaults.ChangeRedBelow));
        Assert.Equal(0, defaults.Version);
        Assert.Null(defaults.UpdatedAt);
    }

    [Fact]
    public void Sensible_thresholds_have_no_problems_and_equal_red_and_yellow_are_allowed() =>
        Assert.Empty(ResultThresholds.Problems(-0.5m, -2m, -0.1m, -0.1m));

    [Theory]
    [InlineData(-2, -1, 0, 0, "result_red_below_percent")]        // red above yellow: yellow could never show
    [InlineData(0, -1, -1, 0.5, "change_red_below_percent")]
    [InlineData(-150, -200, 0, 0, "result_yellow_below_percent")] // a percent of the allocation lies within -100 and 100
    [InlineData(0, 0, 0, -100.01, "change_red_below_percent")]
    public void A_threshold_out_of_order_or_range_is_named(double resultYellow, double resultRed, double changeYellow, double changeRed, string field)
    {
        var problems = ResultThresholds.Problems((decimal)resultYellow, (decimal)resultRed, (decimal)changeYellow, (decimal)changeRed).ToList();
        Assert.Contains(problems, p => p.Field == field);
    }

    [Fact]
    public void A_change_counts_a_version_and_the_same_values_again_change_nothing()
    {
        var thresholds = ResultThresholds.Create("0380");
        var first = new DateTimeOffset(2025, 2, 3, 10, 0, 0, TimeSpan.Zero);
        Assert.True(thresholds.Record(-0.5m, -2m, 0m, -1m, first));
        Assert.Equal(1, thresholds.Version);
        Assert.Equal(first, thresholds.UpdatedAt);
        Assert.False(thresholds.Record(-0.5m, -2m, 0m, -1m, first.AddHours(1)));
        Assert.Equal(1, thresholds.Version);
        Assert.Equal(first, thresholds.UpdatedAt);
        Assert.True(thresholds.Record(0m, -1m, 0m, -0.5m, first.AddHours(2)));
        Assert.Equal(2, thresholds.Version);
    }

    [Fact]
    public void Setting_the_defaults_themselves_is_still_the_offices_own_choice()
    {
        // Version 0 means "never set"; the office choosing the default values makes them its own (version 1).
        var thresholds = ResultThresholds.Create("0380");
        Assert.True(thresholds.Record(0m, -1m, 0m, -0.5m, DateTimeOffset.UnixEpoch));
        Assert.Equal(1, thresholds.Version);
    }
}
