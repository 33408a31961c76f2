using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace NamndFollowUp.Faults.Tests;

/// <summary>
/// A TCP port in front of the harness's broker. Forwarding, it is the broker; refusing AMQP, it still accepts every TCP
/// connection and closes it at once, as a broker whose listener is up but whose AMQP handshake fails does (a node still
/// booting, a load balancer in front of a dead node, a wrong password). It counts the connections it accepted.
/// </summary>
public sealed class BrokerFront : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _broker;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _forwarded = new();
    private readonly Task _accepting;
    private volatile bool _refusingAmqp;
    private int _accepted;

    public BrokerFront(int brokerPort)
    {
        _broker = brokerPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string ConnectionString => $"amqp://guest:guest@localhost:{Port}/";

    /// <summary>TCP connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Closes every forwarded connection and from now on closes each new one as soon as it is accepted.</summary>
    public void RefuseAmqp()
    {
        _refusingAmqp = true;
        foreach (var (client, broker) in _forwarded)
        {
            client.Dispose();
            broker.Dispose();
        }
        _forwarded.Clear();
    }

    public void Forward() => _refusingAmqp = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            if (_refusingAmqp)
            {
                client.Dispose();
                continue;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var broker = new TcpClient();
        try
        {
            await broker.ConnectAsync(IPAddress.Loopback, _broker, _stop.Token);
            _forwarded[client] = broker;
            var up = client.GetStream().CopyToAsync(broker.GetStream(), _stop.Token);
            var down = broker.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception)
        {
            // A connection closed by either side, or by RefuseAmqp: the other side is closed below.
        }
        finally
        {
            _forwarded.TryRemove(client, out _);
            client.Dispose();
            broker.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        RefuseAmqp();
        await _accepting;
        _stop.Dispose();
    }
}
