using MassTransit;
using Microsoft.EntityFrameworkCore;
using NamndFollowUp.Events;
using NamndFollowUp.KeyFigures.Domain;
using NamndFollowUp.KeyFigures.Infrastructure;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.KeyFigures;

/// <summary>Takes an activity's net cost from economy and recomputes the activity's key figure.</summary>
public sealed class ActivityFiguresChangedConsumer(KeyFiguresDbContext db, TimeProvider time, ILogger<ActivityFiguresChangedConsumer> logger)
    : IConsumer<ActivityFiguresChanged>
{
    public async Task Consume(ConsumeContext<ActivityFiguresChanged> context)
    {
        if (!await db.TryReceiveAsync(context, nameof(ActivityFiguresChangedConsumer)))
        {
            logger.LogDebug("Message {MessageId} already handled", context.MessageId);
            return;
        }

        var e = context.Message;
        if (e.UnitCode.Length > 0)
        {
            // A unit's breakdown of the activity; this key figure takes the activity's committee-level row.
            await db.SaveChangesAsync(context.CancellationToken);
            return;
        }
        var figure = await db.ActivityKeyFigures.SingleOrDefaultAsync(f =>
            f.MunicipalityCode == e.MunicipalityCode && f.CommitteeCode == e.CommitteeCode && f.Year == e.Year
            && f.PeriodPoint == e.PeriodPoint && f.ActivityCode == e.ActivityCode, context.CancellationToken);
        if (figure is null)
        {
            figure = ActivityKeyFigure.Create(e.MunicipalityCode, e.CommitteeCode, e.Year, e.PeriodPoint, e.ActivityCode);
            db.ActivityKeyFigures.Add(figure);
        }

        if (figure.ApplyEconomyActual(e.Actual, e.Version, time.GetUtcNow()))
        {
            db.Publish(figure.ToRecomputedEvent());
        }
        else
        {
            logger.LogInformation("Ignored {ActivityCode} version {Version}: version {Current} already applied",
                e.ActivityCode, e.Version, figure.NetCostSourceVersion);
        }
        // The inbox row, the new input and the outgoing event commit together.
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
