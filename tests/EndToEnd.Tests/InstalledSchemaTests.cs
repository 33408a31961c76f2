using Microsoft.EntityFrameworkCore;
using NamndFollowUp.ServiceDefaults.Export;
using NamndFollowUp.ServiceDefaults.Messaging;
using Npgsql;

namespace NamndFollowUp.EndToEnd.Tests;

/// <summary>
/// What a replica installs at start (the export's change-log triggers, the outbox's NOTIFY trigger) is not installed
/// again when it is there: CREATE OR REPLACE TRIGGER waited for every write in progress on the table (another replica's
/// import) and held up every write after it. Against the suite's economy database, installed by the running service.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class InstalledSchemaTests(Suite suite)
{
    [Fact]
    public async Task A_starting_replica_does_not_lock_the_tables_another_replica_is_writing()
    {
        // A write in progress on economy's tables, as another replica's import or dispatch holds them until it commits.
        await using var writer = new NpgsqlConnection(suite.ConnectionString("economy"));
        await writer.OpenAsync();
        await using var inProgress = await writer.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("LOCK TABLE activity_figures, change_log, outbox_messages IN ROW EXCLUSIVE MODE", writer, inProgress))
        {
            await hold.ExecuteNonQueryAsync();
        }

        // What a starting replica runs, on connections that give up on a lock after 2 s rather than wait behind the writer.
        var starting = new NpgsqlConnectionStringBuilder(suite.ConnectionString("economy")) { Options = "-c lock_timeout=2000", Pooling = false }.ConnectionString;
        await using (var db = new DbContext(new DbContextOptionsBuilder().UseNpgsql(starting).Options))
        {
            var export = new FactExport("economy", [new FactSetDefinition("activity_figures", "Ekonomiskt utfall per verksamhet",
                ["MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode"])]);
            await export.EnsureChangeLogAsync(db, CancellationToken.None);
        }
        await using (var connection = new NpgsqlConnection(starting))
        {
            await connection.OpenAsync();
            await OutboxNotification.EnsureTriggerAsync(connection, CancellationToken.None);
        }

        await inProgress.RollbackAsync();
    }

    [Fact]
    public async Task A_trigger_that_is_missing_is_installed_again()
    {
        // Dropped by hand (or never installed): the check sees it and installs it, mark and all.
        await using var connection = new NpgsqlConnection(suite.ConnectionString("economy"));
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand("DROP TRIGGER namnd_outbox_notify ON outbox_messages", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }
        await OutboxNotification.EnsureTriggerAsync(connection, CancellationToken.None);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_trigger WHERE tgname = 'namnd_outbox_notify'", connection);
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }
}
