using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.Report.V1;
using NamndFollowUp.EndToEnd.Tests;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// Bilaga 3's header carries the report's case data as the seed's does (lines 1403–1407: "Datum: 2025-01-16",
/// "Nämndbehandlad/nämndbehandlas: 2025-02-12", "Handläggare: Magnus Bergmark"), kept with the economic report
/// (RecordEconomyRecords' prepared_by, document_date, committee_meeting_date); a bad handläggare or date is refused
/// with the field named and stores nothing. Every expected value is the test's own input.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class EconomyReportCaseDataTests(ServiceHosts suite)
{
    private readonly string Kommun = PlanningDemo.NewMunicipality();
    private static readonly Period FullYear = new() { Year = 2024, Point = PeriodPoint.FullYear };
    private EconomyService.EconomyServiceClient Economy => new(suite.Grpc);
    private ReportService.ReportServiceClient Reports => Reports(suite.Grpc, "economy");

    private async Task<string> NewCommitteeWithAFigureAsync(string prefix)
    {
        var committee = NewCommittee(prefix);
        await suite.Rest.PostOkAsync($"/api/v1/economy/municipalities/{Kommun}/activity-codes", new JsonObject
        {
            ["codes"] = new JsonArray(new JsonObject { ["code"] = "100", ["name"] = "Politisk verksamhet", ["scbCode"] = "" }),
        });
        await Economy.RecordEconomyRecordsAsync(Request(committee, r => r.Figures.Add(new ActivityFigureInput { ActivityCode = "100", Actual = new Contracts.Common.V1.Decimal { Value = "-1000000" } })));
        return committee;
    }

    private RecordEconomyRecordsRequest Request(string committee, Action<RecordEconomyRecordsRequest> fill)
    {
        var request = new RecordEconomyRecordsRequest { MunicipalityCode = Kommun, CommitteeCode = committee, Period = FullYear };
        fill(request);
        return request;
    }

    private async Task<string> Bilaga3Async(string committee) =>
        (await Economy.RenderEconomyDocumentAsync(new GetTablesRequest { MunicipalityCode = Kommun, CommitteeCode = committee, Period = FullYear })).Data.ToStringUtf8();

    private static string Field(string label, string value) => $"<span class=\"label\">{label}:</span><span>{value}</span>";

    [Fact]
    public async Task Bilaga_3s_header_shows_the_date_the_meeting_and_the_handläggare_and_once_adopted_the_decisions_date()
    {
        var committee = await NewCommitteeWithAFigureAsync("CD");
        await Economy.RecordEconomyRecordsAsync(Request(committee, r =>
        {
            r.PreparedBy = "Magnus Bergmark";
            r.DocumentDate = "2025-01-16";
            r.CommitteeMeetingDate = "2025-02-12";
        }));

        var summary = await Economy.GetResultSummaryAsync(new GetResultSummaryRequest { MunicipalityCode = Kommun, CommitteeCode = committee, Period = FullYear });
        Assert.Equal(("Magnus Bergmark", "2025-01-16", "2025-02-12"), (summary.PreparedBy, summary.DocumentDate, summary.CommitteeMeetingDate));
        var html = await Bilaga3Async(committee);
        Assert.Contains(Field("Datum", "2025-01-16"), html);
        Assert.Contains(Field("Nämndbehandlad/nämndbehandlas", "2025-02-12"), html);
        Assert.Contains("<span>Handläggare: Magnus Bergmark</span>", html);

        // A record of the forecast alone leaves the case data as it is (empty = unchanged).
        await Economy.RecordEconomyRecordsAsync(Request(committee, r => r.ForecastName = "helårsprognos 202408"));
        Assert.Contains("<span>Handläggare: Magnus Bergmark</span>", await Bilaga3Async(committee));

        // Adopted at a later meeting than planned: the decision's date is the one the committee treated it on.
        await Reports.AdoptReportAsync(new AdoptReportRequest
        {
            MunicipalityCode = Kommun, CommitteeCode = committee, Period = FullYear, Service = "economy", CaseNumber = "CD-2025-00043", DecisionDate = Date(2025, 2, 19),
        });
        html = await Bilaga3Async(committee);
        Assert.Contains(Field("Datum", "2025-01-16"), html);
        Assert.Contains(Field("Nämndbehandlad/nämndbehandlas", "2025-02-19"), html);
        Assert.Contains(Field("Diarienummer", "CD-2025-00043"), html);
        // The adopted report's case data is the decided one's.
        var refused = await Assert.ThrowsAsync<RpcException>(() => Economy.RecordEconomyRecordsAsync(Request(committee, r => r.PreparedBy = "Någon Annan")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("<span>Handläggare: Magnus Bergmark</span>", await Bilaga3Async(committee));
    }

    [Theory]
    [InlineData(201, "", "prepared_by", "longer than 200 characters")]
    [InlineData(0, "Magnus\nBergmark", "prepared_by", "control character")]
    [InlineData(0, "Magnus\u0007Bergmark", "prepared_by", "control character")]
    public async Task A_handläggare_too_long_or_with_a_control_character_is_refused_with_the_field_named_and_nothing_is_stored(
        int length, string text, string field, string reason)
    {
        var committee = await NewCommitteeWithAFigureAsync("CV");
        var preparedBy = length > 0 ? new string('M', length) : text;

        var error = await Assert.ThrowsAsync<RpcException>(() => Economy.RecordEconomyRecordsAsync(Request(committee, r =>
        {
            r.PreparedBy = preparedBy;
            r.DocumentDate = "2025-01-16";
        })).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.Contains(reason, violation.Description);
        // All or nothing: the valid date in the same request is not stored either.
        var summary = await Economy.GetResultSummaryAsync(new GetResultSummaryRequest { MunicipalityCode = Kommun, CommitteeCode = committee, Period = FullYear });
        Assert.Equal(("", ""), (summary.PreparedBy, summary.DocumentDate));
    }

    [Theory]
    [InlineData("preparedBy", "Magnus\tBergmark", "prepared_by")]
    [InlineData("documentDate", "16/1/2025", "document_date")]
    [InlineData("committeeMeetingDate", "2025-02-30", "committee_meeting_date")]
    public async Task As_JSON_a_bad_handläggare_or_date_is_a_400_naming_the_field(string property, string value, string field)
    {
        var committee = await NewCommitteeWithAFigureAsync("CJ");
        var response = await suite.Rest.PostAsync($"/api/v1/economy/municipalities/{Kommun}/committees/{committee}/records", new JsonObject
        {
            ["period"] = new JsonObject { ["year"] = 2024, ["point"] = "PERIOD_POINT_FULL_YEAR" },
            [property] = value,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, body);
    }
}
