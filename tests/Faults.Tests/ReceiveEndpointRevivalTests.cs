using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using NamndFollowUp.ServiceDefaults.Messaging;
using Xunit.Abstractions;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// <see cref="ReceiveEndpointRevival"/> against the harness's own RabbitMQ node. One bus, two receive endpoints side by
/// side: the revival watches the first; the second, the control, is left to MassTransit alone. The broker is kept away
/// until MassTransit's reconnect back-off has grown to at least 12 s (the control's fourth failed attempt), then started
/// again. What is asserted is an order of events, not a stopwatch: the revival started the watched endpoint again, and
/// the watched endpoint was ready again before the control was. Both endpoints went away at the same moment with the same
/// back-off, so without the revival neither comes back earlier than the other except by chance, and never because of a
/// restart. The delays are printed. In the suite's collection: it stops the broker the replicas use, so it must not run
/// beside a scenario.
/// </summary>
[Collection(ReplicatedSuiteCollection.Name)]
public sealed class ReceiveEndpointRevivalTests(ReplicatedSuite suite, ITestOutputHelper output)
{
    public sealed record RevivalPing(Guid Id, string Phase);

    [Fact]
    public async Task The_watched_endpoint_is_ready_again_before_MassTransit_alone_brings_back_the_one_beside_it()
    {
        var broker = new Uri(suite.RabbitMq.ConnectionString);
        var run = Guid.NewGuid().ToString("N")[..8];
        var received = new ConcurrentDictionary<(string Queue, string Phase), DateTimeOffset>();
        var revival = new ReceiveEndpointRevival(BrokerAddress.Of(broker), NullLogger<ReceiveEndpointRevival>.Instance);
        var watched = $"revival-watched-{run}";
        var control = $"revival-control-{run}";
        var events = new EndpointEvents();

        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(broker.Host, (ushort)broker.Port, "/", host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            rabbit.ConnectBusObserver(revival);
            foreach (var queue in new[] { watched, control })
            {
                rabbit.ReceiveEndpoint(queue, endpoint => endpoint.Handler<RevivalPing>(context =>
                {
                    received.TryAdd((queue, context.Message.Phase), DateTimeOffset.UtcNow);
                    return Task.CompletedTask;
                }));
            }
        });
        bus.ConnectReceiveEndpointObserver(events);
        // Only the first queue's endpoint is watched; the second is left to MassTransit's own retry.
        bus.ConnectReceiveEndpointObserver(new OnlyQueue(watched, revival));
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        await revival.StartAsync(CancellationToken.None);
        try
        {
            await bus.Publish(new RevivalPing(Guid.NewGuid(), "before"));
            await UntilAsync(() => received.ContainsKey((watched, "before")) && received.ContainsKey((control, "before")), TimeSpan.FromSeconds(30), "both consumers took the first event");

            var stoppedAt = DateTimeOffset.UtcNow;
            await suite.RabbitMq.StopAppAsync();
            // MassTransit waits 3, 6, 12, 24, then 30 s between attempts (and a second between those), each failed attempt a
            // fault: after the fourth its next wait is 12 s or more, so it cannot be back by itself in the broker's first
            // seconds (the loss itself may fault more than once, which only makes the wait longer).
            await UntilAsync(() => events.Faults(control, stoppedAt).Count >= 4, TimeSpan.FromMinutes(2), "the control endpoint faulted four times");
            var startAskedAt = DateTimeOffset.UtcNow;
            var starting = suite.RabbitMq.StartAppAsync();
            var backAt = await suite.RabbitMq.AcceptingAsync();
            // Published as the outbox dispatcher probes, at once: one attempt at a time with a short timeout.
            var publishedAt = await PublishAsSoonAsPossibleAsync(bus, new RevivalPing(Guid.NewGuid(), "after"));
            await starting;

            // Ready from the moment the start was asked: nothing can connect before the port accepts.
            await UntilAsync(() => events.ReadyAfter(watched, startAskedAt) is not null && events.ReadyAfter(control, startAskedAt) is not null, TimeSpan.FromSeconds(90),
                "both endpoints ready again");
            var watchedReady = events.ReadyAfter(watched, startAskedAt)!.Value;
            var controlReady = events.ReadyAfter(control, startAskedAt)!.Value;

            // Both take the event published at the return, the restarted one included (liveness, not a time).
            await UntilAsync(() => received.ContainsKey((watched, "after")) && received.ContainsKey((control, "after")), TimeSpan.FromSeconds(60),
                "both consumers took an event published after the return");

            var restartsOfWatched = revival.RestartTimes.Where(r => OnlyQueue.Is(r.Address, watched)).Select(r => r.At).ToList();
            string Since(DateTimeOffset t) => $"{(t - stoppedAt).TotalSeconds:0.0} s";
            output.WriteLine($"control faulted at {string.Join(", ", events.Faults(control, stoppedAt).Select(Since))} after the stop; " +
                $"broker accepting again {Since(backAt)} after it");
            output.WriteLine($"after the broker's return: watched endpoint ready after {(watchedReady - backAt).TotalMilliseconds:N0} ms, " +
                $"control (MassTransit alone) after {(controlReady - backAt).TotalMilliseconds:N0} ms; " +
                $"{restartsOfWatched.Count} restart(s) of the watched endpoint, first {(restartsOfWatched.Count == 0 ? "none" : $"{(restartsOfWatched[0] - backAt).TotalMilliseconds:N0} ms")} after the return; " +
                $"an event published {(publishedAt - backAt).TotalMilliseconds:N0} ms after the return taken by the watched consumer after " +
                $"{(received[(watched, "after")] - backAt).TotalMilliseconds:N0} ms, by the control after {(received[(control, "after")] - backAt).TotalMilliseconds:N0} ms");

            Assert.True(watchedReady < controlReady,
                $"the watched endpoint was ready again {(watchedReady - backAt).TotalMilliseconds:N0} ms after the return, not before the control ({(controlReady - backAt).TotalMilliseconds:N0} ms)");
            Assert.True(restartsOfWatched.Any(at => at <= watchedReady), "the revival did not start the watched endpoint again before it was ready");
            Assert.DoesNotContain(revival.RestartTimes, r => OnlyQueue.Is(r.Address, control));
        }
        finally
        {
            await revival.StopAsync(CancellationToken.None);
            await bus.StopAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        }
    }

    [Fact]
    public async Task A_port_that_accepts_but_refuses_AMQP_is_asked_ever_less_often_and_the_endpoint_is_not_left_stopped()
    {
        await using var front = new BrokerFront(suite.RabbitMq.Port);
        var queue = $"revival-refused-{Guid.NewGuid().ToString("N")[..8]}";
        var pause = TimeSpan.FromSeconds(1);
        var revival = new ReceiveEndpointRevival(BrokerAddress.Of(new Uri(front.ConnectionString)), NullLogger<ReceiveEndpointRevival>.Instance, pause);
        var received = new ConcurrentDictionary<string, DateTimeOffset>();
        var events = new EndpointEvents();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host("localhost", (ushort)front.Port, "/", host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            rabbit.ConnectBusObserver(revival);
            rabbit.ReceiveEndpoint(queue, endpoint => endpoint.Handler<RevivalPing>(context =>
            {
                received.TryAdd(context.Message.Phase, DateTimeOffset.UtcNow);
                return Task.CompletedTask;
            }));
        });
        bus.ConnectReceiveEndpointObserver(events);
        bus.ConnectReceiveEndpointObserver(new OnlyQueue(queue, revival));
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        await revival.StartAsync(CancellationToken.None);
        try
        {
            await bus.Publish(new RevivalPing(Guid.NewGuid(), "before"));
            await UntilAsync(() => received.ContainsKey("before"), TimeSpan.FromSeconds(30), "the consumer took the first event");

            // The port accepts, AMQP fails: every restart faults again, and each waits twice as long as the one before.
            var refusedAt = DateTimeOffset.UtcNow;
            var acceptedBefore = front.Accepted;
            front.RefuseAmqp();
            await UntilAsync(() => revival.RestartTimes.Count(r => OnlyQueue.Is(r.Address, queue)) >= 4, TimeSpan.FromMinutes(2), "four restarts against the refusing port");
            var restarts = revival.RestartTimes.Where(r => OnlyQueue.Is(r.Address, queue)).Select(r => r.At).ToList();
            var refusing = DateTimeOffset.UtcNow - refusedAt;
            var connections = front.Accepted - acceptedBefore;

            // Forwarding again: the endpoint is not left stopped, it takes events.
            front.Forward();
            var forwardedAt = DateTimeOffset.UtcNow;
            await UntilAsync(() => events.ReadyAfter(queue, forwardedAt) is not null, TimeSpan.FromSeconds(90), "the endpoint ready again once the port forwards");
            await PublishAsSoonAsPossibleAsync(bus, new RevivalPing(Guid.NewGuid(), "after"));
            await UntilAsync(() => received.ContainsKey("after"), TimeSpan.FromSeconds(60), "the consumer took an event once the port forwards");


            output.WriteLine($"refusing AMQP for {refusing.TotalSeconds:0.0} s: restarts at {string.Join(", ", restarts.Select(r => $"{(r - refusedAt).TotalSeconds:0.00} s"))}; " +
                $"{connections} TCP connections accepted meanwhile (the revival's probes and every AMQP attempt, MassTransit's own included)");

            for (var k = 1; k < restarts.Count; k++)
            {
                var least = pause * Math.Pow(2, k - 1);
                Assert.True(restarts[k] - restarts[k - 1] >= least,
                    $"restart {k + 1} came {(restarts[k] - restarts[k - 1]).TotalMilliseconds:N0} ms after the one before, not after at least {least.TotalMilliseconds:N0} ms");
            }
        }
        finally
        {
            await revival.StopAsync(CancellationToken.None);
            await bus.StopAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        }
    }

    private async Task<DateTimeOffset> PublishAsSoonAsPossibleAsync(IBus bus, RevivalPing ping)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        var failures = new List<string>();
        while (true)
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await bus.Publish(ping, attempt.Token);
                output.WriteLine($"publish: {failures.Count} failed attempt(s) before{(failures.Count == 0 ? "" : $"; first: {failures[0]}; last: {failures[^1]}")}");
                return DateTimeOffset.UtcNow;
            }
            catch (Exception e) when (DateTimeOffset.UtcNow < deadline)
            {
                failures.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {e.GetType().Name}: {e.Message}");
                await Task.Delay(100);
            }
        }
    }

    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"not within {timeout.TotalSeconds:0} s: {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>When each endpoint faulted and was ready, as its bus reported it.</summary>
    private sealed class EndpointEvents : IReceiveEndpointObserver
    {
        private readonly ConcurrentQueue<(Uri Address, bool Ready, DateTimeOffset At)> _events = new();

        public IReadOnlyList<DateTimeOffset> Faults(string queue, DateTimeOffset since) =>
            [.. _events.Where(e => !e.Ready && e.At >= since && OnlyQueue.Is(e.Address, queue)).Select(e => e.At)];

        public DateTimeOffset? ReadyAfter(string queue, DateTimeOffset since) =>
            _events.Where(e => e.Ready && e.At >= since && OnlyQueue.Is(e.Address, queue)).Select(e => (DateTimeOffset?)e.At).FirstOrDefault();

        public Task Ready(ReceiveEndpointReady ready)
        {
            _events.Enqueue((ready.InputAddress, true, DateTimeOffset.UtcNow));
            return Task.CompletedTask;
        }

        public Task Faulted(ReceiveEndpointFaulted faulted)
        {
            _events.Enqueue((faulted.InputAddress, false, DateTimeOffset.UtcNow));
            return Task.CompletedTask;
        }

        public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;
        public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
    }

    /// <summary>Passes on the events of one queue's endpoint only.</summary>
    private sealed class OnlyQueue(string queue, IReceiveEndpointObserver inner) : IReceiveEndpointObserver
    {
        public static bool Is(Uri address, string queue) => address.AbsolutePath.EndsWith("/" + queue, StringComparison.Ordinal);
        private bool Mine(ReceiveEndpointEvent e) => Is(e.InputAddress, queue);
        public Task Ready(ReceiveEndpointReady ready) => Mine(ready) ? inner.Ready(ready) : Task.CompletedTask;
        public Task Stopping(ReceiveEndpointStopping stopping) => Mine(stopping) ? inner.Stopping(stopping) : Task.CompletedTask;
        public Task Completed(ReceiveEndpointCompleted completed) => Mine(completed) ? inner.Completed(completed) : Task.CompletedTask;
        public Task Faulted(ReceiveEndpointFaulted faulted) => Mine(faulted) ? inner.Faulted(faulted) : Task.CompletedTask;
    }
}
