using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.SharedKernel;

namespace NamndFollowUp.ServiceDefaults.Tests;

public sealed class PeriodKeyTests
{
    [Theory]
    [InlineData(2024, 1, "2024-01")]
    [InlineData(2024, 8, "2024-08")]
    [InlineData(2025, 12, "2025-12")]
    [InlineData(2024, 13, "2024 delår")]
    [InlineData(2024, 14, "2024 helår")]
    public void ToString_shows_months_as_year_dash_month_and_names_delar_and_helar(int year, int point, string expected)
    {
        Assert.Equal(expected, new PeriodKey(year, point).ToString());
    }

    [Fact]
    public void The_named_points_are_13_and_14()
    {
        Assert.Equal(13, PeriodKey.Interim);
        Assert.Equal(14, PeriodKey.FullYear);
        Assert.Equal((int)PeriodPoint.Interim, PeriodKey.Interim);
        Assert.Equal((int)PeriodPoint.FullYear, PeriodKey.FullYear);
    }

    [Fact]
    public void ToProto_keeps_year_and_point()
    {
        var proto = new PeriodKey(2024, 13).ToProto();

        Assert.Equal(2024, proto.Year);
        Assert.Equal(PeriodPoint.Interim, proto.Point);
        Assert.Equal(PeriodPoint.Month08, new PeriodKey(2024, 8).ToProto().Point);
    }
}
