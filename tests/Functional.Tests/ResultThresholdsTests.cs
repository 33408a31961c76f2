using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using ProtoDecimal = NamndFollowUp.Contracts.Common.V1.Decimal;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// Kommunledningskontoret's traffic-light thresholds, kept by economy: the defaults before any are set, a change
/// read back with its version, a red threshold above the yellow one refused with the field named and nothing
/// stored, and only the office may set them. Each test has a municipality of its own.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class ResultThresholdsTests(ServiceHosts suite)
{
    private EconomyService.EconomyServiceClient Economy => new(suite.Grpc);

    private static SetResultThresholdsRequest Request(string municipality, string resultYellow, string resultRed, string changeYellow, string changeRed) => new()
    {
        MunicipalityCode = municipality,
        ResultYellowBelowPercent = new ProtoDecimal { Value = resultYellow },
        ResultRedBelowPercent = new ProtoDecimal { Value = resultRed },
        ChangeYellowBelowPercent = new ProtoDecimal { Value = changeYellow },
        ChangeRedBelowPercent = new ProtoDecimal { Value = changeRed },
    };

    private static string[] Values(ResultThresholds t) =>
        [t.ResultYellowBelowPercent.Value, t.ResultRedBelowPercent.Value, t.ChangeYellowBelowPercent.Value, t.ChangeRedBelowPercent.Value];

    [Fact]
    public async Task Before_the_office_sets_any_the_defaults_are_answered()
    {
        var t = await Economy.GetResultThresholdsAsync(new GetResultThresholdsRequest { MunicipalityCode = "1481" });
        Assert.Equal(("default", 0L, ""), (t.Source, t.Version, t.UpdatedAt));
        Assert.Equal([0m, -1m, 0m, -0.5m], Values(t).Select(v => decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_offices_thresholds_are_read_back_and_the_same_again_is_no_new_version()
    {
        var set = await Economy.SetResultThresholdsAsync(Request("1482", "-0.5", "-2", "0", "-1.25"));
        Assert.Equal(("office", 1L), (set.Source, set.Version));
        var read = await Economy.GetResultThresholdsAsync(new GetResultThresholdsRequest { MunicipalityCode = "1482" });
        Assert.Equal(["-0.5", "-2", "0", "-1.25"], Values(read).Select(v => decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(1, read.Version);
        Assert.True(DateTimeOffset.TryParse(read.UpdatedAt, out _));
        var again = await Economy.SetResultThresholdsAsync(Request("1482", "-0.5", "-2", "0", "-1.25"));
        Assert.Equal(1, again.Version);
    }

    [Fact]
    public async Task A_red_threshold_above_the_yellow_one_is_refused_with_the_field_and_nothing_is_stored()
    {
        await Economy.SetResultThresholdsAsync(Request("1483", "0", "-1", "0", "-0.5"));
        var error = await Assert.ThrowsAsync<RpcException>(() => Economy.SetResultThresholdsAsync(Request("1483", "0", "1", "0", "-0.5")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Equal("result_red_below_percent", violation.Field);
        // A share with three decimals is refused too, never rounded.
        var rounded = await Assert.ThrowsAsync<RpcException>(() => Economy.SetResultThresholdsAsync(Request("1483", "0", "-1.005", "0", "-0.5")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, rounded.StatusCode);
        var read = await Economy.GetResultThresholdsAsync(new GetResultThresholdsRequest { MunicipalityCode = "1483" });
        Assert.Equal(1, read.Version);
        Assert.Equal(-1m, decimal.Parse(read.ResultRedBelowPercent.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Only_the_office_sets_them_though_a_committee_may_read_them()
    {
        var writer = new Metadata { { "authorization", $"Bearer {suite.Token("1484", "SCN", Roles.CommitteeWriter)}" } };
        var error = await Assert.ThrowsAsync<RpcException>(() => Economy.SetResultThresholdsAsync(Request("1484", "0", "-1", "0", "-0.5"), writer).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        var read = await Economy.GetResultThresholdsAsync(new GetResultThresholdsRequest { MunicipalityCode = "1484" }, writer);
        Assert.Equal("default", read.Source);
    }
}
