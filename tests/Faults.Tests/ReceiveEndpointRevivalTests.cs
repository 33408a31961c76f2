using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using NamndFollowUp.ServiceDefaults.Messaging;
using Xunit.Abstractions;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// <see cref="ReceiveEndpointRevival"/> against the harness's own RabbitMQ node: after a 30 s outage (long enough for
/// MassTransit's reconnect back-off to have grown to 24 s), a consumer whose endpoint the revival watches takes an event
/// published at the broker's return within seconds, while a consumer beside it on the same bus that the revival does not
/// watch (MassTransit alone) is shown for comparison. In the suite's collection: it stops the broker the replicas use, so
/// it must not run beside a scenario.
/// </summary>
[Collection(ReplicatedSuiteCollection.Name)]
public sealed class ReceiveEndpointRevivalTests(ReplicatedSuite suite, ITestOutputHelper output)
{
    public sealed record RevivalPing(Guid Id, string Phase);

    [Fact]
    public async Task A_consumer_takes_events_again_within_seconds_of_the_broker_s_return_not_after_MassTransit_s_back_off()
    {
        var broker = new Uri(suite.RabbitMq.ConnectionString);
        var run = Guid.NewGuid().ToString("N")[..8];
        var received = new ConcurrentDictionary<(string Queue, string Phase), DateTimeOffset>();
        var revival = new ReceiveEndpointRevival(BrokerAddress.Of(broker), NullLogger<ReceiveEndpointRevival>.Instance);
        var revived = $"revival-watched-{run}";
        var control = $"revival-control-{run}";

        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(broker.Host, (ushort)broker.Port, "/", host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            foreach (var queue in new[] { revived, control })
            {
                rabbit.ReceiveEndpoint(queue, endpoint => endpoint.Handler<RevivalPing>(context =>
                {
                    received.TryAdd((queue, context.Message.Phase), DateTimeOffset.UtcNow);
                    return Task.CompletedTask;
                }));
            }
        });
        // Only the first queue's endpoint is watched; the second is left to MassTransit's own retry.
        bus.ConnectReceiveEndpointObserver(new OnlyQueue(revived, revival));
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        await revival.StartAsync(CancellationToken.None);
        try
        {
            await bus.Publish(new RevivalPing(Guid.NewGuid(), "before"));
            await UntilAsync(() => received.ContainsKey((revived, "before")) && received.ContainsKey((control, "before")), TimeSpan.FromSeconds(30));

            await suite.RabbitMq.StopAppAsync();
            await Task.Delay(TimeSpan.FromSeconds(30));
            var starting = suite.RabbitMq.StartAppAsync();
            var backAt = await suite.RabbitMq.AcceptingAsync();
            await starting;

            // Published as the outbox dispatcher probes: one attempt at a time with a short timeout, so the publish itself
            // does not wait out MassTransit's send retry.
            var publishedAt = await PublishAsSoonAsPossibleAsync(bus, new RevivalPing(Guid.NewGuid(), "after"));
            await UntilAsync(() => received.ContainsKey((revived, "after")), TimeSpan.FromSeconds(60));
            await UntilAsync(() => received.ContainsKey((control, "after")), TimeSpan.FromSeconds(60));

            var watched = received[(revived, "after")] - backAt;
            var alone = received[(control, "after")] - backAt;
            output.WriteLine($"published {(publishedAt - backAt).TotalMilliseconds:N0} ms after the broker accepted again; " +
                $"taken by the watched consumer after {watched.TotalMilliseconds:N0} ms, by MassTransit alone after {alone.TotalMilliseconds:N0} ms; " +
                $"{revival.Restarts} restart(s)");

            Assert.True(revival.Restarts >= 1, "the revival never started the watched endpoint again");
            // Seconds, not the back-off's tens of seconds: a probe every 250 ms, then a new connection on two busy cores.
            Assert.True(watched <= TimeSpan.FromSeconds(5), $"the watched consumer took the event {watched.TotalSeconds:0.0} s after the broker's return");
        }
        finally
        {
            await revival.StopAsync(CancellationToken.None);
            await bus.StopAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        }
    }

    private static async Task<DateTimeOffset> PublishAsSoonAsPossibleAsync(IBus bus, RevivalPing ping)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await bus.Publish(ping, attempt.Token);
                return DateTimeOffset.UtcNow;
            }
            catch (Exception) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"not within {timeout.TotalSeconds:0} s");
            await Task.Delay(50);
        }
    }

    /// <summary>Passes on the events of one queue's endpoint only.</summary>
    private sealed class OnlyQueue(string queue, IReceiveEndpointObserver inner) : IReceiveEndpointObserver
    {
        private bool Mine(ReceiveEndpointEvent e) => e.InputAddress.AbsolutePath.EndsWith("/" + queue, StringComparison.Ordinal);
        public Task Ready(ReceiveEndpointReady ready) => Mine(ready) ? inner.Ready(ready) : Task.CompletedTask;
        public Task Stopping(ReceiveEndpointStopping stopping) => Mine(stopping) ? inner.Stopping(stopping) : Task.CompletedTask;
        public Task Completed(ReceiveEndpointCompleted completed) => Mine(completed) ? inner.Completed(completed) : Task.CompletedTask;
        public Task Faulted(ReceiveEndpointFaulted faulted) => Mine(faulted) ? inner.Faulted(faulted) : Task.CompletedTask;
    }
}
