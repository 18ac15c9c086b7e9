using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Deals;

/// <summary>
/// The kanban's live feed as an outside hub client hears it: every change of a deal (created, edited, moved, paused, won,
/// lost) reaches its owner and the heads of sales as <c>dealChanged</c>; another manager does not hear it, and no other
/// role joins a deal group.
/// </summary>
public abstract class DealLiveTests(HostFixture fixture)
{
    private readonly SalesApi _api = new(fixture);

    [Fact]
    public async Task Each_change_of_a_deal_reaches_its_owner_and_the_heads_of_sales_but_not_another_manager()
    {
        var owner = await SalesUser.SignInAsync(fixture.Host, _api, CrmRoles.Manager);
        var other = await SalesUser.SignInAsync(fixture.Host, _api, CrmRoles.Manager);
        var head = await SalesUser.SignInAsync(fixture.Host, _api, CrmRoles.SalesHead);
        await using var ownerHears = await DealListener.ConnectAsync(fixture.Host, owner);
        await using var otherHears = await DealListener.ConnectAsync(fixture.Host, other);
        await using var headHears = await DealListener.ConnectAsync(fixture.Host, head);

        var pipeline = await _api.PipelineAsync(new
        {
            name = SalesApi.Unique("Живі"),
            stages = new object[]
            {
                new { code = "new", name = "Нова", probability = 10, requiredFields = new[] { "amount" } },
                new { code = "offer", name = "Пропозиція", probability = 50 },
            },
            lossReasons = new[] { "Дорого" },
        });
        var client = await _api.ClientAsync();
        var deal = await _api.DealAsync(owner.Http, new { clientId = client, pipelineId = SalesApi.Id(pipeline), title = "M.E.Doc" });
        var id = SalesApi.Id(deal);
        var edited = await SalesApi.ReadAsync(await owner.Http.PutAsJsonAsync($"/api/deals/{id}",
            new { title = "M.E.Doc Звітність", amount = 4800m, version = SalesApi.Version(deal) }, CrmHost.Json));
        var moved = await SalesApi.ReadAsync(await owner.Http.PostAsJsonAsync($"/api/deals/{id}/move", new { toStage = "offer", version = SalesApi.Version(edited) }, CrmHost.Json));
        var paused = await SalesApi.ReadAsync(await owner.Http.PostAsJsonAsync($"/api/deals/{id}/pause",
            new { until = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)), comment = "Бюджет у січні" }, CrmHost.Json));
        var won = await SalesApi.ReadAsync(await owner.Http.PostAsJsonAsync($"/api/deals/{id}/win", new { amount = 4500m }, CrmHost.Json));
        var lostDeal = await _api.DealAsync(owner.Http, new { clientId = client, pipelineId = SalesApi.Id(pipeline), title = "КЕП", amount = 300m });
        await SalesApi.ReadAsync(await owner.Http.PostAsJsonAsync($"/api/deals/{SalesApi.Id(lostDeal)}/lose", new { reason = "Дорого" }, CrmHost.Json));

        // created, edited, moved, paused, won: one message per version, with the stage and status the change left.
        var expected = new[]
        {
            (1, "new", "Open"), (SalesApi.Version(edited), "new", "Open"), (SalesApi.Version(moved), "offer", "Open"),
            (SalesApi.Version(paused), "offer", "Open"), (SalesApi.Version(won), "offer", "Won"),
        };
        foreach (var listener in new[] { ownerHears, headHears })
        {
            foreach (var (version, stage, status) in expected)
            {
                var change = await listener.UntilAsync(id, version);
                Assert.Equal(stage, change.GetProperty("stage").GetString());
                Assert.Equal(status, change.GetProperty("status").GetString());
                Assert.Equal(owner.Id, change.GetProperty("ownerId").GetGuid());
                Assert.Equal(SalesApi.Id(pipeline), change.GetProperty("pipelineId").GetGuid());
            }

            Assert.Equal("Lost", (await listener.UntilAsync(SalesApi.Id(lostDeal), 2)).GetProperty("status").GetString());
        }

        // The other manager's own deal, changed after all of the above, reaches them; the feed delivers in order, so
        // by then the first owner's changes would have reached them too, had they been in the audience.
        var theirs = await _api.DealAsync(other.Http, new { clientId = client, pipelineId = SalesApi.Id(pipeline), title = "ITS" });
        await otherHears.UntilAsync(SalesApi.Id(theirs), 1);
        await headHears.UntilAsync(SalesApi.Id(theirs), 1);
        Assert.DoesNotContain(otherHears.Received, r => r.GetProperty("dealId").GetGuid() == id || r.GetProperty("dealId").GetGuid() == SalesApi.Id(lostDeal));
        Assert.DoesNotContain(ownerHears.Received, r => r.GetProperty("dealId").GetGuid() == SalesApi.Id(theirs));
    }

    [Fact]
    public void Only_sales_users_join_deal_groups_and_only_heads_hear_every_deal()
    {
        var policies = fixture.Host.HostServices.GetServices<ILiveGroupPolicy>().ToList();
        var user = Guid.NewGuid();
        IReadOnlyList<string> GroupsOf(string role) => policies.SelectMany(p => p.GroupsOf(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.ToString()), new Claim(ClaimTypes.Role, role)], "test")))).ToList();

        Assert.Contains(SalesGroups.User(user), GroupsOf(CrmRoles.Manager));
        Assert.DoesNotContain(LiveGroups.SalesHeads, GroupsOf(CrmRoles.Manager));
        Assert.Contains(LiveGroups.SalesHeads, GroupsOf(CrmRoles.SalesHead));
        Assert.Contains(LiveGroups.SalesHeads, GroupsOf(CrmRoles.Director));
        foreach (var role in CrmRoles.All.Except([CrmRoles.Manager, CrmRoles.SalesHead, CrmRoles.Director]))
        {
            var groups = GroupsOf(role);
            Assert.DoesNotContain(LiveGroups.SalesHeads, groups);
            Assert.DoesNotContain(SalesGroups.User(user), groups);
        }
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class DealLiveOnSqlite(SqliteHostFixture fixture) : DealLiveTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class DealLiveOnPostgres(PostgresHostFixture fixture) : DealLiveTests(fixture);

