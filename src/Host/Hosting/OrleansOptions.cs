using System.Net;

namespace OrleansCrm.Host.Hosting;

/// <summary>Bound from <c>Crm:Orleans</c>. Several hosts on one PostgreSQL database with the same ids form one cluster.</summary>
public sealed class OrleansOptions
{
    public const string Section = "Crm:Orleans";

    public string ClusterId { get; set; } = "orleans-crm";
    public string ServiceId { get; set; } = "orleans-crm";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at; server mode defaults to this machine's first address.</summary>
    public string? AdvertisedIp { get; set; }

    public IPAddress ResolveAdvertisedIp()
    {
        if (!string.IsNullOrWhiteSpace(AdvertisedIp))
        {
            return IPAddress.Parse(AdvertisedIp);
        }

        return Dns.GetHostAddresses(Dns.GetHostName())
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
