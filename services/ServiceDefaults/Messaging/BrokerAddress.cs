using System.Net.Sockets;

namespace NamndFollowUp.ServiceDefaults.Messaging;

/// <summary>Where the broker listens for AMQP (ConnectionStrings:RabbitMq's host and port).</summary>
public sealed record BrokerAddress(string Host, int Port)
{
    public static BrokerAddress Of(Uri connection) => new(connection.Host, connection.IsDefaultPort || connection.Port <= 0 ? 5672 : connection.Port);

    /// <summary>
    /// Whether the broker accepts a connection now. A stopped RabbitMQ application closes its listener, so a refused or
    /// unanswered connection means it is still away; one accepted is the moment it is back.
    /// </summary>
    public async Task<bool> AcceptsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(Host, Port, attempt.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
