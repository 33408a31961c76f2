using MassTransit;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Events;
using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// Takes economy figure rows in batches: keeps each row as the cost input of the definitions bound to it and
/// recomputes them, and feeds committee-level rows' net cost to the per-activity key figure. A bulk import in
/// economy arrives as a burst; handling up to 100 messages in one transaction makes the database round trips
/// per committee and period, not per message.
/// </summary>
public sealed class ActivityFiguresChangedConsumer(KeyFiguresDbContext db, Recomputation recomputation, TimeProvider time,
    ILogger<ActivityFiguresChangedConsumer> logger) : IConsumer<Batch<ActivityFiguresChanged>>
{
    public Task Consume(ConsumeContext<Batch<ActivityFiguresChanged>> context) =>
        // An entered volume may recompute the same values at the same moment; then the batch runs again from scratch.
        db.RetryOnConflictAsync(() => ConsumeOnce(context), context.CancellationToken);

    private async Task ConsumeOnce(ConsumeContext<Batch<ActivityFiguresChanged>> context)
    {
        var ct = context.CancellationToken;
        // The inbox, for the whole batch at once: a redelivered message changes nothing.
        var ids = context.Message.Select(m => m.MessageId
            ?? throw new InvalidOperationException("Message has no MessageId; an inbox cannot deduplicate it.")).Distinct().ToList();
        var handled = (await db.InboxMessages.Where(i => ids.Contains(i.MessageId) && i.Consumer == nameof(ActivityFiguresChangedConsumer))
            .Select(i => i.MessageId).ToListAsync(ct)).ToHashSet();
        var now = DateTimeOffset.UtcNow;
        var fresh = new List<ActivityFiguresChanged>();
        foreach (var message in context.Message)
        {
            if (handled.Add(message.MessageId!.Value))
            {
                db.InboxMessages.Add(new InboxMessage { MessageId = message.MessageId.Value, Consumer = nameof(ActivityFiguresChangedConsumer), ReceivedAt = now });
                fresh.Add(message.Message);
            }
        }

        var definitions = new Dictionary<string, List<KeyFigureDefinition>>();
        // Scopes in a fixed order, so two batches locking the same stored values do not deadlock.
        foreach (var scope in fresh.GroupBy(e => (e.MunicipalityCode, e.CommitteeCode, e.Year, e.PeriodPoint)).OrderBy(g => g.Key))
        {
            var (m, c, year, point) = scope.Key;
            await db.EconomyFigures.Where(x => x.MunicipalityCode == m && x.CommitteeCode == c && x.Year == year && x.PeriodPoint == point).LoadAsync(ct);
            var changed = new HashSet<(string Activity, string Unit)>();
            foreach (var e in scope.OrderBy(e => e.Version))
            {
                var row = db.EconomyFigures.Local.SingleOrDefault(f => f.MunicipalityCode == m && f.CommitteeCode == c && f.Year == year
                    && f.PeriodPoint == point && f.ActivityCode == e.ActivityCode && f.UnitCode == e.UnitCode);
                if (row is null)
                {
                    row = EconomyFigure.Create(e);
                    db.EconomyFigures.Add(row);
                }
                if (row.Apply(e))
                {
                    changed.Add((e.ActivityCode, e.UnitCode));
                }
                else
                {
                    logger.LogInformation("Ignored {ActivityCode}/{UnitCode} version {Version}: version {Current} already applied",
                        e.ActivityCode, e.UnitCode, e.Version, row.Version);
                }
            }
            if (changed.Count > 0)
            {
                if (!definitions.TryGetValue(m, out var all))
                {
                    definitions[m] = all = await recomputation.DefinitionsAsync(m, ct);
                }
                var dependent = all.Where(d => changed.Any(x => d.DependsOnEconomy(x.Activity, x.Unit))).ToList();
                await recomputation.RecomputeAsync(m, c, year, point, dependent, ct);
            }
            await ApplyToActivityKeyFigures(m, c, year, point, scope.Where(e => e.UnitCode.Length == 0).ToList(), ct);
        }
        // The inbox rows, the new inputs, the recomputed values and their events commit together.
        await db.SaveChangesAsync(ct);
    }

    private async Task ApplyToActivityKeyFigures(string m, string c, int year, int point, List<ActivityFiguresChanged> committeeRows, CancellationToken ct)
    {
        if (committeeRows.Count == 0)
        {
            return;
        }
        await db.ActivityKeyFigures.Where(f => f.MunicipalityCode == m && f.CommitteeCode == c && f.Year == year && f.PeriodPoint == point).LoadAsync(ct);
        foreach (var e in committeeRows.OrderBy(e => e.Version))
        {
            var figure = db.ActivityKeyFigures.Local.SingleOrDefault(f => f.MunicipalityCode == m && f.CommitteeCode == c && f.Year == year
                && f.PeriodPoint == point && f.ActivityCode == e.ActivityCode);
            if (figure is null)
            {
                figure = ActivityKeyFigure.Create(m, c, year, point, e.ActivityCode);
                db.ActivityKeyFigures.Add(figure);
            }
            if (figure.ApplyEconomyActual(e.Actual, e.Version, time.GetUtcNow()))
            {
                db.Publish(figure.ToRecomputedEvent());
            }
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
