using System.Diagnostics.Metrics;
using MassTransit;

namespace NamndFollowUp.ServiceDefaults.Messaging;

/// <summary>
/// What the consumers' inboxes see. A static meter because <see cref="InboxExtensions.TryReceiveAsync"/> is called from
/// every consumer without a service provider at hand; OpenTelemetry listens to it by name all the same.
/// </summary>
public static class InboxMetrics
{
    public const string MeterName = "NamndFollowUp.Inbox";

    /// <summary>Header the outbox dispatcher sets: when the event's row committed, in Unix milliseconds.</summary>
    public const string CreatedAtHeader = "NamndFollowUp-Outbox-CreatedAt";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Received = Meter.CreateCounter<long>("inbox.messages.received", "{message}",
        "Messages a consumer handled for the first time.");

    private static readonly Counter<long> Duplicates = Meter.CreateCounter<long>("inbox.messages.duplicate", "{message}",
        "Redeliveries the inbox recognised and skipped.");

    private static readonly Histogram<double> Lag = Meter.CreateHistogram("inbox.consumer.lag", "s",
        "From the commit of the change an event announces (its outbox row) to its consumer handling it.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    /// <summary>
    /// A batch consumer's messages, which pass no <see cref="InboxExtensions.TryReceiveAsync"/> of their own: each counted
    /// as received or duplicate by whether its id is among <paramref name="fresh"/> (the inbox's new ids), and the lag of
    /// the new ones taken from each message's own header, so a burst shows its spread rather than the batch's first.
    /// </summary>
    public static void Record<T>(Batch<T> batch, string consumer, IReadOnlySet<Guid> fresh) where T : class
    {
        foreach (var message in batch)
        {
            Record(message, consumer, message.MessageId is { } id && fresh.Contains(id));
        }
    }

    internal static void Record(ConsumeContext context, string consumer, bool firstTime)
    {
        var tag = new KeyValuePair<string, object?>("consumer", consumer);
        if (!firstTime)
        {
            Duplicates.Add(1, tag);
            return;
        }

        Received.Add(1, tag);
        var createdAt = context.Headers.Get<long>(CreatedAtHeader) is { } ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : context.SentTime is { } sent ? new DateTimeOffset(sent, TimeSpan.Zero) : (DateTimeOffset?)null;
        if (createdAt is { } at)
        {
            Lag.Record(Math.Max(0, (DateTimeOffset.UtcNow - at).TotalSeconds), tag);
        }
    }
}
