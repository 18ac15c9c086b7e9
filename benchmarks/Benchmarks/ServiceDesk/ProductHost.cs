extern alias CrmHostApp;

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// The product's own Program (the composition root the API runs), served by Kestrel on a free loopback port, with its
/// silo on free loopback ports, in server mode on the PostgreSQL database it is given. Like tests/Testing's CrmHost,
/// plus two benchmark-only additions: this assembly's grains (<see cref="IPingGrain"/>) and a grain call timer that
/// stays a pass-through unless <see cref="GrainCallTimings.Enabled"/>.
/// </summary>
internal sealed class ProductHost : WebApplicationFactory<CrmHostApp::Program>
{
    private readonly Dictionary<string, string?> _settings;

    /// <param name="settings">Settings over the defaults below (the sales benchmark seeds the demo data: <c>Crm:Demo:Seed</c>).</param>
    public ProductHost(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Crm:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Crm"] = connectionString,
            ["Crm:Orleans:SiloPort"] = FreePort().ToString(),
            ["Crm:Orleans:GatewayPort"] = FreePort().ToString(),
            ["Crm:Orleans:AdvertisedIp"] = "127.0.0.1",
            ["Crm:Orleans:ClusterId"] = "benchmark",
            ["Crm:Demo:Seed"] = "false",
            ["Crm:Security:AdminPassword"] = BenchmarkUsers.AdminPassword,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        this.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public GrainCallTimings Timings { get; } = new();

    /// <summary>Starts the host (once) and returns where its API listens: always http://127.0.0.1:port/.</summary>
    public Uri Start()
    {
        // WebApplicationFactory looks for its manifest in the working directory and otherwise for a solution above the
        // assembly, which a build slot (CRM_BUILD_SLOT: bin outside the tree) does not have; the setting it reads first
        // (ASPNETCORE_TEST_CONTENTROOT_<ASSEMBLY>) names src/Host wherever this assembly was built.
        var assembly = typeof(CrmHostApp::Program).Assembly.GetName().Name!;
        Environment.SetEnvironmentVariable($"ASPNETCORE_TEST_CONTENTROOT_{assembly.ToUpperInvariant().Replace('.', '_')}", HostContentRoot());
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var uri = new Uri(address.EndsWith('/') ? address : address + "/");
        if (!IPAddress.TryParse(uri.Host, out var ip) || !IPAddress.IsLoopback(ip) || ip.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new InvalidOperationException($"The host listens on {uri}; the benchmark only sends requests to 127.0.0.1.");
        }

        return uri;
    }

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // WebApplicationFactory reads its manifest from the working directory; run.sh runs from the repository root.
        builder.UseContentRoot(HostContentRoot());

        builder.ConfigureServices(services =>
        {
            services.AddSerializer(serializer => serializer.AddAssembly(typeof(PingGrain).Assembly));
            services.AddSingleton<IIncomingGrainCallFilter>(Timings);
        });
    }

    /// <summary>src/Host, from the manifest Microsoft.AspNetCore.Mvc.Testing writes next to this assembly.</summary>
    internal static string HostContentRoot()
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json");
        var roots = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(manifest))!;
        return roots[typeof(CrmHostApp::Program).Assembly.FullName!];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
