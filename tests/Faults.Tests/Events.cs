using Npgsql;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// What became of economy's ActivityFiguresChanged events, read from the databases themselves: economy's outbox (when each
/// event's change committed) against keyfigures' inbox (when its consumer took it), joined by message id.
/// </summary>
public sealed class Events(ReplicatedSuite suite)
{
    public sealed record Delivery(Guid MessageId, DateTimeOffset CreatedAt, DateTimeOffset? ReceivedAt);

    /// <summary>Events economy wrote since <paramref name="since"/>, each with when keyfigures took it (null: not yet).</summary>
    public async Task<List<Delivery>> SinceAsync(DateTimeOffset since)
    {
        var outbox = new List<(Guid Id, DateTimeOffset CreatedAt)>();
        await using (var economy = new NpgsqlConnection(suite.ConnectionString("economy")))
        {
            await economy.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT "MessageId", "CreatedAt" FROM outbox_messages
                WHERE "MessageType" LIKE 'NamndFollowUp.Events.ActivityFiguresChanged,%' AND "CreatedAt" >= $1
                """, economy) { Parameters = { new() { Value = since } } };
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                outbox.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
            }
        }
        var inbox = new Dictionary<Guid, DateTimeOffset>();
        await using (var keyFigures = new NpgsqlConnection(suite.ConnectionString("keyfigures")))
        {
            await keyFigures.OpenAsync();
            await using var command = new NpgsqlCommand("""SELECT "MessageId", min("ReceivedAt") FROM inbox_messages WHERE "ReceivedAt" >= $1 GROUP BY "MessageId" """, keyFigures)
            {
                Parameters = { new() { Value = since } },
            };
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                inbox[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
            }
        }
        return outbox.Select(o => new Delivery(o.Id, o.CreatedAt, inbox.TryGetValue(o.Id, out var at) ? at : null)).ToList();
    }

    /// <summary>
    /// Waits until every event since <paramref name="since"/> has been taken, or until none more has been for
    /// <paramref name="stalled"/>; returns them all. Progress, not a fixed time: at full scale an import's 200 000 events
    /// take minutes to go through on two busy cores, and only a delivery that stopped means events lost.
    /// </summary>
    public async Task<List<Delivery>> AllDeliveredAsync(DateTimeOffset since, TimeSpan stalled)
    {
        var delivered = -1;
        var progressAt = DateTime.UtcNow;
        while (true)
        {
            var deliveries = await SinceAsync(since);
            var now = deliveries.Count(d => d.ReceivedAt is not null);
            if (now > delivered)
            {
                (delivered, progressAt) = (now, DateTime.UtcNow);
            }
            if (now == deliveries.Count || DateTime.UtcNow - progressAt > stalled)
            {
                return deliveries;
            }
            // Each look reads both tables whole (up to 200 000 rows at full scale): not more often than this.
            await Task.Delay(deliveries.Count > 20_000 ? 2_000 : 250);
        }
    }

    /// <summary>
    /// Inbox rows beyond one per message and consumer since <paramref name="since"/>: an event whose effect was applied
    /// twice would leave two (the inbox row is written in the transaction of the effect).
    /// </summary>
    public async Task<long> AppliedTwiceAsync(DateTimeOffset since)
    {
        await using var keyFigures = new NpgsqlConnection(suite.ConnectionString("keyfigures"));
        await keyFigures.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) - count(DISTINCT ("MessageId", "Consumer")) FROM inbox_messages WHERE "ReceivedAt" >= $1
            """, keyFigures) { Parameters = { new() { Value = since } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Figures of <paramref name="committee"/> whose latest version in economy is not the one keyfigures holds: a lost event,
    /// or an older one applied over a newer, would show here.
    /// </summary>
    public async Task<int> VersionMismatchesAsync(string committee)
    {
        var economyVersions = new Dictionary<(int, int, string, string), long>();
        await using (var economy = new NpgsqlConnection(suite.ConnectionString("economy")))
        {
            await economy.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT "Year", "PeriodPoint", "ActivityCode", "UnitCode", "Version" FROM activity_figures WHERE "MunicipalityCode" = $1 AND "CommitteeCode" = $2
                """, economy) { Parameters = { new() { Value = ReplicatedSuite.Municipality }, new() { Value = committee } } };
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                economyVersions[(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3))] = Convert.ToInt64(reader.GetValue(4));
            }
        }
        var mismatches = 0;
        await using (var keyFigures = new NpgsqlConnection(suite.ConnectionString("keyfigures")))
        {
            await keyFigures.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT "Year", "PeriodPoint", "ActivityCode", "UnitCode", "Version" FROM economy_figures WHERE "MunicipalityCode" = $1 AND "CommitteeCode" = $2
                """, keyFigures) { Parameters = { new() { Value = ReplicatedSuite.Municipality }, new() { Value = committee } } };
            await using var reader = await command.ExecuteReaderAsync();
            var seen = new HashSet<(int, int, string, string)>();
            while (await reader.ReadAsync())
            {
                var key = (reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3));
                seen.Add(key);
                if (!economyVersions.TryGetValue(key, out var version) || version != reader.GetInt64(4))
                {
                    mismatches++;
                }
            }
            mismatches += economyVersions.Keys.Count(k => !seen.Contains(k));
        }
        return mismatches;
    }

    /// <summary>Redeliveries keyfigures' inboxes recognised and skipped, summed over its replicas (from their /metrics).</summary>
    public async Task<long> DuplicatesSkippedAsync()
    {
        long total = 0;
        foreach (var replica in new[] { "keyfigures-1", "keyfigures-2" })
        {
            using var http = ReplicatedSuite.Direct(suite.Port[replica]);
            try
            {
                var text = await http.GetStringAsync("/metrics");
                total += text.Split('\n').Where(l => l.StartsWith("inbox_messages_duplicate_total", StringComparison.Ordinal))
                    .Sum(l => (long)double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (HttpRequestException) { }
        }
        return total;
    }

    public static string Percentiles(IReadOnlyList<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return "(none)";
        }
        var sorted = milliseconds.Order().ToList();
        double At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return $"p50 {At(0.5):0} ms, p99 {At(0.99):0} ms, max {sorted[^1]:0} ms ({sorted.Count:N0} events)";
    }
}
