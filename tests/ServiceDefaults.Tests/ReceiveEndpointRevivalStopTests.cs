using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using NamndFollowUp.ServiceDefaults.Messaging;

namespace NamndFollowUp.ServiceDefaults.Tests;

/// <summary>
/// <see cref="ReceiveEndpointRevival"/> when an endpoint's old transport never stops. The fault harness hung for over ten
/// minutes on exactly this: MassTransit's stop waited for a transport stuck in a channel call to a broker front that had
/// taken the connection and never answered, ignoring its cancellation token; the restart held its lock meanwhile, so no
/// other endpoint was revived and the bus's stop (PreStop) waited behind it. Here the endpoint is a stand-in whose Stop
/// never ends and ignores its token; the broker's port is a local listener that accepts.
/// </summary>
public sealed class ReceiveEndpointRevivalStopTests
{
    [Fact]
    public async Task A_stop_that_never_ends_neither_holds_the_bus_stop_nor_starts_the_endpoint_twice_and_is_tried_again()
    {
        using var port = new TcpListener(IPAddress.Loopback, 0);
        port.Start();
        var broker = new BrokerAddress("127.0.0.1", ((IPEndPoint)port.LocalEndpoint).Port);
        var stopTimeout = TimeSpan.FromMilliseconds(500);
        var revival = new ReceiveEndpointRevival(broker, NullLogger<ReceiveEndpointRevival>.Instance, restartPause: TimeSpan.FromMilliseconds(200), stopTimeout: stopTimeout);
        var endpoint = StuckEndpoint.Create(new Uri("rabbitmq://localhost/stuck"));
        var stuck = (StuckEndpoint)(object)endpoint;

        await revival.StartAsync(CancellationToken.None);
        try
        {
            await revival.Faulted(FaultedEvent.Create(endpoint));
            // The first stop is asked at once (the port accepts), and never ends; after its timeout and the pause, another.
            await Until(() => stuck.Stops >= 2, TimeSpan.FromSeconds(20), "the stop asked twice");
            Assert.Equal(0, stuck.Starts);
            Assert.Equal(0, revival.Restarts);

            // The bus stops: PreStop waits at most for the restart under way, whose stop is bounded.
            var watch = Stopwatch.StartNew();
            await revival.PreStop(null!).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(watch.Elapsed < stopTimeout * 4, $"PreStop took {watch.Elapsed.TotalMilliseconds:0} ms");
            var stopsAtBusStop = stuck.Stops;
            await Task.Delay(stopTimeout * 3);
            Assert.Equal(stopsAtBusStop, stuck.Stops);
            Assert.Equal(0, stuck.Starts);
        }
        finally
        {
            // Bounded as well: before, this waited for the stuck stop for ever.
            await revival.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static async Task Until(Func<bool> condition, TimeSpan limit, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < limit, $"not within {limit.TotalSeconds} s: {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>A receive endpoint whose Stop never completes and ignores its token; Start is counted (it must not come).</summary>
    public class StuckEndpoint : DispatchProxy
    {
        private Uri _address = new("rabbitmq://localhost/none");
        private int _stops;
        private int _starts;

        public int Stops => _stops;
        public int Starts => _starts;

        public static IReceiveEndpoint Create(Uri address)
        {
            var proxy = DispatchProxy.Create<IReceiveEndpoint, StuckEndpoint>();
            ((StuckEndpoint)(object)proxy)._address = address;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
        {
            "get_InputAddress" => _address,
            nameof(IReceiveEndpoint.Stop) => Stop(),
            nameof(IReceiveEndpoint.Start) => Start(),
            _ => throw new NotSupportedException(method?.Name),
        };

        private Task Stop()
        {
            Interlocked.Increment(ref _stops);
            return new TaskCompletionSource().Task;
        }

        private object? Start()
        {
            Interlocked.Increment(ref _starts);
            return null;
        }
    }

    /// <summary>The event MassTransit raises when an endpoint's transport faults.</summary>
    public class FaultedEvent : DispatchProxy
    {
        private IReceiveEndpoint? _endpoint;

        public static ReceiveEndpointFaulted Create(IReceiveEndpoint endpoint)
        {
            var proxy = DispatchProxy.Create<ReceiveEndpointFaulted, FaultedEvent>();
            ((FaultedEvent)(object)proxy)._endpoint = endpoint;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
        {
            "get_InputAddress" => _endpoint!.InputAddress,
            "get_ReceiveEndpoint" => _endpoint,
            "get_Exception" => new IOException("the broker went away"),
            _ => throw new NotSupportedException(method?.Name),
        };
    }
}