/// <summary>A signed-in sales user: their API client, token and id.</summary>
internal sealed record SalesUser(HttpClient Http, string Token, Guid Id)
{
    public static async Task<SalesUser> SignInAsync(CrmHost host, SalesApi api, string role)
    {
        var name = "live" + Guid.NewGuid().ToString("N")[..10];
        var token = await host.TokenAsync(name, [role]);
        var http = await host.HttpAsync(name, [role]);
        var users = JsonNode.Parse(await api.Http.GetStringAsync("/api/users"))!.AsArray();
        return new SalesUser(http, token, Guid.Parse(users.First(u => u!["userName"]!.GetValue<string>() == name)!["id"]!.GetValue<string>()));
    }
}

/// <summary>A kanban on the operations hub as an outside client sees it: <c>dealChanged</c> messages as JSON.</summary>
internal sealed class DealListener : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly HubConnection _connection;
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();

    private DealListener(HubConnection connection)
    {
        _connection = connection;
        connection.On<JsonElement>(DealChanged.HubMessage, body => _received.Writer.TryWrite(body));
    }

    /// <summary>Everything read so far, in order.</summary>
    public List<JsonElement> Received { get; } = [];

    /// <summary>
    /// Connects and returns once the hub delivers to this user: SignalR ends the handshake before the hub has put the
    /// connection in its groups, so probes (changes of made-up deals the user owns) are published until one arrives.
    /// </summary>
    public static async Task<DealListener> ConnectAsync(CrmHost host, SalesUser user)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.ClientOptions.BaseAddress, "/hubs/operations"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(user.Token);
            })
            .Build();
        var listener = new DealListener(connection);
        await connection.StartAsync();
        var feed = host.HostServices.GetRequiredService<ILiveFeed>();
        var probes = new HashSet<Guid>();
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var probe = Guid.NewGuid();
            probes.Add(probe);
            feed.Publish(new DealChanged(probe, 1, user.Id, Guid.Empty, "probe", DealStatus.Open, DateTimeOffset.UtcNow));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await foreach (var body in listener._received.Reader.ReadAllAsync(wait.Token))
                {
                    if (probes.Contains(body.GetProperty("dealId").GetGuid()))
                    {
                        return listener;
                    }
                }
            }
            catch (OperationCanceledException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>The deal's change at this version, whether already read or arriving later; fails after a patience.</summary>
    public async Task<JsonElement> UntilAsync(Guid dealId, int version)
    {
        bool Wanted(JsonElement e) => e.GetProperty("dealId").GetGuid() == dealId && e.GetProperty("version").GetInt32() == version;
        foreach (var seen in Received.Where(Wanted))
        {
            return seen;
        }

        using var patience = new CancellationTokenSource(Patience);
        await foreach (var body in _received.Reader.ReadAllAsync(patience.Token))
        {
            Received.Add(body);
            if (Wanted(body))
            {
                return body;
            }
        }

        throw new InvalidOperationException("unreachable: the channel is never completed");
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
