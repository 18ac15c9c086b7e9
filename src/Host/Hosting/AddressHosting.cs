using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace OrleansCrm.Host.Hosting;

/// <summary>
/// Where the host listens. The usual ASP.NET Core ways choose it (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c>, <c>Kestrel:Endpoints</c>); only when none is given does the product take
/// <see cref="DefaultUrl"/>. (A <c>Urls</c> in appsettings.json would outrank <c>ASPNETCORE_URLS</c>, hence the default in code.)
/// </summary>
public static partial class AddressHosting
{
    public const string DefaultUrl = "http://localhost:5080";

    public const string HowToChoose = "--urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS";

    public static void AddCrmAddresses(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrWhiteSpace(configuration["urls"]) && string.IsNullOrWhiteSpace(configuration["http_ports"])
            && string.IsNullOrWhiteSpace(configuration["https_ports"]) && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }

    /// <summary>A loopback port nobody listens on now, for the embedded silo and gateway when none is configured.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The one line the product's own process prints when it cannot start because an address is taken (Kestrel's or the
    /// silo's), naming the port and the setting that moves it; null for any other failure.
    /// </summary>
    public static string? PortInUse(Exception exception, IConfiguration? configuration)
    {
        var inUse = Chain(exception).FirstOrDefault(e =>
            e is Microsoft.AspNetCore.Connections.AddressInUseException
            || e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
            || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase));
        if (inUse is null)
        {
            return null;
        }

        var text = string.Join(" ", Chain(exception).Select(e => e.Message));
        var port = Port().Match(text) is { Success: true } match ? match.Groups[1].Value : null;
        var options = new OrleansOptions();
        configuration?.GetSection(OrleansOptions.Section).Bind(options);
        if (port is not null && port == options.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture) && configuration?[$"{OrleansOptions.Section}:SiloPort"] is not null)
        {
            return $"OrleansCrm stopped: port {port} is already in use (the silo's port): choose another with Crm:Orleans:SiloPort (Crm__Orleans__SiloPort).";
        }

        if (port is not null && port == options.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture) && configuration?[$"{OrleansOptions.Section}:GatewayPort"] is not null)
        {
            return $"OrleansCrm stopped: port {port} is already in use (the gateway's port): choose another with Crm:Orleans:GatewayPort (Crm__Orleans__GatewayPort).";
        }

        return port is null
            ? $"OrleansCrm stopped: the address it should listen on is already in use: choose another with {HowToChoose}."
            : $"OrleansCrm stopped: port {port} is already in use: choose another with {HowToChoose} (e.g. --urls http://localhost:{(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) % 65535) + 1}).";
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }

            yield return e;
        }
    }

    [GeneratedRegex(@"(?:\]|[\w.\-+*])+:(\d{1,5})\b")]
    private static partial Regex Port();
}
