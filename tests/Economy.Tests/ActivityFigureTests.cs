using NamndFollowUp.Economy.Domain;
using NamndFollowUp.Events;

namespace NamndFollowUp.Economy.Tests;

public sealed class ActivityFigureTests
{
    private static readonly DateTimeOffset T1 = new(2025, 1, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2025, 1, 11, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T3 = new(2025, 1, 12, 8, 0, 0, TimeSpan.Zero);

    private static ActivityFigure New() => ActivityFigure.Create("0380", "SCN", 2024, 14, "5731");

    [Fact]
    public void A_new_figure_has_version_zero_and_its_first_record_makes_version_one()
    {
        var figure = New();
        Assert.Equal(0, figure.Version);

        Assert.True(figure.Record(-247_200_000m, -231_000_000m, T1));

        Assert.Equal(1, figure.Version);
        Assert.Equal(-247_200_000m, figure.Actual);
        Assert.Equal(-231_000_000m, figure.Budget);
        Assert.Equal(T1, figure.UpdatedAt);
    }

    [Fact]
    public void Recording_the_same_values_returns_false_and_keeps_version_and_timestamp()
    {
        var figure = New();
        figure.Record(-100m, -90m, T1);

        Assert.False(figure.Record(-100m, -90m, T2));
        // Same amount at another scale is the same amount.
        Assert.False(figure.Record(-100.00m, -90.0m, T3));

        Assert.Equal(1, figure.Version);
        Assert.Equal(T1, figure.UpdatedAt);
        Assert.Equal(-100m, figure.Actual);
        Assert.Equal(-90m, figure.Budget);
    }

    [Fact]
    public void Every_change_of_Actual_or_Budget_raises_the_version_by_one()
    {
        var figure = New();
        figure.Record(-100m, -90m, T1);

        Assert.True(figure.Record(-101m, -90m, T2));     // Actual changed
        Assert.Equal(2, figure.Version);
        Assert.Equal(T2, figure.UpdatedAt);

        Assert.True(figure.Record(-101m, -95m, T3));     // Budget changed
        Assert.Equal(3, figure.Version);

        Assert.True(figure.Record(null, -95m, T3));      // Actual removed
        Assert.Equal(4, figure.Version);
        Assert.Null(figure.Actual);

        Assert.False(figure.Record(null, -95m, T3));
        Assert.Equal(4, figure.Version);
    }

    [Fact]
    public void ToChangedEvent_carries_scope_values_version_and_time()
    {
        var figure = New();
        figure.Record(-1m, -2m, T1);
        figure.Record(-247_200_000.50m, -231_000_000m, T2);

        var changed = figure.ToChangedEvent();

        Assert.Equal(
            new ActivityFiguresChanged("0380", "SCN", 2024, 14, "5731", -247_200_000.50m, -231_000_000m, 2, T2),
            changed);
    }
}
