using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.Billing.Wall;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Testing;

namespace OrleansCrm.Billing.Tests.Reports;

/// <summary>A payment written and announced reaches a wall's hub connection as <c>moneyChanged</c> with the new figures.</summary>
public abstract class MoneyLiveTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    [Fact]
    public async Task A_payment_reaches_the_wall_with_the_new_figures()
    {
        await using var host = MoneyHost.Start(Database);
        await using var wall = await WallClient.ConnectAsync(host, CrmRoles.Director);
        var rows = new MoneyRows(Database.Options);
        var client = Guid.NewGuid();
        var invoice = await rows.DocumentAsync(client, 2000m, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 18));
        var payment = await rows.PaymentAsync(1234.56m, MoneyHost.Today, MoneyHost.Today);
        await rows.AllocateAsync(payment, invoice, client, 1234.56m);

        host.Services.GetRequiredService<IMoneyChanges>().Changed();

        var figures = await wall.NextAsync(MoneyChanged.HubMessage);
        Assert.Equal(1234.56m, figures.GetProperty("cashToday").GetDecimal());
        Assert.Equal(1234.56m, figures.GetProperty("cashMonth").GetDecimal());
        Assert.Equal(2000m, figures.GetProperty("invoicedMonth").GetDecimal());
        Assert.Equal(1234.56m, figures.GetProperty("paidMonth").GetDecimal());
        Assert.Equal(765.44m, figures.GetProperty("expected7").GetDecimal());
        Assert.Equal(765.44m, figures.GetProperty("expected30").GetDecimal());
        Assert.Equal(MoneyHost.Now, figures.GetProperty("at").GetDateTimeOffset());

        // A burst of changes ends with the figures after the last one.
        for (var i = 0; i < 20; i++)
        {
            await rows.PaymentAsync(1m, MoneyHost.Today, MoneyHost.Today);
            host.Services.GetRequiredService<IMoneyChanges>().Changed();
        }

        decimal cashToday;
        do
        {
            cashToday = (await wall.NextAsync(MoneyChanged.HubMessage)).GetProperty("cashToday").GetDecimal();
        }
        while (cashToday != 1254.56m); // gives up after a patience without a message
    }
}

public sealed class SqliteMoneyLiveTests() : MoneyLiveTests(DatabaseProvider.Sqlite);

public sealed class PostgresMoneyLiveTests() : MoneyLiveTests(DatabaseProvider.PostgreSql);

/// <summary>Server mode: a change announced on one host of a cluster reaches the walls on the others.</summary>
public sealed class MoneyLiveClusterTests() : DatabaseTest(DatabaseProvider.PostgreSql)
{
    [Fact]
    public async Task A_change_on_one_host_reaches_the_walls_on_another()
    {
        await using var a = MoneyHost.Start(Database);
        await using var b = MoneyHost.Start(Database);
        await Task.WhenAll(Task.Run(() => a.Http().Dispose()), Task.Run(() => b.Http().Dispose()));
        await using var wallOnB = await WallClient.ConnectAsync(b, CrmRoles.SalesHead);
        var rows = new MoneyRows(Database.Options);
        await rows.PaymentAsync(777m, MoneyHost.Today, MoneyHost.Today);

        // The hosts find each other's live feed a moment after they start: announce until B's wall has heard A.
        var changes = a.Services.GetRequiredService<IMoneyChanges>();
        using var patience = new CancellationTokenSource(WallClient.Patience);
        while (true)
        {
            changes.Changed();
            var heard = await wallOnB.TryNextAsync(MoneyChanged.HubMessage, TimeSpan.FromMilliseconds(500));
            if (heard is { } figures)
            {
                Assert.Equal(777m, figures.GetProperty("cashToday").GetDecimal());
                return;
            }

            Assert.False(patience.IsCancellationRequested, "host B's wall never heard host A's change");
        }
    }
}

/// <summary>A screen on the operations hub, as an outside client sees it: JSON messages by name.</summary>
internal sealed class WallClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly HubConnection _connection;
    private readonly Channel<(string Message, JsonElement Body)> _received = Channel.CreateUnbounded<(string, JsonElement)>();

    private WallClient(HubConnection connection)
    {
        _connection = connection;
        connection.On<JsonElement>(MoneyChanged.HubMessage, body => _received.Writer.TryWrite((MoneyChanged.HubMessage, body)));
    }

    public static async Task<WallClient> ConnectAsync(CrmHost host, string role)
    {
        var token = await host.TokenAsync($"wall-{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..30], [role]);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.ClientOptions.BaseAddress, "/hubs/operations"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var client = new WallClient(connection);
        await connection.StartAsync();
        return client;
    }

    public async Task<JsonElement> NextAsync(string message)
    {
        using var patience = new CancellationTokenSource(Patience);
        await foreach (var received in _received.Reader.ReadAllAsync(patience.Token))
        {
            if (received.Message == message)
            {
                return received.Body;
            }
        }

        throw new InvalidOperationException("unreachable: the channel is never completed");
    }

    /// <summary>The next such message within <paramref name="wait"/>, or null.</summary>
    public async Task<JsonElement?> TryNextAsync(string message, TimeSpan wait)
    {
        try
        {
            using var patience = new CancellationTokenSource(wait);
            await foreach (var received in _received.Reader.ReadAllAsync(patience.Token))
            {
                if (received.Message == message)
                {
                    return received.Body;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // nothing yet
        }

        return null;
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
