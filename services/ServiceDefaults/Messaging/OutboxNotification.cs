using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace NamndFollowUp.ServiceDefaults.Messaging;

/// <summary>
/// A trigger NOTIFYs when outbox rows commit, whoever wrote them: this process through EF, a set-based
/// writer's SQL, or another replica. PostgreSQL delivers a notification only at commit and folds identical
/// ones of a transaction into one, so a bulk import costs one wake-up. The dispatchers' poll stays as the
/// fallback for a lost listening connection.
/// </summary>
public static class OutboxNotification
{
    public const string Channel = "namnd_outbox";

    /// <summary>Installs the trigger; idempotent, and serialized between replicas (as the export's change log).</summary>
    public static async Task EnsureTriggerAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Checked from the catalog first: CREATE OR REPLACE TRIGGER would wait for every open write of the outbox and hold up
        // those after it (InstalledSchema says why), on every replica's start.
        await Data.InstalledSchema.EnsureAsync(connection, "namnd_outbox_notify", Ddl,
            new("namnd_outbox_notify", ["namnd_outbox_notify"], ["outbox_messages"], []), cancellationToken);
    }

    private const string Ddl = $"""
        SELECT pg_advisory_xact_lock(hashtext('namnd_outbox_notify'));
        CREATE OR REPLACE FUNCTION namnd_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('{Channel}', '');
          RETURN NULL;
        END $$;
        CREATE OR REPLACE TRIGGER namnd_outbox_notify AFTER INSERT ON outbox_messages
          FOR EACH STATEMENT EXECUTE FUNCTION namnd_outbox_notify();
        """;
}

/// <summary>
/// Installs the NOTIFY trigger at start, then LISTENs on a connection of its own and turns every notification
/// into an <see cref="OutboxSignal"/>, so a row committed anywhere is dispatched within milliseconds instead of
/// at the next poll. A dropped connection is reopened; while it is down, the poll still dispatches.
/// </summary>
internal sealed class OutboxListener<TContext>(IServiceScopeFactory scopes, OutboxSignal signal, ILogger<OutboxListener<TContext>> logger)
    : BackgroundService where TContext : DbContext
{
    private bool _installed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            // A connection outside the pool: LISTEN is session state that must not leak to other users of the pool.
            connectionString = new NpgsqlConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<TContext>().Database.GetConnectionString())
            {
                Pooling = false,
                KeepAlive = 15,
            }.ConnectionString;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                if (!_installed)
                {
                    await OutboxNotification.EnsureTriggerAsync(connection, stoppingToken);
                    _installed = true;
                }
                connection.Notification += (_, _) => signal.Notify();
                await using (var listen = new NpgsqlCommand($"LISTEN {OutboxNotification.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                // Rows committed while nobody listened.
                signal.Notify();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Outbox listener lost its connection; the poll dispatches until it is back");
                try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
