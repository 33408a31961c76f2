using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NamndFollowUp.ServiceDefaults.Telemetry;
using Npgsql;

namespace NamndFollowUp.ServiceDefaults.Messaging;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 200;
    /// <summary>Loops claiming and publishing batches side by side (SKIP LOCKED keeps them apart): while one waits
    /// for the broker's confirms, the next claims and publishes, so a backlog drains at the broker's pace.</summary>
    public int Dispatchers { get; set; } = 2;
    /// <summary>How long one publish may wait for the broker's confirm. MassTransit's Publish waits
    /// indefinitely while RabbitMQ is down, so without this the dispatcher would hang.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Fallback poll when no local commit signalled new rows.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How often the backlog gauges (outbox.backlog, outbox.oldest.age) are refreshed.</summary>
    public TimeSpan BacklogSampleInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Sent rows are kept this long for inspection, then deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Exponential back-off after the n-th failed attempt: 1 s, 2 s, 4 s … capped.</summary>
    public TimeSpan BackoffAfter(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Max(0, attempts - 1))));
}

/// <summary>How a dispatcher claims a batch of due rows (in its transaction, before it publishes them).</summary>
public static class OutboxClaim
{
    /// <summary>
    /// Sorting is off for the claim because the planner cannot be trusted to know how many rows are unsent. A table that
    /// autovacuum has not analysed yet (a new database's first bulk import; temporary tables are never analysed) gets
    /// default selectivities: it expected ~120 unsent rows where there were 116 000, chose a bitmap scan and sorted them
    /// all on disk (40 MB, 190–270 ms a claim, 78 of the 131 CPU seconds of a national benchmark run). Without a sort the
    /// only plan left is the partial index of unsent rows, in its order, which is right whatever the statistics say.
    /// </summary>
    public const string PlannerSettings = "SET LOCAL enable_sort = off";

    /// <summary>
    /// Plain SQL rather than tracked entities: the dispatcher reads what it publishes and writes one column. Ordered as the partial
    /// index of unsent rows is, so the claim reads a batch of index entries; ordered by "Sequence" alone it walked the
    /// primary key past every row already sent (58 000 of a 116 000-row import: 51 ms a claim instead of 4).
    /// $1: now; $2: the batch size.
    /// </summary>
    public const string Sql = """
        SELECT "Sequence", "MessageId", "MessageType", "Payload"::text, "Attempts", "CreatedAt", "TraceParent" FROM outbox_messages
        WHERE "SentAt" IS NULL AND "NextAttemptAt" <= $1
        ORDER BY "NextAttemptAt", "Sequence"
        LIMIT $2
        FOR UPDATE SKIP LOCKED
        """;
}

