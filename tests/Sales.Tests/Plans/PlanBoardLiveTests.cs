using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Mediator;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Plans;

/// <summary>
/// The wall's plan tile: a deal won or an invoice paid, announced through Mediator as their modules publish them, reaches
/// a wall's hub connection as <c>planChanged</c> with the month's new figures; an announcement repeated counts once.
/// </summary>
public abstract class PlanBoardLiveTests(HostFixture fixture)
{
    [Fact]
    public async Task A_won_deal_and_a_paid_invoice_reach_the_wall_once_each()
    {
        await using var wall = await PlanWall.ConnectAsync(fixture.Host, CrmRoles.Director);
        var mediator = fixture.Host.HostServices.GetRequiredService<IMediator>();
        var rows = new SalesRows(fixture.Host);
        var before = JsonNode.Parse(await fixture.Http.GetStringAsync("/api/reports/plan"))!;
        var actual = before["actualAmount"]!.GetValue<decimal>();
        var paid = before["paidAmount"]!.GetValue<decimal>();
        var now = DateTimeOffset.UtcNow;
        var owner = Guid.NewGuid();

        var deal = await rows.DealAsync(Guid.NewGuid(), "won", owner, 1_000m, DealStatus.Won, 1_234.56m, now);
        var closed = new DealClosed(deal, owner, Guid.NewGuid(), DealStatus.Won, 1_234.56m, now);
        await mediator.Publish(closed);
        var figures = await wall.UntilAsync(f => f.GetProperty("actualAmount").GetDecimal() == actual + 1_234.56m);
        Assert.Equal(before["period"]!.GetValue<string>(), figures.GetProperty("period").GetString());
        Assert.True(figures.GetProperty("wonToday").GetInt32() >= 1);
        Assert.True(figures.GetProperty("wonTodayAmount").GetDecimal() >= 1_234.56m);

        // The same deal announced again (a retried publish) counts once; an invoice paid then comes with the same actual.
        await mediator.Publish(closed);
        await mediator.Publish(closed);
        var client = await SalesRows.ClientAsync(fixture.Http, owner);
        await rows.PaidInvoiceAsync(client, 500m, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv")).DateTime));
        var invoicePaid = new InvoicePaid(Guid.NewGuid(), client, 500m, now);
        await mediator.Publish(invoicePaid);
        await mediator.Publish(invoicePaid);
        figures = await wall.UntilAsync(f => f.GetProperty("paidAmount").GetDecimal() == paid + 500m);
        Assert.Equal(actual + 1_234.56m, figures.GetProperty("actualAmount").GetDecimal());

        var after = JsonNode.Parse(await fixture.Http.GetStringAsync("/api/reports/plan"))!;
        Assert.Equal(actual + 1_234.56m, after["actualAmount"]!.GetValue<decimal>());
        Assert.Equal(paid + 500m, after["paidAmount"]!.GetValue<decimal>());
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class PlanBoardLiveOnSqlite(SqliteHostFixture fixture) : PlanBoardLiveTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PlanBoardLiveOnPostgres(PostgresHostFixture fixture) : PlanBoardLiveTests(fixture);

/// <summary>A wall on the operations hub, as an outside client sees it: <c>planChanged</c> messages as JSON.</summary>
internal sealed class PlanWall : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly HubConnection _connection;
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();

    private PlanWall(HubConnection connection)
    {
        _connection = connection;
        connection.On<JsonElement>(PlanChanged.HubMessage, body => _received.Writer.TryWrite(body));
    }

    public static async Task<PlanWall> ConnectAsync(CrmHost host, string role)
    {
        var token = await host.TokenAsync($"wall-{role.ToLowerInvariant()}", [role]);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.ClientOptions.BaseAddress, "/hubs/operations"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var wall = new PlanWall(connection);
        await connection.StartAsync();
        return wall;
    }

    /// <summary>The first planChanged that satisfies <paramref name="wanted"/> (earlier ones are passed over); fails after a patience.</summary>
    public async Task<JsonElement> UntilAsync(Func<JsonElement, bool> wanted)
    {
        using var patience = new CancellationTokenSource(Patience);
        await foreach (var figures in _received.Reader.ReadAllAsync(patience.Token))
        {
            if (wanted(figures))
            {
                return figures;
            }
        }

        throw new InvalidOperationException("unreachable: the channel is never completed");
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
