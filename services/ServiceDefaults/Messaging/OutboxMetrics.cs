using System.Diagnostics.Metrics;

namespace NamndFollowUp.ServiceDefaults.Messaging;

public sealed class OutboxMetrics
{
    public const string MeterName = "NamndFollowUp.Outbox";

    private readonly Counter<long> _published;
    private readonly Counter<long> _failed;

    public OutboxMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _published = meter.CreateCounter<long>("outbox.messages.published");
        _failed = meter.CreateCounter<long>("outbox.messages.failed");
    }

    public void Published(int count) => _published.Add(count);
    public void Failed(int count) => _failed.Add(count);
}
