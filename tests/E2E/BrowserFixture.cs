using System.Reflection;
using Mediator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.SearchClients;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.E2E;

/// <summary>
/// The real host on a fresh SQLite database with the demo data (clients, specialists, demo users) on a real Kestrel
/// port, and one headless Debian Chromium for every test of the collection; each test opens its own browser context.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DemoPassword = "Demo123!";

    /// <summary>The arguments Debian's Chromium needs to run headless in a container without a desktop.</summary>
    private static readonly string[] ChromiumArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private TestDatabase _database = null!;
    private IPlaywright _playwright = null!;

    public CrmHost Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A demo client every test may look for.</summary>
    public ClientSummary SomeClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        Host = _database.StartHost(new Dictionary<string, string?> { ["Crm:Demo:Seed"] = "true" });
        Host.StartServer();
        BaseAddress = new Uri(Host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

        // The demo seed runs after start-up; the pages are only worth testing once its clients are there.
        var sender = Host.Services.GetRequiredService<ISender>();
        var clients = await ApiAssert.EventuallyAsync(
            () => sender.Send(new SearchClients(null, null, null, SupportStatus.Active, 1, 5)).AsTask(), page => page.Items.Count > 0, seconds: 60);
        SomeClient = clients.Items[0];

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArguments,
        });
    }

    /// <summary>A page in a browser context of its own (its own cookies: one signed-in user), a laptop's screen unless told.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(20_000); // generous: on CI the other test projects share the two cores
        return await context.NewPageAsync();
    }

    /// <summary>An API client signed in as a demo user with a bearer token, for preparing what a test then looks at.</summary>
    public async Task<HttpClient> ApiAsync(string userName)
    {
        var http = Host.CreateClient();
        var response = await CrmHost.RequestTokenAsync(http, userName, DemoPassword);
        response.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await CrmHost.ReadAsync<IssuedToken>(response)).AccessToken);
        return http;
    }

    /// <summary>artifacts/screenshots/ at the repository root (git-ignored), one PNG per page a test looked at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var root = typeof(BrowserFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var folder = Path.Combine(root, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Host.DisposeAsync();
        await _database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
