extern alias economy;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using NamndFollowUp.Contracts.Common.V1;
using NamndFollowUp.Contracts.Economy.V1;
using NamndFollowUp.EndToEnd.Tests;
using NamndFollowUp.ServiceDefaults.Auth;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// An import followed while it streams, as two replicas behind the gateway would see it: the file goes to the
/// suite's economy host, the progress is read from a second economy host on the same database (another
/// process's view: nothing but PostgreSQL is shared), over its own connection.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class EconomyImportProgressTests(ServiceHosts suite) : IAsyncLifetime
{
    private const int Activities = 40, Months = 12, LinesPerRow = 500;
    private WebApplicationFactory<economy::Program> _replica = null!;
    private GrpcChannel _replicaChannel = null!;

    public Task InitializeAsync()
    {
        // Reads the same environment as the suite's economy (ServiceHosts): its database, broker and signing key.
        _replica = new WebApplicationFactory<economy::Program>();
        _replicaChannel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = _replica.Server.CreateHandler() });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _replicaChannel.Dispose();
        _replica.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// 240,000 ledger lines (9.4 MB): 500 lines of 1,25 kr for each of 40 activities × 12 months, so every figure
    /// row's Costs is 500 × 1,25 = 625,00 and its Actual −625,00 (income 0).
    /// </summary>
    private static byte[] LargeLedger()
    {
        var csv = new StringBuilder();
        for (var i = 0; i < LinesPerRow; i++)
        {
            for (var m = 1; m <= Months; m++)
            {
                for (var a = 0; a < Activities; a++)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"ledger;2024-{m:00};{5700 + a};;4010;1.25;actual\n");
                }
            }
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private Metadata Writer(string committee) => new() { { "authorization", $"Bearer {suite.Token(Municipality, committee, Roles.CommitteeWriter)}" } };

    private EconomyService.EconomyServiceClient Replica => new(_replicaChannel);

    private async Task<ImportProgress> ProgressAsync(string committee, string id, string role = Roles.MunicipalOffice) =>
        await Replica.GetImportProgressAsync(new GetImportProgressRequest { MunicipalityCode = Municipality, CommitteeCode = committee, ImportId = id },
            new Metadata { { "authorization", $"Bearer {suite.Token(Municipality, role == Roles.MunicipalOffice ? null : committee, role)}" } });

    /// <summary>Asks the other replica until <paramref name="until"/> holds (its heartbeat is every 500 ms).</summary>
    private async Task<ImportProgress> PollAsync(string committee, string id, Func<ImportProgress, bool> until)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var progress = await ProgressAsync(committee, id);
            if (until(progress))
            {
                return progress;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the other replica still answers {progress}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_streamed_import_reports_its_progress_to_another_replica_while_the_file_arrives_then_its_outcome()
    {
        var committee = NewCommittee("PR");
        var id = Guid.NewGuid().ToString();
        var file = LargeLedger();
        const int Chunk = 64 * 1024;
        var clock = Stopwatch.StartNew();

        using var call = new EconomyService.EconomyServiceClient(suite.Grpc).ImportEconomyFileStream(Writer(committee));
        var sent = 0;
        async Task SendUntilAsync(int upTo)
        {
            for (; sent < upTo; sent += Chunk)
            {
                var piece = file.AsMemory(sent, Math.Min(Chunk, file.Length - sent));
                var chunk = new ImportFileChunk { MunicipalityCode = Municipality, CommitteeCode = committee, Content = ByteString.CopyFrom(piece.Span) };
                if (sent == 0)
                {
                    (chunk.Format, chunk.FileName, chunk.ImportId) = (ImportFileFormat.Csv, "huvudbok-2024.csv", id);
                }
                await call.RequestStream.WriteAsync(chunk);
            }
            sent = Math.Min(sent, file.Length);
        }
        int LinesIn(int bytes) => file.AsSpan(0, bytes).Count((byte)'\n');

        // A third of the file sent: the other replica sees it being read, and never more than has arrived.
        await SendUntilAsync(file.Length / 3);
        var early = await PollAsync(committee, id, p => p.BytesRead > 0);
        Assert.Equal(ImportPhase.Reading, early.Phase);
        Assert.Equal(("huvudbok-2024.csv", ImportFileFormat.Csv), (early.FileName, early.Format));
        Assert.InRange(early.BytesRead, 1, sent);
        Assert.InRange(early.LinesRead, 1, LinesIn(sent));
        Assert.Null(early.Result);

        // Two thirds: it has moved on.
        await SendUntilAsync(2 * file.Length / 3);
        var later = await PollAsync(committee, id, p => p.BytesRead > early.BytesRead);
        Assert.Equal(ImportPhase.Reading, later.Phase);
        Assert.InRange(later.BytesRead, early.BytesRead + 1, sent);
        Assert.InRange(later.LinesRead, early.LinesRead, LinesIn(sent));

        await SendUntilAsync(file.Length);
        await call.RequestStream.CompleteAsync();
        var answer = await call.ResponseAsync;
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1), $"the upload took {clock.Elapsed}; the test is about one that takes more than a second");
        Assert.Equal((id, Activities * Months, Activities * Months * LinesPerRow), (answer.ImportId, answer.RowsChanged, answer.Lines));

        var done = await ProgressAsync(committee, id);
        Assert.Equal(ImportPhase.Done, done.Phase);
        Assert.Equal((long)file.Length, done.BytesRead);
        Assert.Equal((long)Activities * Months * LinesPerRow, done.LinesRead);
        Assert.Equal(Activities * Months, done.FigureRows);
        Assert.Equal(answer, done.Result);
        Assert.NotNull(done.FinishedAt);
        Assert.Empty(done.Problems);
        // The writers of the committee may follow their own import too.
        Assert.Equal(ImportPhase.Done, (await ProgressAsync(committee, id, Roles.CommitteeWriter)).Phase);

        var march = (await Replica.ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = new Period { Year = 2024, Point = PeriodPoint.Month03 },
        }, Writer(committee))).Figures.Single(f => f.ActivityCode == "5717" && f.UnitCode == "");
        Assert.Equal((625.00m, -625.00m), (march.Costs.ToDecimal(), march.Actual.ToDecimal()));
    }

    [Fact]
    public async Task A_refused_upload_named_by_its_header_is_shown_refused_with_its_reasons_and_its_id_cannot_be_reused()
    {
        var committee = NewCommittee("PR");
        var id = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> UploadAsync(string csv, string importId)
        {
            var body = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            var request = new HttpRequestMessage(HttpMethod.Post, EconomyPath(committee, "imports/csv:upload")) { Content = body };
            request.Headers.Add("Import-Id", importId);
            return await suite.Rest.SendAsync(request);
        }

        var refused = await UploadAsync("ledger;2024-01;5700;;4010;1.25;actual\nledger;2024-01;5700;;4010;not-a-number;actual\n", id);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var shown = JsonNode.Parse(await (await suite.Rest.GetAsync(EconomyPath(committee, $"imports/{id}"))).Content.ReadAsStringAsync())!;
        Assert.Equal("IMPORT_PHASE_REFUSED", shown["phase"]!.GetValue<string>());
        Assert.StartsWith("line 2", shown["problems"]![0]!.GetValue<string>());
        Assert.Equal(1, shown["problemCount"]!.GetValue<int>());
        Assert.Null(shown["result"]);

        var reused = await UploadAsync("ledger;2024-01;5700;;4010;1.25;actual\n", id);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("import_id", await reused.Content.ReadAsStringAsync());
        // The refused id kept its refusal; the second file was not imported under it.
        Assert.Equal(ImportPhase.Refused, (await ProgressAsync(committee, id)).Phase);

        var notUuid = await UploadAsync("ledger;2024-01;5700;;4010;1.25;actual\n", "import-1");
        Assert.Equal(HttpStatusCode.BadRequest, notUuid.StatusCode);
        Assert.Contains("import_id", await notUuid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await suite.Rest.GetAsync(EconomyPath(committee, $"imports/{Guid.NewGuid()}"))).StatusCode);
    }

    [Fact]
    public async Task A_run_whose_replica_stopped_recording_is_answered_abandoned_and_a_cancelled_upload_says_it_stored_nothing()
    {
        var committee = NewCommittee("PR");
        // A replica that died mid-import leaves its row as it last wrote it: reading, 31 s ago.
        var stale = Guid.NewGuid();
        await using (var connection = new Npgsql.NpgsqlConnection(suite.ConnectionString("economy")))
        {
            await connection.OpenAsync();
            await using var insert = new Npgsql.NpgsqlCommand("""
                INSERT INTO import_runs ("Id", "MunicipalityCode", "CommitteeCode", "Actor", "Format", "FileName", "DryRun", "Phase",
                                         "BytesRead", "LinesRead", "FigureRows", "StartedAt", "UpdatedAt", "ProblemCount")
                VALUES (@id, @m, @c, 'test', 'sie', 'huvudbok.se', false, 'Reading', 65536, 1500, 0, now() - interval '40 seconds', now() - interval '31 seconds', 0)
                """, connection);
            insert.Parameters.AddWithValue("id", stale);
            insert.Parameters.AddWithValue("m", Municipality);
            insert.Parameters.AddWithValue("c", committee);
            await insert.ExecuteNonQueryAsync();
        }
        var abandoned = await ProgressAsync(committee, stale.ToString());
        Assert.Equal(ImportPhase.Abandoned, abandoned.Phase);
        Assert.Equal((65536L, 1500L), (abandoned.BytesRead, abandoned.LinesRead));
        Assert.Contains("nothing was stored", Assert.Single(abandoned.Problems));

        // A client that goes away mid-upload: the import is rolled back and its run says so.
        var id = Guid.NewGuid().ToString();
        using (var cancel = new CancellationTokenSource())
        {
            var call = new EconomyService.EconomyServiceClient(suite.Grpc).ImportEconomyFileStream(Writer(committee), cancellationToken: cancel.Token);
            await call.RequestStream.WriteAsync(new ImportFileChunk
            {
                MunicipalityCode = Municipality, CommitteeCode = committee, Format = ImportFileFormat.Csv, ImportId = id,
                Content = ByteString.CopyFromUtf8("ledger;2024-01;5700;;4010;1.25;actual\n"),
            });
            await PollAsync(committee, id, p => p.BytesRead > 0);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => call.ResponseAsync);
            call.Dispose();
        }
        var cancelled = await PollAsync(committee, id, p => p.Phase != ImportPhase.Reading);
        Assert.Equal(ImportPhase.Abandoned, cancelled.Phase);
        Assert.Contains("cancelled", Assert.Single(cancelled.Problems));
        Assert.Empty((await Replica.ListActivityFiguresAsync(new ListActivityFiguresRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, Period = new Period { Year = 2024, Point = PeriodPoint.Month01 },
        }, Writer(committee))).Figures);
    }

    [Fact]
    public async Task Only_the_committees_writers_and_the_municipal_office_may_follow_its_imports()
    {
        var committee = NewCommittee("PR");
        var id = Guid.NewGuid().ToString();
        var answer = await new EconomyService.EconomyServiceClient(suite.Grpc).ImportEconomyCsvAsync(new ImportFileRequest
        {
            MunicipalityCode = Municipality, CommitteeCode = committee, ImportId = id,
            Content = ByteString.CopyFromUtf8("ledger;2024-01;5700;;4010;1.25;actual\n"),
        });
        Assert.Equal(id, answer.ImportId);

        Assert.Equal(ImportPhase.Done, (await ProgressAsync(committee, id, Roles.MunicipalOffice)).Phase);
        Assert.Equal(ImportPhase.Done, (await ProgressAsync(committee, id, Roles.CommitteeWriter)).Phase);
        foreach (var role in new[] { Roles.CommitteeReader, Roles.BiReader })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => ProgressAsync(committee, id, role));
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }
        var otherWriter = new Metadata { { "authorization", $"Bearer {suite.Token(Municipality, "OTHER", Roles.CommitteeWriter)}" } };
        var other = await Assert.ThrowsAsync<RpcException>(() => Replica.GetImportProgressAsync(
            new GetImportProgressRequest { MunicipalityCode = Municipality, CommitteeCode = committee, ImportId = id }, otherWriter).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
    }
}
