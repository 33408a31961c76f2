using System.Text.Json.Nodes;
using NamndFollowUp.EndToEnd.Tests;
using Npgsql;
using static NamndFollowUp.EndToEnd.Tests.Api;
using static NamndFollowUp.EndToEnd.Tests.KeyFiguresTesting;

namespace NamndFollowUp.Functional.Tests;

/// <summary>
/// A definition saved while an economy batch of its municipality is in flight must not leave a value computed from
/// the old definition or missing: the save waits for the batch and recomputes from the economy rows it wrote.
/// The batch is played here by hand, taking the lock as keyfigures' DefinitionLock does (the test runs the services
/// as processes, so it restates the lock's keys rather than referencing the service).
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class KeyFiguresDefinitionLockTests(ServiceHosts suite)
{
    /// <summary>DefinitionLock.LockClass; the second key is hashtext(municipality code).</summary>
    private const int LockClass = 0x4B46_4446;

    [Fact]
    public async Task A_definition_saved_during_an_economy_batch_waits_for_it_and_computes_from_its_rows()
    {
        var (m, c) = NewScope();
        var code = $"R{Guid.NewGuid():N}"[..12];

        // The batch in flight, as keyfigures' economy consumer runs it: its municipality's shared lock first, then the
        // economy row it keeps, not committed yet. Costs 1 000 000, income 250 000.
        await using var batch = new NpgsqlConnection(suite.ConnectionString("keyfigures"));
        await batch.OpenAsync();
        await using var transaction = await batch.BeginTransactionAsync();
        await using (var shared = new NpgsqlCommand("SELECT pg_advisory_xact_lock_shared($1, hashtext($2))", batch)
        {
            Parameters = { new() { Value = LockClass }, new() { Value = m } },
        })
        {
            await shared.ExecuteNonQueryAsync();
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO economy_figures ("MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode",
                "Actual", "Costs", "Income", "InterventionCost", "Version", "ChangedAt")
            VALUES ($1, $2, 2024, 14, '5731', 'BOU-INST', -750000, 1000000, 250000, NULL, 1, now())
            """, batch) { Parameters = { new() { Value = m }, new() { Value = c } } })
        {
            await insert.ExecuteNonQueryAsync();
        }

        // Net cost of 5731's institution unit, from economy alone.
        var definition = DemoDefinition("5731-1");
        definition["code"] = code;
        definition["formula"] = "net_cost";
        definition["unit"] = "tkr";
        definition["inputs"] = new JsonArray(definition["inputs"]!.AsArray().Where(i => i!["name"]!.GetValue<string>() != "care_days")
            .Select(i => i!.DeepClone()).ToArray());
        var save = suite.Rest.PostOkAsync(DefinitionsPath(m), new JsonObject { ["definition"] = definition });

        await Eventually(() => WaitingSaves(m), waiting => waiting == 1 || save.IsCompleted, TimeSpan.FromSeconds(20),
            "the save to wait for the batch's lock");
        Assert.False(save.IsCompleted, "the definition was saved while the batch was in flight");

        await transaction.CommitAsync();
        await save;

        await using var read = new NpgsqlConnection(suite.ConnectionString("keyfigures"));
        await read.OpenAsync();
        await using var value = new NpgsqlCommand("""
            SELECT "Value", "NotComputableReason" FROM computed_key_figures
            WHERE "MunicipalityCode" = $1 AND "CommitteeCode" = $2 AND "Year" = 2024 AND "PeriodPoint" = 14 AND "DefinitionCode" = $3
            """, read) { Parameters = { new() { Value = m }, new() { Value = c }, new() { Value = code } } };
        await using var reader = await value.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no value was computed for the committee whose economy row the batch wrote");
        Assert.True(reader.IsDBNull(1), reader.IsDBNull(1) ? "" : reader.GetString(1));
        Assert.Equal(750_000m, reader.GetDecimal(0));
    }

    /// <summary>Saves waiting for the municipality's definition lock (a save takes it alone; batches share it).</summary>
    private async Task<long> WaitingSaves(string m)
    {
        await using var connection = new NpgsqlConnection(suite.ConnectionString("keyfigures"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND mode = 'ExclusiveLock' AND NOT granted
              AND classid = $1::oid AND objid = hashtext($2)::oid AND objsubid = 2
            """, connection) { Parameters = { new() { Value = LockClass }, new() { Value = m } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
