using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace NamndFollowUp.ServiceDefaults.Messaging;

public static class InboxExtensions
{
    /// <summary>
    /// Records that <paramref name="consumer"/> handles this message, in the same SaveChanges as the
    /// consumer's own change. Returns false when it was handled before: a redelivery changes nothing.
    /// Two deliveries racing past this check collide on the inbox's primary key, the loser's
    /// transaction rolls back, and its retry then sees the message as handled.
    /// </summary>
    public static async Task<bool> TryReceiveAsync(this IOutboxContext db, ConsumeContext context, string consumer)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException("Message has no MessageId; an inbox cannot deduplicate it.");
        if (await db.InboxMessages.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, context.CancellationToken))
        {
            InboxMetrics.Record(context, consumer, firstTime: false);
            return false;
        }
        InboxMetrics.Record(context, consumer, firstTime: true);
        db.InboxMessages.Add(new InboxMessage { MessageId = messageId, Consumer = consumer, ReceivedAt = DateTimeOffset.UtcNow });
        return true;
    }
}
