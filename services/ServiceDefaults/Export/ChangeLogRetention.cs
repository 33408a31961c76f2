using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace NamndFollowUp.ServiceDefaults.Export;

/// <summary>
/// The change log is kept for a retention (Export:ChangeLogRetention, 30 days by default) and pruned after it.
/// Pruning remembers the newest transaction it removed (change_log_pruned): a change token whose snapshot did
/// not yet see that transaction may be missing changes, so a pull with it is refused ("pull in full") instead
/// of silently returning an incomplete set. The check is by what was actually removed, not by the token's age,
/// so a token is refused exactly when its changes may be gone (and, near the boundary, perhaps a little early).
/// </summary>
public static class ChangeLogRetention
{
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);

    internal const string Schema = """
        CREATE INDEX IF NOT EXISTS change_log_changed_at ON change_log (changed_at);
        CREATE TABLE IF NOT EXISTS change_log_pruned (
            id int PRIMARY KEY CHECK (id = 1),
            newest_pruned_txid xid8 NOT NULL,
            pruned_at timestamptz NOT NULL);
        """;

    /// <summary>
    /// Deletes the log's rows older than <paramref name="retention"/>, in batches of <paramref name="batch"/>
    /// (short transactions: writers and pulls are never held up long). Returns how many rows went.
    /// </summary>
    public static async Task<long> PruneAsync(NpgsqlConnection connection, TimeSpan retention, CancellationToken cancellationToken, int batch = 10_000)
    {
        long pruned = 0;
        while (true)
        {
            await using var delete = new NpgsqlCommand("""
                WITH gone AS (
                    DELETE FROM change_log WHERE id IN (
                        SELECT id FROM change_log WHERE changed_at < now() - @retention ORDER BY changed_at LIMIT @batch)
                    RETURNING txid),
                newest AS (SELECT max(txid) AS txid, count(*) AS n FROM gone),
                mark AS (
                    INSERT INTO change_log_pruned (id, newest_pruned_txid, pruned_at)
                    SELECT 1, txid, now() FROM newest WHERE txid IS NOT NULL
                    ON CONFLICT (id) DO UPDATE SET
                        newest_pruned_txid = greatest(change_log_pruned.newest_pruned_txid, excluded.newest_pruned_txid),
                        pruned_at = excluded.pruned_at)
                SELECT n FROM newest
                """, connection);
            delete.Parameters.AddWithValue("retention", retention);
            delete.Parameters.AddWithValue("batch", batch);
            var count = (long)(await delete.ExecuteScalarAsync(cancellationToken))!;
            pruned += count;
            if (count < batch)
            {
                return pruned;
            }
        }
    }

    /// <summary>Refuses a pull whose token's snapshot may be missing pruned changes; runs in the pull's transaction.</summary>
    internal static async Task EnsureNotExpiredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string since, CancellationToken cancellationToken)
    {
        await using var check = new NpgsqlCommand("""
            SELECT pruned_at FROM change_log_pruned WHERE newest_pruned_txid >= pg_snapshot_xmin(@since::pg_snapshot)
            """, connection, transaction);
        check.Parameters.AddWithValue("since", since);
        if (await check.ExecuteScalarAsync(cancellationToken) is DateTime prunedAt)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"change token expired: changes up to {prunedAt:yyyy-MM-dd HH:mm} UTC were pruned from the change log after its retention; pull in full (without a change token)"));
        }
    }
}

/// <summary>Prunes the change log at start and then every Export:PruneInterval (1 hour by default).</summary>
internal sealed class ChangeLogPruner<TContext>(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ChangeLogPruner<TContext>> logger)
    : BackgroundService where TContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = configuration.GetValue("Export:ChangeLogRetention", ChangeLogRetention.DefaultRetention);
        using var timer = new PeriodicTimer(configuration.GetValue("Export:PruneInterval", TimeSpan.FromHours(1)));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
                await connection.OpenAsync(stoppingToken);
                var pruned = await ChangeLogRetention.PruneAsync(connection, retention, stoppingToken);
                if (pruned > 0)
                {
                    logger.LogInformation("Pruned {Rows} change log rows older than {Retention}", pruned, retention);
                }
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                // The database may be down for a while; the next round tries again.
                logger.LogWarning(e, "Pruning the change log failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
