using System.Net;
using System.Net.Sockets;

namespace OrleansCrm.Testing;

public static class FreePorts
{
    // Below Linux's ephemeral range (32768–60999): a port the OS hands out for "any free port" can be taken by an
    // outgoing connection (a database or HTTP client of a test running beside) before the silo binds it, which made a
    // host fail to start now and then ("Address already in use"). Ports here are only ever taken by listeners.
    private const int First = 20_000;
    private const int Last = 32_000;

    private static readonly HashSet<int> Given = [];

    /// <summary>A TCP port nobody listens on right now, and not handed out before in this process: each test host's silo and gateway need their own.</summary>
    public static int Next()
    {
        lock (Given)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(First, Last);
                if (Given.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                Given.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException($"No free TCP port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            // Any address: in server mode a silo listens on all of them.
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
