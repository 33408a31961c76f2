using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Transports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NamndFollowUp.ServiceDefaults.Messaging;

/// <summary>
/// Starts a faulted receive endpoint again as soon as the broker accepts connections, so a consumer takes events again
/// within a fraction of a second of the broker's return. MassTransit retries a faulted RabbitMQ receive transport on its
/// own back-off (3, 6, 12, 24, then every 30 s; RabbitMqHostConfiguration's ReceiveTransportRetryPolicy, which has no
/// setting): after a 60 s outage the consumers came back up to half a minute after the broker, and every event written
/// meanwhile waited for them (issue 17: up to 27 s; the harness's full-scale run: 25.6 s for the first). The publishing
/// side already notices at once (the outbox dispatcher's probe). While an endpoint is faulted this probes the broker's
/// port every <see cref="ProbeInterval"/>; when it accepts, the endpoint is stopped and started, which starts a new
/// transport that connects at once instead of sleeping out the old one's back-off.
/// </summary>
/// <remarks>
/// Each process revives its own endpoints only, so two replicas do not interfere. Once the bus is stopping
/// (<see cref="PreStop"/>) nothing is started again, and the bus's stop waits for a restart under way, so no endpoint is
/// started behind the bus's back after it stopped its endpoints.
/// </remarks>
public sealed class ReceiveEndpointRevival(BrokerAddress broker, ILogger<ReceiveEndpointRevival> logger, TimeSpan? restartPause = null, TimeSpan? stopTimeout = null)
    : BackgroundService, IReceiveEndpointObserver, IBusObserver
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// An endpoint started again that faults again before it was ready (the port accepts, AMQP does not: a node still
    /// booting, a wrong password, a proxy in front of a dead broker) waits this long before the next start, twice as long
    /// after each further such fault up to <see cref="LongestPause"/>: such a broker is asked no more often than
    /// MassTransit's own back-off would ask it. Ready starts the count again.
    /// </summary>
    public static readonly TimeSpan RestartPause = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(60);

    /// <summary>How long a restart waits for the old transport to stop before it gives up until the next pause is over.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private readonly TimeSpan _firstPause = restartPause ?? RestartPause;
    private readonly TimeSpan _stopTimeout = stopTimeout ?? StopTimeout;
    private readonly ConcurrentDictionary<Uri, IReceiveEndpoint> _faulted = new();
    private readonly ConcurrentDictionary<Uri, (DateTimeOffset At, TimeSpan Pause)> _restarted = new();
    // The last restarts only: against a port that accepts and refuses AMQP an endpoint is started again every minute for
    // as long as the process lives, and this is only for tests and logs.
    private const int RestartsKept = 100;
    private readonly ConcurrentQueue<(Uri Address, DateTimeOffset At)> _restarts = new();
    private long _restartCount;
    // Held while endpoints are being started again; the bus's PreStop takes it, so its stop never overlaps a restart.
    private readonly SemaphoreSlim _restarting = new(1, 1);
    private volatile bool _busStopping;

    /// <summary>How many times an endpoint was started again (for tests and logs).</summary>
    public long Restarts => Interlocked.Read(ref _restartCount);

    /// <summary>When each of the last 100 restarts was made (the moment its endpoint was found due), in order.</summary>
    public IReadOnlyList<(Uri Address, DateTimeOffset At)> RestartTimes => [.. _restarts];

    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        // The bus's own endpoint (responses to requests) is left to MassTransit: stopping it waits for the endpoints that
        // depend on it, and no event is consumed there. A fault while the bus stops is the stop's, not the broker's.
        if (!_busStopping && faulted.ReceiveEndpoint is not ReceiveEndpoint { IsBusEndpoint: true })
        {
            _faulted[faulted.InputAddress] = faulted.ReceiveEndpoint;
        }
        return Task.CompletedTask;
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        _faulted.TryRemove(ready.InputAddress, out _);
        _restarted.TryRemove(ready.InputAddress, out _);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public async Task PreStop(IBus bus)
    {
        _busStopping = true;
        // Waits out a restart under way (its stop is bounded by the stop timeout, whatever the transport does), so the bus
        // then stops the new transport.
        await _restarting.WaitAsync();
        _faulted.Clear();
        _restarting.Release();
    }

    public Task PreStart(IBus bus)
    {
        _busStopping = false;
        return Task.CompletedTask;
    }

    public void PostCreate(IBus bus) { }
    public void CreateFaulted(Exception exception) { }
    public Task PostStart(IBus bus, Task<BusReady> busReady) => Task.CompletedTask;
    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;
    public Task PostStop(IBus bus) => Task.CompletedTask;
    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ProbeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // Only endpoints whose pause is over: a broker that accepts and refuses is not even probed meanwhile.
                var due = _faulted.Where(f => !_restarted.TryGetValue(f.Key, out var last) || DateTimeOffset.UtcNow - last.At >= last.Pause).ToList();
                if (due.Count == 0 || _busStopping || !await broker.AcceptsAsync(ProbeInterval * 4, stoppingToken))
                {
                    continue;
                }
                await _restarting.WaitAsync(stoppingToken);
                try
                {
                    foreach (var (address, endpoint) in due)
                    {
                        // Removed first: should the new transport fault too, its Faulted event puts it back.
                        if (!_busStopping && _faulted.TryRemove(new KeyValuePair<Uri, IReceiveEndpoint>(address, endpoint)))
                        {
                            // The first restart since the endpoint was last ready waits nothing; each one after it, twice
                            // the one before.
                            var pause = _restarted.TryGetValue(address, out var last) ? Min(last.Pause * 2, LongestPause) : _firstPause;
                            var at = DateTimeOffset.UtcNow;
                            _restarted[address] = (at, pause);
                            if (await RestartAsync(address, endpoint))
                            {
                                Interlocked.Increment(ref _restartCount);
                                _restarts.Enqueue((address, at));
                                while (_restarts.Count > RestartsKept && _restarts.TryDequeue(out _))
                                {
                                }
                            }
                        }
                    }
                }
                finally
                {
                    _restarting.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task<bool> RestartAsync(Uri address, IReceiveEndpoint endpoint)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_stopTimeout);
            // Bounded here, not only by the token: MassTransit's stop waits for the old transport's run to end, and a run
            // stuck in a channel call (a broker, or a proxy before it, that took the connection and never answered)
            // ignores the token. The harness saw such a stop wait for over ten minutes, holding every later restart and
            // the bus's own stop (PreStop) behind it. A stop that times out goes on in the background; the endpoint
            // cannot be started before it ends (MassTransit refuses a second start), so it is tried again after the pause.
            var stop = endpoint.Stop(timeout.Token);
            _ = stop.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            await stop.WaitAsync(_stopTimeout);
            // Not the host's stopping token: the start must not be cancelled half-way by a shutdown, which stops it anyway.
            endpoint.Start(CancellationToken.None);
            logger.LogInformation("Broker accepts connections again: receive endpoint {Address} started again instead of waiting for its transport's back-off", address);
            return true;
        }
        catch (Exception e)
        {
            // Tried again after the pause: a stop that timed out has ended the old transport's retry all the same, so
            // leaving it would leave the endpoint stopped.
            _faulted.TryAdd(address, endpoint);
            logger.LogWarning(e, "Receive endpoint {Address} could not be started again; trying again in {Pause}", address, _restarted.TryGetValue(address, out var r) ? r.Pause : _firstPause);
            return false;
        }
    }
}
