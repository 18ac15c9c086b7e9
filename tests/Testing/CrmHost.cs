using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Testing;

/// <summary>
/// The real product host, served by Kestrel on a free loopback port, with its own silo ports,
/// on the database it is given. Stopping one and starting another on the same database is a restart.
/// </summary>
public sealed class CrmHost : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private readonly Dictionary<string, string?> _settings;

    public CrmHost(DatabaseProvider provider, string connectionString, IDictionary<string, string?>? settings = null)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _settings = new Dictionary<string, string?>
        {
            ["Crm:Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Crm"] = connectionString,
            ["Crm:Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Crm:Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            ["Crm:Orleans:AdvertisedIp"] = "127.0.0.1",
            ["Crm:Demo:Seed"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        this.UseKestrel(0);
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>An HTTP client on the real server; starts the host on first use.</summary>
    public HttpClient Http()
    {
        StartServer();
        return CreateClient();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json))!;
}
