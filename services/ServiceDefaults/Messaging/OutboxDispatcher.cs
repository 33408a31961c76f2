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
    /// <summary>While the broker is away, how long one probe (a single event's publish) waits for its confirm before the
    /// next probe. Short, so the broker's return is noticed within about this long after MassTransit has reconnected.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromMilliseconds(500);
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

    /// <summary>
    /// The same claim from the other end of the index: the newest due rows first. One loop claims so, so an event
    /// written while a backlog drains (after a broker outage, behind a bulk import) goes out at once instead of after
    /// the whole backlog; the other loops drain the backlog oldest first. $1: now; $2: the batch size.
    /// </summary>
    public const string NewestFirstSql = """
        SELECT "Sequence", "MessageId", "MessageType", "Payload"::text, "Attempts", "CreatedAt", "TraceParent" FROM outbox_messages
        WHERE "SentAt" IS NULL AND "NextAttemptAt" <= $1
        ORDER BY "NextAttemptAt" DESC, "Sequence" DESC
        LIMIT $2
        FOR UPDATE SKIP LOCKED
        """;

    /// <summary>When the broker is back: every row held back by its back-off is due now. {0}: now (EF's raw SQL placeholder).</summary>
    public const string ReleaseBackoffSql = """
        UPDATE outbox_messages SET "NextAttemptAt" = {0} WHERE "SentAt" IS NULL AND "NextAttemptAt" > {0}
        """;
}

/// <summary>How one dispatch round went: rows claimed and sent, and whether its failures were the broker's (timeouts, a
/// lost connection) rather than a row's own (an unknown event type).</summary>
public readonly record struct DispatchOutcome(int Claimed, int Sent, bool BrokerFailed);

