using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NamndFollowUp.ServiceDefaults.Messaging;

/// <summary>
/// Readiness: a service is not ready until its bus has started once, i.e. its queues exist and are bound.
/// Before that, an event published by another service would find no queue to land in and be dropped by
/// the broker. After that, a broker outage does not make the service unready: queues are durable, and
/// the service's own writes wait in its outbox.
/// </summary>
public sealed class BusStartedOnce : IBusObserver, IHealthCheck
{
    private volatile bool _started;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_started
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The message bus has not started yet: its queues may not exist."));

    public Task PostStart(IBus bus, Task<BusReady> busReady)
    {
        busReady.ContinueWith(t => _started = t.IsCompletedSuccessfully, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public void PostCreate(IBus bus) { }
    public void CreateFaulted(Exception exception) { }
    public Task PreStart(IBus bus) => Task.CompletedTask;
    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;
    public Task PreStop(IBus bus) => Task.CompletedTask;
    public Task PostStop(IBus bus) => Task.CompletedTask;
    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
}
