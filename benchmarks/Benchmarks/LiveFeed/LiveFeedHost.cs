extern alias CrmHostApp;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Benchmarks.ServiceDesk;

namespace OrleansCrm.Benchmarks.LiveFeed;

/// <summary>
/// The product's own Program on Kestrel at 127.0.0.1, embedded mode (SQLite in a temporary folder), no demo data, and an
/// <c>admin</c> user, through whom the benchmark creates the wall's users and takes their bearer tokens.
/// </summary>
internal sealed class LiveFeedHost : WebApplicationFactory<CrmHostApp::Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "orleanscrm-bench-livefeed", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;

    public LiveFeedHost()
    {
        Directory.CreateDirectory(_folder);
        _settings = new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Crm:Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Crm"] = $"Data Source={Path.Combine(_folder, "crm.db")}",
            ["Crm:Orleans:SiloPort"] = FreePort().ToString(),
            ["Crm:Orleans:GatewayPort"] = FreePort().ToString(),
            ["Crm:Demo:Seed"] = "false",
            ["Crm:Security:AdminPassword"] = BenchmarkUsers.AdminPassword,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        this.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        // With CRM_BUILD_SLOT the binaries live outside the repository, where the factory's search for the solution
        // folder fails before ConfigureWebHost runs; this setting is read first.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ORLEANSCRM_HOST", ProductHost.HostContentRoot());
    }

    /// <summary>Starts the host (once) and returns where it listens: http://127.0.0.1:port/.</summary>
    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>Creates a user with this role and returns their bearer token.</summary>
    public Task<string> TokenForNewUserAsync(HttpClient http, string userName, string role) => BenchmarkUsers.TokenForNewUserAsync(http, userName, role);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
