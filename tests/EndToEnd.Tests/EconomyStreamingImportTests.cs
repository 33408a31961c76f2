using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.Contracts.Report.V1;
using NamndFollowUp.ServiceDefaults.Auth;
using Npgsql;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// A big file without holding it in one request: the raw body over REST (imports/csv:upload, sie:upload)
/// and a client stream of chunks over gRPC, both through the gateway; then the figures read back.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class EconomyStreamingImportTests(Suite suite)
{
    private static readonly Encoding Cp437 = CodePagesEncodingProvider.Instance.GetEncoding(437)!;

    // 30 activities × 4 units × 25 accounts, every line 1 000,50 of costs; and one income line per activity and unit.
    private static string Ledger(string? badLine = null)
    {
        var csv = new StringBuilder("record;fields\nnarrative;2024-helår;summary;\"Årets resultat;\nförklaras i texten\"\n");
        for (var a = 0; a < 30; a++)
        {
            for (var u = 0; u < 4; u++)
            {
                for (var k = 0; k < 25; k++)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"ledger;2024-helår;{5700 + a};GÅRD{u};{4010 + k};1000.50;actual\n");
                }
                csv.Append(CultureInfo.InvariantCulture, $"ledger;2024-helår;{5700 + a};GÅRD{u};3010;-250.25;actual\n");
                if (a == 15 && u == 2 && badLine is not null)
                {
                    csv.Append(badLine).Append('\n');
                }
            }
        }
        return csv.ToString();
    }

    [Fact]
    public async Task A_CSV_uploaded_as_the_raw_body_through_the_gateway_is_imported_and_reads_back()
    {
        var committee = NewCommittee("SU");
        var response = await suite.Rest.PostAsync(EconomyPath(committee, "imports/csv:upload"), Raw(Encoding.UTF8.GetBytes(Ledger()), "text/csv"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var result = JsonNode.Parse(body)!;
        // 30 activities: a committee row and 4 unit rows each, each with its event; and the narrative.
        Assert.Equal((151, 150), (result["rowsChanged"]!.GetValue<int>(), result["eventsPublished"]!.GetValue<int>()));
        // The header, the narrative's two lines, then 26 lines per activity and unit.
        Assert.Equal(3 + 30 * 4 * 26, result["lines"]!.GetValue<int>());

        await AssertFiguresAsync(committee, "GÅRD2");
        Assert.Equal("Årets resultat;\nförklaras i texten", await NarrativeAsync(committee));

        var again = await suite.Rest.PostAsync(EconomyPath(committee, "imports/csv:upload"), Raw(Encoding.UTF8.GetBytes(Ledger()), "text/csv"));
        Assert.Equal(0, JsonNode.Parse(await again.Content.ReadAsStringAsync())!["rowsChanged"]?.GetValue<int>() ?? 0);
    }

    [Fact]
    public async Task An_SIE_file_uploaded_raw_in_CP437_reads_å_ä_ö_right()
    {
        var committee = NewCommittee("SS");
        var sie = new StringBuilder("#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#DIM 20 \"Verksamhet\"\r\n#DIM 1 \"Kostnadsställe\"\r\n#OBJEKT 20 \"5733\" \"Öppenvård\"\r\n#OBJEKT 1 \"VÄXJÖ\" \"Växjö\"\r\n");
        for (var month = 1; month <= 12; month++)
        {
            sie.Append(CultureInfo.InvariantCulture, $"#PSALDO 0 2024{month:00} 4010 {{20 \"5733\" 1 \"VÄXJÖ\"}} 100.25\r\n");
        }
        await suite.Rest.SetLedgerMappingAsync(committee, activityDimension: 20, unitDimension: 1);
        var response = await suite.Rest.PostAsync(EconomyPath(committee, "imports/sie:upload"), Raw(Cp437.GetBytes(sie.ToString()), "application/octet-stream"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var figures = await FiguresAsync(committee);
        // December's year to date is the helår row: 12 × 100,25 of costs.
        var unit = figures.Single(f => f.UnitCode == "VÄXJÖ");
        Assert.Equal(("5733", -1203.00m), (unit.ActivityCode, unit.Actual.ToDecimal()));
    }

    [Fact]
    public async Task A_file_streamed_in_chunks_over_gRPC_through_the_gateway_is_imported_and_reads_back()
    {
        var committee = NewCommittee("SG");
        var result = await StreamAsync(committee, Encoding.UTF8.GetBytes(Ledger()), ImportFileFormat.Csv, chunkSize: 1000);
        Assert.Equal((151, 150), (result.RowsChanged, result.EventsPublished));
        Assert.Equal(3123, result.Lines);
        await AssertFiguresAsync(committee, "GÅRD2");
    }

    [Fact]
    public async Task A_bad_line_in_the_middle_of_an_upload_or_a_stream_stores_nothing_and_names_the_line()
    {
        var committee = NewCommittee("SB");
        // Line 3 + 15 × 104 + 3 × 26 + 1: after the lines of activity 5715's unit GÅRD2.
        // "1 00": a space that does not group three digits ("1 000" is read, as a spreadsheet groups amounts).
        var content = Encoding.UTF8.GetBytes(Ledger(badLine: "ledger;2024-helår;5715;GÅRD2;4010;1 00;actual"));
        var response = await suite.Rest.PostAsync(EconomyPath(committee, "imports/csv:upload"), Raw(content, "text/csv"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"line 1642\"", body);
        Assert.Contains("column 6 (amount)", body);

        var e = await Assert.ThrowsAsync<RpcException>(() => StreamAsync(committee, content, ImportFileFormat.Csv, chunkSize: 4096));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("line 1642", e.Status.Detail);

        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM activity_figures WHERE \"CommitteeCode\" = '{committee}'"));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM narratives WHERE \"CommitteeCode\" = '{committee}'"));
    }

    [Fact]
    public async Task A_committee_cannot_stream_or_upload_into_another_committee()
    {
        var own = NewCommittee("SO");
        var other = NewCommittee("ST");
        var token = suite.Token(Municipality, own, Roles.CommitteeWriter);
        var content = Encoding.UTF8.GetBytes(Ledger());

        var e = await Assert.ThrowsAsync<RpcException>(() => StreamAsync(other, content, ImportFileFormat.Csv, 1000, token));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        // Access is checked on every chunk: one naming another committee half-way is refused too.
        e = await Assert.ThrowsAsync<RpcException>(() => StreamAsync(own, content, ImportFileFormat.Csv, 1000, token, switchTo: other));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);

        using var rest = suite.AnonymousRest();
        var request = new HttpRequestMessage(HttpMethod.Post, EconomyPath(other, "imports/csv:upload")) { Content = Raw(content, "text/csv") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Forbidden, (await rest.SendAsync(request)).StatusCode);
        var reader = new HttpRequestMessage(HttpMethod.Post, EconomyPath(own, "imports/csv:upload")) { Content = Raw(content, "text/csv") };
        reader.Headers.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(Municipality, own, Roles.CommitteeReader));
        Assert.Equal(HttpStatusCode.Forbidden, (await rest.SendAsync(reader)).StatusCode);

        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM activity_figures WHERE \"CommitteeCode\" IN ('{own}', '{other}')"));
    }

    [Fact]
    public async Task An_upload_into_an_adopted_report_or_with_another_content_type_is_refused()
    {
        var committee = NewCommittee("SA");
        var first = await suite.Rest.PostAsync(EconomyPath(committee, "imports/csv:upload"), Raw(Encoding.UTF8.GetBytes(Ledger()), "text/csv"));
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        var economy = new EconomyService.EconomyServiceClient(suite.Grpc);
        await Reports(suite.Grpc, "economy").AdoptReportAsync(new AdoptReportRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto, Service = "economy",
            CaseNumber = "SCN-2025-00042", DecisionDate = Date(2025, 2, 12),
        });

        var changed = Encoding.UTF8.GetBytes(Ledger().Replace("-250.25", "-250.50"));
        var refused = await suite.Rest.PostAsync(EconomyPath(committee, "imports/csv:upload"), Raw(changed, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var status = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal((int)StatusCode.FailedPrecondition, status["code"]!.GetValue<int>());
        Assert.Contains("adopted", status["message"]!.GetValue<string>());
        var e = await Assert.ThrowsAsync<RpcException>(() => StreamAsync(committee, changed, ImportFileFormat.Csv, 8192));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        await AssertFiguresAsync(committee, "GÅRD2"); // unchanged: income still 250,25 per unit

        var json = await suite.Rest.PostAsync(EconomyPath(committee, "imports/csv:upload"), Raw(changed, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }

    private static ByteArrayContent Raw(byte[] content, string contentType)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return body;
    }

    private async Task<ImportResult> StreamAsync(string committee, byte[] content, ImportFileFormat format, int chunkSize, string? token = null, string? switchTo = null)
    {
        using var channel = GrpcChannel.ForAddress(suite.GatewayGrpcAddress);
        var client = new EconomyService.EconomyServiceClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {token ?? suite.Token(Municipality, committee, Roles.CommitteeWriter)}" } };
        using var call = client.ImportEconomyFileStream(headers, DateTime.UtcNow.AddSeconds(60));
        try
        {
            for (var offset = 0; offset < content.Length; offset += chunkSize)
            {
                var chunk = new ImportFileChunk
                {
                    MunicipalityCode = Municipality,
                    CommitteeCode = offset > 0 && switchTo is not null ? switchTo : committee,
                    Content = ByteString.CopyFrom(content, offset, Math.Min(chunkSize, content.Length - offset)),
                };
                if (offset == 0)
                {
                    (chunk.Format, chunk.FileName) = (format, "ledger.csv");
                }
                await call.RequestStream.WriteAsync(chunk);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server refused mid-stream; its status is the call's answer.
        }
        catch (InvalidOperationException)
        {
            // Writing after the server has finished the call.
        }
        return await call.ResponseAsync;
    }

    /// <summary>Costs 25 × 1 000,50 and income 250,25 per activity and unit, by hand.</summary>
    private async Task AssertFiguresAsync(string committee, string unitCode)
    {
        var figures = await FiguresAsync(committee);
        Assert.Equal(150, figures.Count);
        var unit = figures.Single(f => f.ActivityCode == "5715" && f.UnitCode == unitCode);
        Assert.Equal((25_012.50m, 250.25m, -24_762.25m), (unit.Costs.ToDecimal(), unit.Income.ToDecimal(), unit.Actual.ToDecimal()));
        var activity = figures.Single(f => f.ActivityCode == "5715" && f.UnitCode == "");
        Assert.Equal((100_050.00m, 1_001.00m, -99_049.00m), (activity.Costs.ToDecimal(), activity.Income.ToDecimal(), activity.Actual.ToDecimal()));
    }

    private async Task<List<ActivityFigure>> FiguresAsync(string committee) =>
        (await new EconomyService.EconomyServiceClient(suite.Grpc).ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        })).Figures.ToList();

    private async Task<string> NarrativeAsync(string committee) =>
        (await new EconomyService.EconomyServiceClient(suite.Grpc).GetResultSummaryAsync(new GetResultSummaryRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto,
        })).Narrative;

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(suite.ConnectionString("economy"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
