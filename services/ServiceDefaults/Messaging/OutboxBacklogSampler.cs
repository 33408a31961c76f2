using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace NamndFollowUp.ServiceDefaults.Messaging;

/// <summary>
/// Counts the unpublished outbox rows and the age of the oldest every <see cref="OutboxOptions.BacklogSampleInterval"/>
/// for <see cref="OutboxMetrics"/>. The partial index of unsent rows keeps the count cheap while the outbox keeps up.
/// </summary>
internal sealed class OutboxBacklogSampler<TContext>(
    IServiceScopeFactory scopes,
    OutboxMetrics metrics,
    IOptions<OutboxOptions> options,
    ILogger<OutboxBacklogSampler<TContext>> logger) : BackgroundService
    where TContext : DbContext, IOutboxContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                metrics.Sampled(await SampleAsync(stoppingToken));
                await Task.Delay(options.Value.BacklogSampleInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The gauges keep their last value; the dispatcher logs the database's absence louder.
                logger.LogDebug(e, "Outbox backlog not sampled");
                try { await Task.Delay(options.Value.BacklogSampleInterval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task<OutboxBacklog> SampleAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("""
                SELECT count(*)::int, coalesce(extract(epoch FROM now() - min("CreatedAt")), 0)::float8
                FROM outbox_messages WHERE "SentAt" IS NULL
                """, (NpgsqlConnection)db.Database.GetDbConnection());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new OutboxBacklog(reader.GetInt32(0), TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(1))));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
