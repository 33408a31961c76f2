using NamndFollowUp.Contracts.KeyFigures.V1;
using Npgsql;
using static NamndFollowUp.EndToEnd.Tests.Api;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// Every change arrives in keyfigures once, and a forced redelivery of already-sent events changes nothing there. The
/// broker's outage itself is tests/Faults.Tests' scenario, on a RabbitMQ node of that harness's own: stopping the shared
/// node here stopped it for every other run on the machine.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class RedeliveryTests(Suite suite)
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Every_event_arrives_once_in_effect_and_a_forced_redelivery_changes_nothing()
    {
        var committee = NewCommittee("R");
        var expected = new Dictionary<string, (decimal NetCost, long Version)>();
        async Task Write(int activity, decimal actual)
        {
            var code = $"A{activity:00}";
            var response = await suite.Rest.PostOkAsync(EconomyPath(committee, "figures"), Figures((code, actual, null)));
            var version = response["figures"]![0]!["version"]!.GetValue<long>();
            expected[code] = (-actual, version);
        }

        // Forty activities of their own (A00–A39), registered as the office would, seen by keyfigures; then a
        // correction of the first ten.
        await TestActivities.RegisterAsync(suite.Rest, Municipality, Enumerable.Range(0, 40).Select(i => $"A{i:00}"));
        for (var i = 0; i < 40; i++) await Write(i, -1_000m * (i + 1));
        await WaitForKeyFigures(committee, expected);
        for (var i = 0; i < 10; i++) await Write(i, -2_000m * (i + 1));
        await WaitForKeyFigures(committee, expected);

        var eventIds = await EconomyEventIds(committee);
        Assert.Equal(50, eventIds.Count); // 40 activities + 10 corrections: one event per change
        Assert.Equal(0, await UnsentOutboxRows(committee));
        Assert.Equal(eventIds.Count, await KeyFiguresInboxCount(eventIds));
        // Each economy event changed keyfigures exactly once: one recomputation per event, none twice.
        Assert.Equal(50, await KeyFiguresRecomputedCount(committee));

        // Pretend economy crashed after publishing but before marking: the same events go out again.
        await using (var economyDb = new NpgsqlConnection(suite.ConnectionString("economy")))
        {
            await economyDb.OpenAsync();
            await using var reset = new NpgsqlCommand(
                """UPDATE outbox_messages SET "SentAt" = NULL WHERE "Payload"->>'committeeCode' = @c""", economyDb);
            reset.Parameters.AddWithValue("c", committee);
            Assert.Equal(50, await reset.ExecuteNonQueryAsync());
        }
        await Eventually(() => UnsentOutboxRows(committee), n => n == 0, ArrivalTimeout, "the redelivery to be published");
        // Give the consumer time to see the duplicates; they must change nothing.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(eventIds.Count, await KeyFiguresInboxCount(eventIds));
        Assert.Equal(50, await KeyFiguresRecomputedCount(committee));
        await WaitForKeyFigures(committee, expected);
    }

    private async Task WaitForKeyFigures(string committee, IReadOnlyDictionary<string, (decimal NetCost, long Version)> expected)
    {
        var client = new KeyFiguresService.KeyFiguresServiceClient(suite.Grpc);
        foreach (var (code, (netCost, version)) in expected)
        {
            var request = new GetKeyFigureRequest { MunicipalityCode = Municipality, CommitteeCode = committee, Period = FullYear2024Proto, ActivityCode = code };
            // Before the event arrives the key figure answers with no net cost (version 0), not 404.
            var value = await Eventually(() => client.GetKeyFigureAsync(request).ResponseAsync,
                v => v.NetCostSourceVersion == version, ArrivalTimeout, $"activity {code} version {version} in keyfigures");
            Assert.Equal(netCost, value.NetCost.ToDecimal());
        }
    }

    private async Task<long> UnsentOutboxRows(string committee) =>
        await Scalar<long>("economy", """SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NULL AND "Payload"->>'committeeCode' = @c""", committee);

    // The per-activity figures recomputed from economy's events: single KeyFigureRecomputed events, and those
    // that travel grouped per committee and period in ActivityKeyFiguresRecomputed, one entry per figure.
    private async Task<long> KeyFiguresRecomputedCount(string committee) =>
        await Scalar<long>("keyfigures", """
            SELECT coalesce(sum(CASE WHEN "MessageType" LIKE '%.ActivityKeyFiguresRecomputed,%' THEN jsonb_array_length("Payload"->'figures') ELSE 1 END), 0)
            FROM outbox_messages
            WHERE ("MessageType" LIKE '%.KeyFigureRecomputed,%' OR "MessageType" LIKE '%.ActivityKeyFiguresRecomputed,%')
              AND "Payload"->>'committeeCode' = @c
            """, committee);

    private async Task<List<Guid>> EconomyEventIds(string committee)
    {
        await using var db = new NpgsqlConnection(suite.ConnectionString("economy"));
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "MessageId" FROM outbox_messages WHERE "Payload"->>'committeeCode' = @c""", db);
        command.Parameters.AddWithValue("c", committee);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private async Task<long> KeyFiguresInboxCount(List<Guid> messageIds)
    {
        await using var db = new NpgsqlConnection(suite.ConnectionString("keyfigures"));
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM inbox_messages WHERE "MessageId" = ANY(@ids)""", db);
        command.Parameters.AddWithValue("ids", messageIds.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<T> Scalar<T>(string service, string sql, string committee)
    {
        await using var db = new NpgsqlConnection(suite.ConnectionString(service));
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("c", committee);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
