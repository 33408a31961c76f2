using System.Net;
using System.Net.Sockets;

namespace NamndFollowUp.TestSupport;

public static class Ports
{
    /// <summary>A port nothing listens on now (the operating system's pick), so parallel runs never collide.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
