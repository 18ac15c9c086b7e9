using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.LiveFeed;

/// <summary>
/// A module adds a live event with its message, its groups and who joins them, through the kit alone: the host, which
/// knows nothing of it, carries it to exactly the screens in those groups.
/// </summary>
public sealed class LiveFeedModuleTests() : DatabaseTest(DatabaseProvider.Sqlite)
{
    private const string Message = "parcelArrived";
    private const string MethodsDesk = "desk:methods";

    [Fact]
    public async Task A_modules_new_event_reaches_the_group_it_declares_and_no_one_else()
    {
        await using var host = new CrmHost(Database.Provider, Database.ConnectionString, services: AddParcelModule);
        host.Http().Dispose();
        await using var methodologist = await ListenAsync(host, CrmRoles.Methodologist);
        await using var director = await ListenAsync(host, CrmRoles.Director);
        var feed = host.Services.GetRequiredService<ILiveFeed>();

        var forTheDesk = new ParcelArrived(Guid.NewGuid(), Public: false, DateTimeOffset.UtcNow);
        var forEveryone = new ParcelArrived(Guid.NewGuid(), Public: true, DateTimeOffset.UtcNow);
        feed.Publish(forTheDesk);
        feed.Publish(forEveryone);

        Assert.Equal(forTheDesk.Id, await methodologist.NextIdAsync());
        Assert.Equal(forEveryone.Id, await methodologist.NextIdAsync());
        // One connection, one order: had the first reached the director, it would have come before the second.
        Assert.Equal(forEveryone.Id, await director.NextIdAsync());
        Assert.False(director.Received.TryRead(out _));
    }

    [Fact]
    public async Task A_second_route_for_one_event_type_stops_the_host_at_start_naming_both()
    {
        await using var host = new CrmHost(Database.Provider, Database.ConnectionString,
            services: services => services.AddLiveRoute<TicketChanged>("ticketMoved", _ => [LiveGroups.Wall]));

        // A process that hosts the product gets the failed start's exception (the product's own process prints one line).
        var failure = Assert.ThrowsAny<Exception>(() => host.Http().Dispose());

        Assert.Contains($"The live event {typeof(TicketChanged).FullName} has two routes, \"ticketChanged\" and \"ticketMoved\"", failure.ToString());
    }

    /// <summary>What a new module's <c>AddXModule()</c> would hold: its event's route and its audience.</summary>
    private static void AddParcelModule(IServiceCollection services)
    {
        services.AddLiveRoute<ParcelArrived>(Message, parcel => parcel.Public ? [MethodsDesk, LiveGroups.Wall] : [MethodsDesk]);
        services.AddLiveGroups(user => user.IsInRole(CrmRoles.Methodologist) ? [MethodsDesk] : []);
    }

    private static async Task<Listener> ListenAsync(CrmHost host, string role)
    {
        var token = await host.TokenAsync($"parcels-{role.ToLowerInvariant()}", [role]);
        var listener = new Listener(HubClient.Connection(host, token));
        await listener.Connection.StartAsync();
        return listener;
    }

    private sealed class Listener : IAsyncDisposable
    {
        private readonly Channel<Guid> _received = Channel.CreateUnbounded<Guid>();

        public Listener(HubConnection connection)
        {
            Connection = connection;
            connection.On<JsonElement>(Message, body => _received.Writer.TryWrite(body.GetProperty("id").GetGuid()));
        }

        public HubConnection Connection { get; }

        public ChannelReader<Guid> Received => _received.Reader;

        public async Task<Guid> NextIdAsync()
        {
            using var patience = new CancellationTokenSource(TestEvents.Patience);
            return await _received.Reader.ReadAsync(patience.Token);
        }

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }
}

/// <summary>A test module's live event: the host has never heard of it.</summary>
[GenerateSerializer, Immutable]
internal sealed record ParcelArrived([property: Id(0)] Guid Id, [property: Id(1)] bool Public, [property: Id(2)] DateTimeOffset At) : ILiveEvent;
