using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using OrleansCrm.BuildingBlocks.Grains;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.Contracts;

namespace OrleansCrm.Testing;

/// <summary>
/// The real product host, served by Kestrel on a free loopback port, with its own silo ports,
/// on the database it is given. Stopping one and starting another on the same database is a restart.
/// Every API call needs a signed-in user: <see cref="Http()"/> is one holding every role but Specialist.
/// </summary>
public sealed class CrmHost : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The <c>admin</c> user's password the host seeds (server mode's <c>Crm:Security:AdminPassword</c>).</summary>
    public const string AdminPassword = "Admin-Test-1";

    /// <summary>The password of every user the tests create.</summary>
    public const string UserPassword = "User-Test-1";

    /// <summary>The user <see cref="Http()"/> signs in as: every role but Specialist, so no ticket is out of reach.</summary>
    public const string OperatorUserName = "operator";

    public static readonly IReadOnlyList<string> OperatorRoles = CrmRoles.All.Where(r => r != CrmRoles.Specialist).ToList();

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new();

    /// <param name="services">Extra services for this host (a test's recurring job, a test module's live routes), added after the product's own.</param>
    public CrmHost(DatabaseProvider provider, string connectionString, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
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
            ["Crm:Security:AdminPassword"] = AdminPassword,
            // Tests sign in many users from one address in a burst; the sign-in throttle's own tests set their limits.
            ["Crm:Security:SignInAttemptsPerAddress"] = "100000",
            ["Crm:Security:SignInFailuresPerAddress"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        this.UseKestrel(0);
    }

    public DatabaseProvider Provider { get; }

    /// <summary>Faults the test injects into this host's grain calls and state writes; none until it adds some.</summary>
    public Faults Faults { get; } = new();

    /// <summary>
    /// Shifts the clock the grains read (through the save pipeline's kit), e.g. to start "days later". Sign-in keeps the
    /// real clock: its tokens are checked against it.
    /// </summary>
    public TimeSpan GrainClockOffset { get; init; }

    /// <summary>The host's services (starts the host).</summary>
    public IServiceProvider HostServices
    {
        get
        {
            StartServer();
            return Services;
        }
    }

    public string ConnectionString { get; }

    /// <summary>An HTTP client on the real server signed in as <see cref="OperatorUserName"/>; starts the host on first use.</summary>
    public HttpClient Http() => Task.Run(() => HttpAsync(OperatorUserName, OperatorRoles)).GetAwaiter().GetResult();

    /// <summary>A client signed in as a user holding just this role (created on first use, named after the role).</summary>
    public HttpClient Http(string role) => Task.Run(() => HttpAsync($"as-{role.ToLowerInvariant()}", [role])).GetAwaiter().GetResult();

    /// <summary>
    /// A client signed in as this user, created through the admin user API with these roles (and specialist link) the
    /// first time it is asked for on this host's database.
    /// </summary>
    public async Task<HttpClient> HttpAsync(string userName, IReadOnlyList<string> roles, Guid? specialistId = null)
    {
        var token = await TokenAsync(userName, roles, specialistId);
        // The factory's own client, as before sign-in existed (it buffers request bodies, which some tests rely on).
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A client that is not signed in.</summary>
    public HttpClient AnonymousHttp()
    {
        StartServer();
        // The factory's options carry the real server's address. A plain client, so that a 302 to the sign-in page is
        // shown rather than followed (the factory's own clients on Kestrel follow redirects whatever they are told).
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = ClientOptions.BaseAddress };
    }

    /// <summary>A bearer token for this user (created on first use with <see cref="UserPassword"/>); cached per host.</summary>
    public Task<string> TokenAsync(string userName, IReadOnlyList<string> roles, Guid? specialistId = null) =>
        _tokens.GetOrAdd(userName, _ => new Lazy<Task<string>>(async () =>
        {
            using var http = AnonymousHttp();
            return await SignInAsync(http, userName, roles, specialistId);
        })).Value;

    /// <summary>POST /api/auth/token.</summary>
    public async Task<HttpResponseMessage> RequestTokenAsync(string userName, string password)
    {
        using var http = AnonymousHttp();
        return await RequestTokenAsync(http, userName, password);
    }

    public static Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, string userName, string password) =>
        http.PostAsJsonAsync(AccountRoutes.Token, new { userName, password }, Json);

    /// <summary>
    /// Signs <paramref name="http"/> in (its Authorization header) as this user, creating the user through the admin API
    /// when it is not there yet. For hosts made some other way (a derived factory's TestServer client).
    /// </summary>
    public static async Task<HttpClient> AuthorizeAsync(HttpClient http, string userName = OperatorUserName, IReadOnlyList<string>? roles = null)
    {
        var token = await SignInAsync(http, userName, roles ?? OperatorRoles, null);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<string> SignInAsync(HttpClient http, string userName, IReadOnlyList<string> roles, Guid? specialistId)
    {
        if (userName == "admin")
        {
            return await TokenOfAsync(http, "admin", AdminPassword);
        }

        var create = new HttpRequestMessage(HttpMethod.Post, "/api/users")
        {
            Content = JsonContent.Create(new { userName, password = UserPassword, roles, specialistId }, options: Json),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenOfAsync(http, "admin", AdminPassword));
        var created = await http.SendAsync(create);
        if (created.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"Creating test user {userName}: {created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }

        return await TokenOfAsync(http, userName, UserPassword);
    }

    private static async Task<string> TokenOfAsync(HttpClient http, string userName, string password)
    {
        var response = await RequestTokenAsync(http, userName, password);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Signing in {userName}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await ReadAsync<IssuedToken>(response)).AccessToken;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            Faults.Install(services);
            if (GrainClockOffset != TimeSpan.Zero)
            {
                services.AddSingleton(sp => new GrainKit(
                    sp.GetRequiredService<ILiveFeed>(), sp.GetRequiredService<GroupCommitWriter>(), new ShiftedClock(GrainClockOffset), sp.GetRequiredService<ILoggerFactory>(),
                    sp.GetRequiredService<OrleansCrm.BuildingBlocks.Audit.AuditLog>()));
            }

            _services?.Invoke(services);
        });
    }

    /// <summary>The system clock, moved by a fixed offset (a restart "days later").</summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json))!;
}
