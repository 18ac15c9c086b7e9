using System.Net;
using System.Net.Sockets;

namespace OrleansCrm.Testing;

public static class FreePorts
{
    /// <summary>A TCP port nobody listens on right now: each test host's silo and gateway need their own.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
