using System.Diagnostics.Metrics;

namespace NamndFollowUp.ServiceDefaults.Messaging;

public sealed class OutboxMetrics
{
    public const string MeterName = "NamndFollowUp.Outbox";

    private readonly Counter<long> _published;
    private readonly Counter<long> _failed;
    private OutboxBacklog? _backlog;

    public OutboxMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _published = meter.CreateCounter<long>("outbox.messages.published", "{message}", "Outbox rows published to the broker.");
        _failed = meter.CreateCounter<long>("outbox.messages.failed", "{message}", "Publish attempts that failed or timed out; the row is retried.");
        // Every replica samples the same table: aggregate these with max, not sum.
        meter.CreateObservableGauge("outbox.backlog", () => Observe(b => (long)b.Unsent), "{message}",
            "Outbox rows committed but not yet published (the whole table, as last sampled).");
        meter.CreateObservableGauge("outbox.oldest.age", () => Observe(b => b.OldestAge.TotalSeconds), "s",
            "Age of the oldest unpublished outbox row, 0 when none waits.");
    }

    public void Published(int count) => _published.Add(count);
    public void Failed(int count) => _failed.Add(count);

    /// <summary>Records what the backlog sampler counted (sampled rather than counted at each scrape, so scrapes cost no query).</summary>
    public void Sampled(OutboxBacklog backlog) => _backlog = backlog;

    private IEnumerable<Measurement<T>> Observe<T>(Func<OutboxBacklog, T> value) where T : struct =>
        _backlog is { } backlog ? [new Measurement<T>(value(backlog))] : [];
}

/// <summary>The unpublished rows when sampled: how many, and how long the oldest has waited.</summary>
public readonly record struct OutboxBacklog(int Unsent, TimeSpan OldestAge);
