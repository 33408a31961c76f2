using MassTransit;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Events;
using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.KeyFigures;

/// <summary>
/// Takes an economy figure row: keeps it as the cost input of the definitions bound to it and recomputes
/// them, and feeds the committee-level row's net cost to the activity's per-activity key figure.
/// </summary>
public sealed class ActivityFiguresChangedConsumer(KeyFiguresDbContext db, Recomputation recomputation, TimeProvider time,
    ILogger<ActivityFiguresChangedConsumer> logger) : IConsumer<ActivityFiguresChanged>
{
    public Task Consume(ConsumeContext<ActivityFiguresChanged> context) =>
        // An entered volume may recompute the same values at the same moment; then this runs again from scratch.
        db.RetryOnConflictAsync(() => ConsumeOnce(context), context.CancellationToken);

    private async Task ConsumeOnce(ConsumeContext<ActivityFiguresChanged> context)
    {
        var ct = context.CancellationToken;
        if (!await db.TryReceiveAsync(context, nameof(ActivityFiguresChangedConsumer)))
        {
            logger.LogDebug("Message {MessageId} already handled", context.MessageId);
            return;
        }

        var e = context.Message;
        var row = await db.EconomyFigures.SingleOrDefaultAsync(f =>
            f.MunicipalityCode == e.MunicipalityCode && f.CommitteeCode == e.CommitteeCode && f.Year == e.Year
            && f.PeriodPoint == e.PeriodPoint && f.ActivityCode == e.ActivityCode && f.UnitCode == e.UnitCode, ct);
        if (row is null)
        {
            row = EconomyFigure.Create(e);
            db.EconomyFigures.Add(row);
        }
        if (row.Apply(e))
        {
            var dependent = (await recomputation.DefinitionsAsync(e.MunicipalityCode, ct))
                .Where(d => d.DependsOnEconomy(e.ActivityCode, e.UnitCode)).ToList();
            await recomputation.RecomputeAsync(e.MunicipalityCode, e.CommitteeCode, e.Year, e.PeriodPoint, dependent, ct);
        }
        else
        {
            logger.LogInformation("Ignored {ActivityCode}/{UnitCode} version {Version}: version {Current} already applied",
                e.ActivityCode, e.UnitCode, e.Version, row.Version);
        }

        if (e.UnitCode.Length == 0)
        {
            await ApplyToActivityKeyFigure(e, ct);
        }
        // The inbox row, the new inputs, the recomputed values and their events commit together.
        await db.SaveChangesAsync(ct);
    }

    private async Task ApplyToActivityKeyFigure(ActivityFiguresChanged e, CancellationToken ct)
    {
        var figure = await db.ActivityKeyFigures.SingleOrDefaultAsync(f =>
            f.MunicipalityCode == e.MunicipalityCode && f.CommitteeCode == e.CommitteeCode && f.Year == e.Year
            && f.PeriodPoint == e.PeriodPoint && f.ActivityCode == e.ActivityCode, ct);
        if (figure is null)
        {
            figure = ActivityKeyFigure.Create(e.MunicipalityCode, e.CommitteeCode, e.Year, e.PeriodPoint, e.ActivityCode);
            db.ActivityKeyFigures.Add(figure);
        }
        if (figure.ApplyEconomyActual(e.Actual, e.Version, time.GetUtcNow()))
        {
            db.Publish(figure.ToRecomputedEvent());
        }
    }
}

/// <summary>
/// Each message waits mostly on PostgreSQL round trips, not on the CPU, so more messages are handled at once
/// than MassTransit's default (twice the cores); a bulk import in economy then drains many times faster.
/// </summary>
public sealed class ActivityFiguresChangedConsumerDefinition : ConsumerDefinition<ActivityFiguresChangedConsumer>
{
    public const int Concurrency = 32;

    public ActivityFiguresChangedConsumerDefinition() => ConcurrentMessageLimit = Concurrency;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<ActivityFiguresChangedConsumer> consumer, IRegistrationContext context)
    {
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = Concurrency * 2;
        }
    }
}