/// <summary>
/// Publishes committed outbox rows to RabbitMQ and marks them sent. Rows are claimed with
/// FOR UPDATE SKIP LOCKED so replicas share the work without publishing a row twice at once; a row
/// whose publish fails or times out stays unsent with a back-off and is retried, across restarts.
/// Delivery is therefore at least once and not strictly ordered: events carry versions and consumers
/// keep an inbox.
/// When a round's publishes all fail for the broker's sake, the dispatcher stops claiming batches (each would only wait
/// out the publish timeout and push its rows' back-off further) and probes instead: one event at a time, with a short
/// timeout. The first probe the broker confirms releases every back-off, so the backlog and new events go out at once
/// rather than up to <see cref="OutboxOptions.MaxBackoff"/> after the broker's return.
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
    private volatile bool _brokerAway;
    private DateTimeOffset _brokerAwaySince;

    /// <summary>True from a round whose publishes all failed for the broker's sake until a probe is confirmed.</summary>
    public bool BrokerAway => _brokerAway;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.Dispatchers)).Select(i => DispatchLoopAsync(first: i == 0, stoppingToken)));

    /// <summary>The first loop claims newest first, cleans up, and probes while the broker is away; the others drain oldest first.</summary>
    private async Task DispatchLoopAsync(bool first, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            int claimed;
            try
            {
                if (_brokerAway)
                {
                    if (first)
                    {
                        await ProbeAsync(stoppingToken);
                        continue;
                    }
                    // Only the probe publishes while the broker is away; its success wakes this loop.
                    claimed = 0;
                }
                else
                {
                    var outcome = await DispatchAsync(first ? OutboxClaim.NewestFirstSql : OutboxClaim.Sql, DateTimeOffset.UtcNow, _options.BatchSize, _options.PublishTimeout, stoppingToken);
                    claimed = outcome.Claimed;
                    if (outcome is { Sent: 0, BrokerFailed: true })
                    {
                        _brokerAwaySince = DateTimeOffset.UtcNow;
                        _brokerAway = true;
                        logger.LogWarning("Outbox: the broker confirms nothing; probing with one event at a time until it does");
                    }
                }
                if (first)
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
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken) =>
        (await DispatchAsync(OutboxClaim.Sql, DateTimeOffset.UtcNow, _options.BatchSize, _options.PublishTimeout, cancellationToken)).Claimed;

    /// <summary>
    /// One probe while the broker is away. Confirmed: every back-off is released and the loops are woken. Not confirmed
    /// (or nothing to probe with): a short pause, so an empty outbox does not spin.
    /// </summary>
    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        // The newest unsent row, whether or not its back-off has run out: publishing it early harms nothing.
        var outcome = await DispatchAsync(OutboxClaim.NewestFirstSql, DateTimeOffset.MaxValue, 1, _options.ProbeTimeout, cancellationToken);
        if (outcome.Sent > 0)
        {
            // Whole batches again first: should the release below fail, the rows still go out when their back-off ends.
            _brokerAway = false;
            signal.Notify();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var released = await db.Database.ExecuteSqlRawAsync(OutboxClaim.ReleaseBackoffSql, [DateTimeOffset.UtcNow], cancellationToken);
            logger.LogInformation("Outbox: the broker confirms again; {Released} events held back by their back-off are due now", released);
            signal.Notify();
            return;
        }
        if (DateTimeOffset.UtcNow - _brokerAwaySince > _options.MaxBackoff)
        {
            // A probe row that fails for a reason of its own must not hold the rest back longer than a back-off would:
            // back to whole batches, which find out again whether the broker is away.
            _brokerAway = false;
            signal.Notify();
            return;
        }
        if (outcome.Claimed == 0)
        {
            // Nothing unsent: the next event written is the probe (the listener's signal wakes this wait).
            try { await signal.WaitAsync(_options.PollInterval, cancellationToken); } catch (OperationCanceledException) { }
        }
        else
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>Claims up to <paramref name="batchSize"/> rows due by <paramref name="dueBy"/> with <paramref name="claimSql"/>, publishes them
    /// with one timeout, and marks each sent or failed (with its back-off), all in one transaction.</summary>
    private async Task<DispatchOutcome> DispatchAsync(string claimSql, DateTimeOffset dueBy, int batchSize, TimeSpan publishTimeout, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        var rows = new List<(long Sequence, Guid MessageId, string MessageType, string Payload, int Attempts, DateTimeOffset CreatedAt, string? TraceParent)>(batchSize);
        await using (var claim = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(OutboxClaim.PlannerSettings),
                new NpgsqlBatchCommand(claimSql) { Parameters = { new() { Value = dueBy }, new() { Value = batchSize } } },
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
            return new DispatchOutcome(0, 0, false);
        }

        // One timeout for the batch: its publishes are in flight together, and a timer per message cost more than the publish.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(publishTimeout);
        var results = await Task.WhenAll(rows.Select(row => PublishAsync(row.MessageId, row.MessageType, row.Payload, row.CreatedAt, row.TraceParent, timeout.Token, cancellationToken)));

        var sentAt = DateTimeOffset.UtcNow;
        var sent = new List<long>(rows.Count);
        var failed = new List<(long Sequence, int Attempts, string Error, DateTimeOffset NextAttemptAt)>();
        var brokerFailed = false;
        for (var i = 0; i < rows.Count; i++)
        {
            if (results[i] is not { } error)
            {
                sent.Add(rows[i].Sequence);
                continue;
            }
            brokerFailed |= !error.StartsWith(UnknownType, StringComparison.Ordinal);
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
        return new DispatchOutcome(rows.Count, sent.Count, brokerFailed);
    }

    private const string UnknownType = "unknown message type";

    /// <returns>null when published, otherwise the reason it was not.</returns>
    private async Task<string?> PublishAsync(Guid messageId, string messageType, string payload, DateTimeOffset createdAt,
        string? traceParent, CancellationToken timeout, CancellationToken cancellationToken)
    {
        // Current for the publish below (and only inside this method): MassTransit's publish span becomes its child.
        using var activity = OutboxTrace.StartDispatch(messageType, traceParent);
        var type = Types.GetOrAdd(messageType, name => Type.GetType(name));
        if (type is null)
        {
            return $"{UnknownType} {messageType}";
        }
        object message;
        try
        {
            message = JsonSerializer.Deserialize(payload, type, OutboxExtensions.Json)!;
        }
        catch (JsonException e)
        {
            // The row's own fault, not the broker's: it must not make the dispatcher think the broker is away.
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            return $"{UnknownType} or unreadable payload: {e.Message}";
        }
        try
        {
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
            return "publish timed out: the broker did not confirm in time";
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
