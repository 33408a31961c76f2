using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.KeyFigures.V1;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

[Collection(SuiteCollection.Name)]
public sealed class EconomyToKeyFiguresTests(Suite suite)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Figures_written_over_rest_are_read_over_grpc_and_the_key_figure_is_recomputed_from_the_event()
    {
        var committee = NewCommittee("E");
        // Bilaga 4, 5731: net cost 174 176 tkr over 32 380 care days is 5,4 tkr per care day.
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -174_176_000m, -170_000_000m)));
        await suite.Rest.PostOkAsync(KeyFiguresPath(committee, "activities/5731/volume"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["kind"] = "VOLUME_KIND_CARE_DAYS",
            ["volume"] = Amount(32_380m),
        });

        var economy = new EconomyService.EconomyServiceClient(suite.Grpc);
        var listed = await economy.ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        });
        var figure = Assert.Single(listed.Figures);
        Assert.Equal("5731", figure.ActivityCode);
        Assert.Equal(-174_176_000m, figure.Actual.ToDecimal());
        Assert.Equal(-170_000_000m, figure.Budget.ToDecimal());
        Assert.Equal(1, figure.Version);

        var keyFigures = new KeyFiguresService.KeyFiguresServiceClient(suite.Grpc);
        var request = new GetKeyFigureRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto, ActivityCode = "5731" };
        var value = await Eventually(() => keyFigures.GetKeyFigureAsync(request).ResponseAsync,
            v => v.NetCostSourceVersion == 1, EventTimeout, "the economy event to reach keyfigures");
        Assert.True(value.Computable);
        Assert.Equal(174_176_000m, value.NetCost.ToDecimal());
        Assert.Equal(174_176_000m / 32_380m, value.Value.ToDecimal());
        Assert.Equal("5,4", value.ValueShown);

        // A correction in economy reaches the key figure too: 5 870 tkr / 249 clients is 23,6.
        await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures(("5731", -5_870_000m, -170_000_000m)));
        await suite.Rest.PostOkAsync(KeyFiguresPath(committee, "activities/5731/volume"), new JsonObject
        {
            ["period"] = FullYear2024.DeepClone(),
            ["kind"] = "VOLUME_KIND_CLIENTS",
            ["volume"] = Amount(249m),
        });
        value = await Eventually(() => keyFigures.GetKeyFigureAsync(request).ResponseAsync,
            v => v.NetCostSourceVersion == 2, EventTimeout, "the corrected figure to reach keyfigures");
        Assert.Equal("23,6", value.ValueShown);
        Assert.Equal(VolumeKind.Clients, value.VolumeKind);
    }

    [Fact]
    public async Task A_bad_row_refuses_the_whole_request_with_the_field_and_reason_and_stores_nothing()
    {
        var committee = NewCommittee("B");
        var body = Figures(("5731", -1_000m, null), ("5732", null, null), ("5733", -3_000m, null));
        body["figures"]![1]!["actual"] = new JsonObject { ["value"] = "12,5" };

        var response = await suite.Rest.PostAsync(EconomyPath(committee, "figures"), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(3, error["code"]!.GetValue<int>()); // INVALID_ARGUMENT
        var violation = Assert.Single(error["details"]![0]!["fieldViolations"]!.AsArray());
        Assert.Equal("figures[1].actual", violation!["field"]!.GetValue<string>());
        Assert.Contains("12,5", violation["description"]!.GetValue<string>());

        var economy = new EconomyService.EconomyServiceClient(suite.Grpc);
        var listed = await economy.ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        });
        Assert.Empty(listed.Figures);
    }

    [Fact]
    public async Task Grpc_through_the_gateway_reports_invalid_argument_with_details()
    {
        var economy = new EconomyService.EconomyServiceClient(suite.Grpc);
        var error = await Assert.ThrowsAsync<RpcException>(() => economy.ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = "380", CommitteeCode = "SCN", Period = FullYear2024Proto,
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>();
        Assert.Equal("municipality_code", Assert.Single(badRequest.FieldViolations).Field);
    }
}
