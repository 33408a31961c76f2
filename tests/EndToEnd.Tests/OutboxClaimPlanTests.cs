using NamndFollowUp.ServiceDefaults.Messaging;
using Npgsql;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// The dispatcher's claim must read the partial index of unsent rows in its order, however wrong the planner's
/// statistics are. Checked on a copy of economy's outbox table that has never been analysed, the state of a new
/// database's first bulk import: there the planner, left alone, sorts every unsent row for each batch.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class OutboxClaimPlanTests(Suite suite)
{
    private const int UnsentRows = 20_000;

    [Fact]
    public async Task The_claim_reads_the_partial_index_in_order_even_before_the_table_was_analysed()
    {
        await using var connection = new NpgsqlConnection(suite.ConnectionString("economy"));
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // A temporary table of the same shape shadows economy's own, so the economy service never sees these rows;
        // autovacuum never analyses temporary tables, so its statistics stay the defaults.
        await Execute(connection, "CREATE TEMP TABLE outbox_messages (LIKE public.outbox_messages INCLUDING ALL) ON COMMIT DROP");
        await Execute(connection, """
            INSERT INTO outbox_messages ("MessageId", "MessageType", "Payload", "CreatedAt", "NextAttemptAt", "Attempts")
            SELECT gen_random_uuid(), 'NamndFollowUp.Events.ActivityFiguresChanged, NamndFollowUp.Contracts',
                jsonb_build_object('activityCode', i::text), now(), now(), 0
            FROM generate_series(1, $1) AS i
            """, UnsentRows);

        var unguarded = await ExplainClaim(connection);
        // The situation the setting exists for: without it the planner sorts them all. A precondition, true of the
        // PostgreSQL 15 Debian bookworm installs; a planner that did not sort here would fail it, not the guard.
        Assert.Contains("Sort", unguarded);

        await Execute(connection, OutboxClaim.PlannerSettings);
        var claimed = await ExplainClaim(connection);
        Assert.DoesNotContain("Sort", claimed);
        Assert.Contains("Index Scan using \"outbox_messages_NextAttemptAt_Sequence_idx\"", claimed);

        // And it claims the oldest rows, in order.
        await using var claim = new NpgsqlCommand(OutboxClaim.Sql, connection)
        {
            Parameters = { new() { Value = DateTimeOffset.UtcNow.AddMinutes(1) }, new() { Value = 200 } },
        };
        var sequences = new List<long>();
        await using (var reader = await claim.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                sequences.Add(reader.GetInt64(0));
            }
        }
        Assert.Equal(200, sequences.Count);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => sequences[0] + i), sequences);
        await transaction.RollbackAsync();
    }

    private static async Task<string> ExplainClaim(NpgsqlConnection connection)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN " + OutboxClaim.Sql, connection)
        {
            Parameters = { new() { Value = DateTimeOffset.UtcNow.AddMinutes(1) }, new() { Value = 200 } },
        };
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return string.Join('\n', lines);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync();
    }
}
