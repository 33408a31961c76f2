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
        var taken = await db.RetryOnConflictAsync(() => intake.TakeAsync(batch, context.CancellationToken), context.CancellationToken);
        if (taken > 0)
        {
            // The events were written with SQL, past the interceptor that wakes this process's dispatcher.
            outbox.Notify();
        }
    }
}

/// <summary>
/// Up to 100 messages a batch, collected for at most 50 ms, four batches at a time: a quiet period handles a
/// single change almost at once, a bulk import in large transactions.
/// </summary>
public sealed class ActivityFiguresChangedConsumerDefinition : ConsumerDefinition<ActivityFiguresChangedConsumer>
{
    public const int BatchSize = 100;
    public const int Batches = 4;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<ActivityFiguresChangedConsumer> consumer, IRegistrationContext context)
    {
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = BatchSize * Batches * 2;
        }
        consumer.Options<BatchOptions>(options => options
            .SetMessageLimit(BatchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(50))
            .SetConcurrencyLimit(Batches));
    }
}
