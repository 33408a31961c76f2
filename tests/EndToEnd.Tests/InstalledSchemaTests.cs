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
    public async Task Replicas_started_together_install_once_the_others_find_it_installed_under_the_lock_and_lock_no_table()
    {
        await using var other = new NpgsqlConnection(suite.ConnectionString("economy"));
        await other.OpenAsync();
        string mark;
        await using (var read = new NpgsqlCommand("SELECT obj_description('namnd_outbox_notify()'::regprocedure, 'pg_proc')", other))
        {
            mark = (string)(await read.ExecuteScalarAsync())!;
        }
        await using (var unmark = new NpgsqlCommand("COMMENT ON FUNCTION namnd_outbox_notify() IS NULL", other))
        {
            await unmark.ExecuteNonQueryAsync();
        }

        // Another replica is installing: it holds the install's lock and has marked the function, not yet committed.
        await using var installing = await other.BeginTransactionAsync();
        await using (var install = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(hashtext('namnd_outbox_notify')); COMMENT ON FUNCTION namnd_outbox_notify() IS '{mark}'", other, installing))
        {
            await install.ExecuteNonQueryAsync();
        }
        // This replica starts now: it finds the mark missing and waits for the lock.
        var starting = new NpgsqlConnectionStringBuilder(suite.ConnectionString("economy")) { Options = "-c lock_timeout=5000", Pooling = false, ApplicationName = "replica-starting" }.ConnectionString;
        await using var connection = new NpgsqlConnection(starting);
        await connection.OpenAsync();
        var start = OutboxNotification.EnsureTriggerAsync(connection, CancellationToken.None);
        await using (var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'replica-starting' AND wait_event = 'advisory'", other))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while ((long)(await waiting.ExecuteScalarAsync())! == 0)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), "the starting replica did not wait for the install's lock");
                await Task.Delay(20);
            }
        }
        // A write in progress on the outbox, then the other replica's install commits.
        await using var writer = new NpgsqlConnection(suite.ConnectionString("economy"));
        await writer.OpenAsync();
        await using var inProgress = await writer.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("LOCK TABLE outbox_messages IN ROW EXCLUSIVE MODE", writer, inProgress))
        {
            await hold.ExecuteNonQueryAsync();
        }
        await installing.CommitAsync();

        // Checked again under the lock, it is installed: no CREATE OR REPLACE TRIGGER waiting behind the write (55P03 before).
        await start.WaitAsync(TimeSpan.FromSeconds(30));
        await inProgress.RollbackAsync();
    }

    [Fact]
    public async Task A_dropped_change_log_index_is_created_again_at_the_next_start()
    {
        await using var connection = new NpgsqlConnection(suite.ConnectionString("economy"));
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand("DROP INDEX change_log_changed_at", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }
        await using (var db = new DbContext(new DbContextOptionsBuilder().UseNpgsql(suite.ConnectionString("economy")).Options))
        {
            var export = new FactExport("economy", [new FactSetDefinition("activity_figures", "Ekonomiskt utfall per verksamhet",
                ["MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode"])]);
            await export.EnsureChangeLogAsync(db, CancellationToken.None);
        }
        await using var exists = new NpgsqlCommand("SELECT to_regclass('change_log_changed_at') IS NOT NULL", connection);
        Assert.True((bool)(await exists.ExecuteScalarAsync())!);
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