/// <summary>
/// Publishes committed outbox rows to RabbitMQ and marks them sent. Rows are claimed with
/// FOR UPDATE SKIP LOCKED so replicas share the work without publishing a row twice at once; a row
/// whose publish fails or times out stays unsent with a back-off and is retried, across restarts.
/// Delivery is therefore at least once and not strictly ordered: events carry versions and consumers
/// keep an inbox.
/// </summary>
public sealed class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    OutboxMetrics metrics,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService
    where TContext : DbContext, IOutboxContext
{
    private static readonly ConcurrentDictionary<string, Type?> Types = new();
    private readonly OutboxOptions _options = options.Value;
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.Dispatchers)).Select(i => DispatchLoopAsync(cleans: i == 0, stoppingToken)));

    private async Task DispatchLoopAsync(bool cleans, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            int claimed;
            try
            {
                claimed = await DispatchBatchAsync(stoppingToken);
                if (cleans)
                {
                    await CleanupAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database itself may be away; the rows are safe there, so wait and try again.
                logger.LogWarning(e, "Outbox dispatch round failed; retrying");
                claimed = 0;
            }

            if (claimed < _options.BatchSize)
            {
                try { await signal.WaitAsync(_options.PollInterval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
            else
            {
                // A full batch means more are waiting: wake a sibling loop to claim the next while this one publishes.
                signal.Notify();
            }
        }
    }

    /// <summary>Publishes one batch of due rows; returns how many rows were claimed.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        var rows = new List<(long Sequence, Guid MessageId, string MessageType, string Payload, int Attempts, DateTimeOffset CreatedAt, string? TraceParent)>(_options.BatchSize);
        await using (var claim = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(OutboxClaim.PlannerSettings),
                new NpgsqlBatchCommand(OutboxClaim.Sql) { Parameters = { new() { Value = DateTimeOffset.UtcNow }, new() { Value = _options.BatchSize } } },
            },
        })
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                    reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }
        if (rows.Count == 0)
        {
            return 0;
        }

        // One timeout for the batch: its publishes are in flight together, and a timer per message cost more than the publish.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        var results = await Task.WhenAll(rows.Select(row => PublishAsync(row.MessageId, row.MessageType, row.Payload, row.CreatedAt, row.TraceParent, timeout.Token, cancellationToken)));

        var sentAt = DateTimeOffset.UtcNow;
        var sent = new List<long>(rows.Count);
        var failed = new List<(long Sequence, int Attempts, string Error, DateTimeOffset NextAttemptAt)>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (results[i] is not { } error)
            {
                sent.Add(rows[i].Sequence);
                continue;
            }
            var attempts = rows[i].Attempts + 1;
            failed.Add((rows[i].Sequence, attempts, error, sentAt + _options.BackoffAfter(attempts)));
        }
        await using (var mark = new NpgsqlBatch(connection))
        {
            // The commit need not wait for the WAL flush: if the database loses it in a crash, the rows are published
            // again, which at-least-once delivery and the consumers' inboxes already allow for.
            mark.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
            if (sent.Count > 0)
            {
                mark.BatchCommands.Add(new NpgsqlBatchCommand("""UPDATE outbox_messages SET "SentAt" = $1 WHERE "Sequence" = ANY($2)""")
                {
                    Parameters = { new() { Value = sentAt }, new() { Value = sent.ToArray() } },
                });
            }
            if (failed.Count > 0)
            {
                mark.BatchCommands.Add(new NpgsqlBatchCommand("""
                    UPDATE outbox_messages o SET "Attempts" = f.attempts, "LastError" = f.error, "NextAttemptAt" = f.next
                    FROM unnest($1, $2, $3, $4) AS f(sequence, attempts, error, next)
                    WHERE o."Sequence" = f.sequence
                    """)
                {
                    Parameters =
                    {
                        new() { Value = failed.Select(f => f.Sequence).ToArray() },
                        new() { Value = failed.Select(f => f.Attempts).ToArray() },
                        new() { Value = failed.Select(f => f.Error).ToArray() },
                        new() { Value = failed.Select(f => f.NextAttemptAt).ToArray() },
                    },
                });
            }
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);

        metrics.Published(sent.Count);
        if (failed.Count > 0)
        {
            metrics.Failed(failed.Count);
            logger.LogWarning("Outbox: {Failed} of {Count} messages not published ({Error}); will retry", failed.Count, rows.Count, failed[0].Error);
        }
        return rows.Count;
    }

    /// <returns>null when published, otherwise the reason it was not.</returns>
    private async Task<string?> PublishAsync(Guid messageId, string messageType, string payload, DateTimeOffset createdAt,
        string? traceParent, CancellationToken timeout, CancellationToken cancellationToken)
    {
        // Current for the publish below (and only inside this method): MassTransit's publish span becomes its child.
        using var activity = OutboxTrace.StartDispatch(messageType, traceParent);
        var type = Types.GetOrAdd(messageType, name => Type.GetType(name));
        if (type is null)
        {
            return $"unknown message type {messageType}";
        }
        try
        {
            var message = JsonSerializer.Deserialize(payload, type, OutboxExtensions.Json)!;
            await bus.Publish(message, type, context =>
            {
                context.MessageId = messageId;
                // The consumer measures its lag from the change's commit, not from this (possibly much later) publish.
                context.Headers.Set(InboxMetrics.CreatedAtHeader, createdAt.ToUnixTimeMilliseconds());
            }, timeout);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "publish timed out");
            return $"publish timed out after {_options.PublishTimeout.TotalSeconds:0.#} s";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            return e.Message;
        }
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow < _nextCleanup)
        {
            return;
        }
        _nextCleanup = DateTimeOffset.UtcNow.AddMinutes(10);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var cutoff = DateTimeOffset.UtcNow - _options.Retention;
        await db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.InboxMessages.Where(m => m.ReceivedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
