using MassTransit;
using NamndFollowUp.Events;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// Takes economy figure rows in batches: keeps each row as the cost input of the definitions bound to it and
/// recomputes them, and feeds committee-level rows' net cost to the per-activity key figure. A bulk import in
/// economy arrives as a burst; a batch is one transaction of a few set-based statements (<see cref="EconomyIntake"/>).
/// </summary>
public sealed class ActivityFiguresChangedConsumer(KeyFiguresDbContext db, EconomyIntake intake, OutboxSignal outbox) : IConsumer<Batch<ActivityFiguresChanged>>
{
    public async Task Consume(ConsumeContext<Batch<ActivityFiguresChanged>> context)
    {
        var batch = context.Message.Select(m => (m.MessageId
            ?? throw new InvalidOperationException("Message has no MessageId; an inbox cannot deduplicate it."), m.Message)).ToList();
        // An entered volume may recompute the same values at the same moment; then the batch runs again from scratch.
        var fresh = await db.RetryOnConflictAsync(() => intake.TakeAsync(batch, context.CancellationToken), context.CancellationToken);
        // After the commit: a batch that rolled back and ran again is counted once, as it was handled once.
        InboxMetrics.Record(context.Message, EconomyIntake.Consumer, fresh);
        if (fresh.Count > 0)
        {
            // The events were written with SQL, past the interceptor that wakes this process's dispatcher.
            outbox.Notify();
        }
    }
}

/// <summary>
/// How the economy consumer batches (configuration section "EconomyConsumer"). A quiet period handles a single
/// change almost at once (the time limit); a bulk import arrives in full batches, several at a time so that one
/// batch's database round trips overlap another's.
/// </summary>
public sealed class EconomyConsumerOptions
{
    public int MessageLimit { get; set; } = 100;
    /// <summary>Counted from the last message that arrived: a burst fills whole batches, a lone change waits this long.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromMilliseconds(50);
    public int ConcurrencyLimit { get; set; } = 4;
    /// <summary>
    /// One committee's messages per batch. A batch locks its committees' stored values, and batches cut from the queue
    /// in arrival order share a committee at their edges, so a batch may wait for the one before it; grouping avoids
    /// that at the price of smaller batches. Off: on the loaded machine the two measured the same (within the noise).
    /// </summary>
    public bool GroupByCommittee { get; set; }
    /// <summary>0: enough for every concurrent batch to fill twice over.</summary>
    public int PrefetchCount { get; set; }
}

public sealed class ActivityFiguresChangedConsumerDefinition(IConfiguration configuration) : ConsumerDefinition<ActivityFiguresChangedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<ActivityFiguresChangedConsumer> consumer, IRegistrationContext context)
    {
        var options = configuration.GetSection("EconomyConsumer").Get<EconomyConsumerOptions>() ?? new EconomyConsumerOptions();
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = options.PrefetchCount > 0 ? options.PrefetchCount : options.MessageLimit * options.ConcurrencyLimit * 2;
        }
        consumer.Options<BatchOptions>(batch =>
        {
            batch.SetMessageLimit(options.MessageLimit)
                .SetTimeLimit(options.TimeLimit)
                // Counted from the first message, a batch under load closed after 50 ms with a handful of messages and then
                // waited for a free slot anyway; a batch's round trips cost the same for 3 messages as for 100.
                .SetTimeLimitStart(BatchTimeLimitStart.FromLast)
                .SetConcurrencyLimit(options.ConcurrencyLimit);
            if (options.GroupByCommittee)
            {
                batch.GroupBy<ActivityFiguresChanged, string>(m => $"{m.Message.MunicipalityCode}/{m.Message.CommitteeCode}");
            }
        });
    }
}
