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
/// meanwhile waited for them (issue 17: up to 27 s; the harness's full-scale run: 8.4 s for the first). The publishing
/// side already notices at once (the outbox dispatcher's probe). While an endpoint is faulted this probes the broker's
/// port every <see cref="ProbeInterval"/>; when it accepts, the endpoint is stopped and started, which starts a new
/// transport that connects at once instead of sleeping out the old one's back-off.
/// </summary>
public sealed class ReceiveEndpointRevival(BrokerAddress broker, ILogger<ReceiveEndpointRevival> logger) : BackgroundService, IReceiveEndpointObserver
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>An endpoint started again and faulting again (the port accepts, AMQP does not yet) waits this long before
    /// the next start, so a broker that accepts but refuses (a wrong password) is not asked four times a second.</summary>
    public static readonly TimeSpan RestartPause = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Uri, IReceiveEndpoint> _faulted = new();
    private readonly ConcurrentDictionary<Uri, DateTimeOffset> _restartedAt = new();
    private long _restarts;

    /// <summary>How many times an endpoint was started again (for tests and logs).</summary>
    public long Restarts => Interlocked.Read(ref _restarts);

    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        // The bus's own endpoint (responses to requests) is left to MassTransit: stopping it waits for the endpoints that
        // depend on it, and no event is consumed there.
        if (faulted.ReceiveEndpoint is not ReceiveEndpoint { IsBusEndpoint: true })
        {
            _faulted[faulted.InputAddress] = faulted.ReceiveEndpoint;
        }
        return Task.CompletedTask;
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        _faulted.TryRemove(ready.InputAddress, out _);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ProbeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var due = _faulted.Where(f => !_restartedAt.TryGetValue(f.Key, out var at) || DateTimeOffset.UtcNow - at >= RestartPause).ToList();
                if (due.Count == 0 || !await broker.AcceptsAsync(ProbeInterval * 4, stoppingToken))
                {
                    continue;
                }
                foreach (var (address, endpoint) in due)
                {
                    // Removed first: should the new transport fault too, its Faulted event puts it back.
                    if (_faulted.TryRemove(new KeyValuePair<Uri, IReceiveEndpoint>(address, endpoint)))
                    {
                        _restartedAt[address] = DateTimeOffset.UtcNow;
                        await RestartAsync(address, endpoint);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RestartAsync(Uri address, IReceiveEndpoint endpoint)
    {
        try
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            await endpoint.Stop(timeout.Token);
            // Not the host's stopping token: the start must not be cancelled half-way by a shutdown, which stops it anyway.
            endpoint.Start(CancellationToken.None);
            Interlocked.Increment(ref _restarts);
            logger.LogInformation("Broker accepts connections again: receive endpoint {Address} started again instead of waiting for its transport's back-off", address);
        }
        catch (Exception e)
        {
            // Tried again after the pause: a stop that timed out has ended the old transport's retry all the same, so
            // leaving it would leave the endpoint stopped.
            _faulted.TryAdd(address, endpoint);
            logger.LogWarning(e, "Receive endpoint {Address} could not be started again; trying again in {Pause}", address, RestartPause);
        }
    }
}
