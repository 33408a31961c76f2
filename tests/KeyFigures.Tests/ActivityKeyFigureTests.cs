using NamndFollowUp.Events;
using NamndFollowUp.KeyFigures.Domain;

namespace NamndFollowUp.KeyFigures.Tests;

public sealed class ActivityKeyFigureTests
{
    private static readonly DateTimeOffset T1 = new(2025, 1, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2025, 1, 11, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T3 = new(2025, 1, 12, 8, 0, 0, TimeSpan.Zero);

    private static ActivityKeyFigure New(string code = "5731") => ActivityKeyFigure.Create("0380", "SCN", 2024, 14, code);

    [Fact]
    public void Not_computable_without_a_net_cost_and_the_reason_names_the_activity()
    {
        var figure = New("5731");
        figure.RecordVolume(VolumeKind.CareDays, 32_380m, T1);

        var result = figure.Compute();

        Assert.False(result.Computable);
        Assert.Null(result.Value);
        Assert.Equal("", result.Shown);
        Assert.Contains("5731", result.NotComputableReason);
        Assert.Contains("net cost", result.NotComputableReason);
    }

    [Fact]
    public void Not_computable_when_the_economy_figure_has_no_Actual()
    {
        var figure = New("5733");
        figure.RecordVolume(VolumeKind.Clients, 10m, T1);
        figure.ApplyEconomyActual(null, 1, T1);

        var result = figure.Compute();

        Assert.False(result.Computable);
        Assert.Contains("5733", result.NotComputableReason);
    }

    [Fact]
    public void Not_computable_without_a_volume_and_the_reason_names_the_activity()
    {
        var figure = New("5732");
        figure.ApplyEconomyActual(-167_417_000m, 1, T1);

        var result = figure.Compute();

        Assert.False(result.Computable);
        Assert.Null(result.Value);
        Assert.Contains("5732", result.NotComputableReason);
        Assert.Contains("volume", result.NotComputableReason);
    }

    [Fact]
    public void Not_computable_when_the_volume_is_zero_and_the_reason_names_the_activity()
    {
        var figure = New("5733");
        figure.ApplyEconomyActual(-91_864_000m, 1, T1);
        figure.RecordVolume(VolumeKind.Clients, 0m, T1);

        var result = figure.Compute();

        Assert.False(result.Computable);
        Assert.Null(result.Value);
        Assert.Contains("5733", result.NotComputableReason);
        Assert.Contains("zero", result.NotComputableReason);
    }

    [Fact]
    public void Value_is_net_cost_over_volume_where_net_cost_is_the_negated_Actual()
    {
        var figure = New();
        figure.ApplyEconomyActual(-1_000m, 1, T1);
        figure.RecordVolume(VolumeKind.CareDays, 8m, T1);

        var result = figure.Compute();

        Assert.True(result.Computable);
        Assert.Null(result.NotComputableReason);
        Assert.Equal(1_000m, figure.NetCost);
        Assert.Equal(125m, result.Value);    // 1000 / 8
    }

    [Fact]
    public void A_positive_Actual_is_income_and_gives_a_negative_net_cost()
    {
        var figure = New();
        figure.ApplyEconomyActual(400m, 1, T1);
        figure.RecordVolume(VolumeKind.Clients, 4m, T1);

        Assert.Equal(-400m, figure.NetCost);
        Assert.Equal(-100m, figure.Compute().Value);
    }

    /// <summary>
    /// Bilaga 4 (tkr): the net cost arrives as a negative Actual in kronor, the committee enters the
    /// volume, and the sheet shows net cost per unit in tkr with one decimal.
    /// </summary>
    [Theory]
    // 5731 institutional care: total costs 178 503 tkr − other income 4 328 tkr, 32 380 care days → 5,4
    [InlineData("5731", 178_503 - 4_328, VolumeKind.CareDays, 32_380, "5,4")]
    // 5732 familjehem: net cost 167 417 tkr, 98 016 care days → 1,7
    [InlineData("5732", 167_417, VolumeKind.CareDays, 98_016, "1,7")]
    // 5733 öppenvård: net cost 91 864 tkr, 8 438 clients → 10,9
    [InlineData("5733", 91_864, VolumeKind.Clients, 8_438, "10,9")]
    // 5733 external providers: net cost 5 870 tkr, 249 clients → 23,6
    [InlineData("5733", 5_870, VolumeKind.Clients, 249, "23,6")]
    public void The_seeds_Bilaga_4_examples_show_as_the_sheet_does(
        string code, int netCostTkr, VolumeKind kind, int volume, string shown)
    {
        var figure = New(code);
        Assert.True(figure.ApplyEconomyActual(-netCostTkr * 1_000m, 1, T1));
        Assert.True(figure.RecordVolume(kind, volume, T1));

        var result = figure.Compute();

        Assert.True(result.Computable);
        Assert.Equal(shown, result.Shown);
    }

    [Fact]
    public void The_5731_value_in_kronor_per_care_day()
    {
        var figure = New("5731");
        figure.ApplyEconomyActual(-174_175_000m, 1, T1);
        figure.RecordVolume(VolumeKind.CareDays, 32_380m, T1);

        var value = figure.Compute().Value!.Value;

        // 32 380 × 5 379 = 174 172 020; remainder 2 980 / 32 380 = 0.092…, so 5 379.09 kr per care day
        Assert.Equal(5_379.09m, Math.Round(value, 2));
    }

    [Fact]
    public void ApplyEconomyActual_takes_a_newer_version()
    {
        var figure = New();
        Assert.True(figure.ApplyEconomyActual(-100m, 1, T1));
        Assert.True(figure.ApplyEconomyActual(-300m, 3, T2));

        Assert.Equal(300m, figure.NetCost);
        Assert.Equal(3, figure.NetCostSourceVersion);
        Assert.Equal(T2, figure.UpdatedAt);
    }

    [Fact]
    public void A_redelivered_event_with_the_same_version_changes_nothing()
    {
        var figure = New();
        figure.ApplyEconomyActual(-100m, 2, T1);

        Assert.False(figure.ApplyEconomyActual(-999m, 2, T2));

        Assert.Equal(100m, figure.NetCost);
        Assert.Equal(2, figure.NetCostSourceVersion);
        Assert.Equal(T1, figure.UpdatedAt);
    }

    [Fact]
    public void A_late_event_with_an_older_version_changes_nothing()
    {
        var figure = New();
        figure.ApplyEconomyActual(-500m, 5, T2);

        Assert.False(figure.ApplyEconomyActual(-100m, 4, T3));
        Assert.False(figure.ApplyEconomyActual(null, 1, T3));

        Assert.Equal(500m, figure.NetCost);
        Assert.Equal(5, figure.NetCostSourceVersion);
        Assert.Equal(T2, figure.UpdatedAt);
    }

    [Fact]
    public void A_newer_event_without_Actual_clears_the_net_cost()
    {
        var figure = New("5739");
        figure.ApplyEconomyActual(-500m, 1, T1);
        figure.RecordVolume(VolumeKind.Clients, 5m, T1);

        Assert.True(figure.ApplyEconomyActual(null, 2, T2));

        Assert.Null(figure.NetCost);
        Assert.False(figure.Compute().Computable);
        Assert.Contains("5739", figure.Compute().NotComputableReason);
    }

    [Fact]
    public void RecordVolume_rejects_a_negative_volume_and_keeps_the_old_one()
    {
        var figure = New();
        figure.RecordVolume(VolumeKind.CareDays, 10m, T1);

        Assert.Throws<ArgumentOutOfRangeException>(() => figure.RecordVolume(VolumeKind.CareDays, -1m, T2));

        Assert.Equal(10m, figure.Volume);
        Assert.Equal(T1, figure.UpdatedAt);
    }

    [Fact]
    public void RecordVolume_returns_false_for_the_same_volume_and_true_for_a_change()
    {
        var figure = New();
        Assert.True(figure.RecordVolume(VolumeKind.CareDays, 10m, T1));
        Assert.False(figure.RecordVolume(VolumeKind.CareDays, 10m, T2));
        Assert.Equal(T1, figure.UpdatedAt);

        Assert.True(figure.RecordVolume(VolumeKind.CareDays, 11m, T2));
        Assert.True(figure.RecordVolume(VolumeKind.Clients, 11m, T3));
        Assert.Equal(VolumeKind.Clients, figure.VolumeKind);
        Assert.Equal(T3, figure.UpdatedAt);
    }

    [Fact]
    public void ToRecomputedEvent_carries_the_computed_value_or_the_reason()
    {
        var figure = New("5732");
        figure.ApplyEconomyActual(-1_700m, 1, T1);

        var notComputable = figure.ToRecomputedEvent();
        Assert.Null(notComputable.Value);
        Assert.Contains("5732", notComputable.NotComputableReason);

        figure.RecordVolume(VolumeKind.CareDays, 2m, T2);
        Assert.Equal(
            new KeyFigureRecomputed("0380", "SCN", 2024, 14, "5732", 850m, null, T2),
            figure.ToRecomputedEvent());
    }
}
