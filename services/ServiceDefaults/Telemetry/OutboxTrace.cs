using System.Diagnostics;

namespace NamndFollowUp.ServiceDefaults.Telemetry;

/// <summary>
/// Carries a trace across the outbox: the writer stores the W3C traceparent of the work that queued the event, and
/// the dispatcher publishes the event inside a span continuing it, so MassTransit's publish span (whose context
/// travels in the message's headers) and the consumer's work join the same trace as the request.
/// </summary>
public static class OutboxTrace
{
    public const string SourceName = "NamndFollowUp.Outbox";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The traceparent of the current span, or null when nothing is traced.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id } ? id : null;

    /// <summary>A span for publishing one outbox row, child of the span that wrote it (null when not traced).</summary>
    public static Activity? StartDispatch(string messageType, string? traceParent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(traceParent, traceState: null, out var parent);
        var name = messageType.Split(',')[0];
        var activity = Source.StartActivity($"outbox dispatch {name[(name.LastIndexOf('.') + 1)..]}", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.message.type", name);
        return activity;
    }
}
