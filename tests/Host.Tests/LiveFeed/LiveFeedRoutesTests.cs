using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients;
using OrleansCrm.Host.LiveFeed;
using OrleansCrm.ServiceDesk;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff;

namespace OrleansCrm.Host.Tests.LiveFeed;

/// <summary>The routes and group policies the modules declare, read as the host reads them.</summary>
public sealed class LiveFeedRoutesTests
{
    private static readonly Guid Olena = Guid.NewGuid();
    private static readonly Guid Petro = Guid.NewGuid();

    // The modules as Program registers them (only their registrations: nothing here needs a database).
    private static readonly ServiceProvider Modules = ModuleServices();
    private static readonly LiveFeedRoutes Routes = new(Modules.GetServices<ILiveRoute>());

    [Fact]
    public void A_ticket_goes_to_the_wall_the_board_and_both_its_new_and_its_previous_assignee()
    {
        var route = Routes.For(TestEvents.Ticket("redirected", Olena, Petro))!;

        Assert.Equal("ticketChanged", route.Message);
        Assert.Equal([LiveGroups.Wall, LiveGroups.Dispatch, $"specialist:{Olena}", $"specialist:{Petro}"], route.Groups);
        Assert.Equal([LiveGroups.Wall, LiveGroups.Dispatch], Routes.For(TestEvents.Ticket("waiting"))!.Groups);
        Assert.Equal([LiveGroups.Wall, LiveGroups.Dispatch, LiveGroups.Specialist(Petro)], Routes.For(TestEvents.Ticket("unassigned", null, Petro))!.Groups);
        Assert.Equal([LiveGroups.Wall, LiveGroups.Dispatch, LiveGroups.Specialist(Olena)], Routes.For(TestEvents.Ticket("same", Olena, Olena))!.Groups);
    }

    [Fact]
    public void Loads_and_alerts_go_to_the_wall_the_board_and_the_specialist_they_name()
    {
        var load = Routes.For(TestEvents.Load(Olena))!;
        Assert.Equal("loadChanged", load.Message);
        Assert.Equal([LiveGroups.Wall, LiveGroups.Dispatch, LiveGroups.Specialist(Olena)], load.Groups);

        var alert = Routes.For(TestEvents.Alert(Olena))!;
        Assert.Equal("alertRaised", alert.Message);
        Assert.Equal([LiveGroups.Wall, LiveGroups.Dispatch, LiveGroups.Specialist(Olena)], alert.Groups);
        Assert.Equal([LiveGroups.Wall, LiveGroups.Dispatch], Routes.For(TestEvents.Alert())!.Groups);
    }

    [Theory]
    [InlineData(CrmRoles.Director, "wall,dispatch")]
    [InlineData(CrmRoles.Dispatcher, "wall,dispatch")]
    [InlineData(CrmRoles.Specialist, "specialist")]
    [InlineData(CrmRoles.Manager, "")]
    public void A_connection_joins_the_groups_of_its_roles(string role, string expected)
    {
        var groups = HubGroups().GroupsOf(User(Olena, role));

        Assert.Equal(expected.Replace("specialist", LiveGroups.Specialist(Olena)).Split(',', StringSplitOptions.RemoveEmptyEntries), groups);
    }

    [Fact]
    public void A_specialist_without_a_linked_record_joins_nothing()
    {
        Assert.Empty(HubGroups().GroupsOf(User(null, CrmRoles.Specialist)));
    }

    [Fact]
    public void A_user_in_several_modules_audiences_joins_each_group_once()
    {
        var twice = new OperationsHubGroups(
        [
            .. Modules.GetServices<ILiveGroupPolicy>(),
            new TestPolicy(LiveGroups.Wall, "desk:methods"),
        ]);

        var groups = twice.GroupsOf(User(Olena, CrmRoles.Dispatcher, CrmRoles.Specialist));

        Assert.Equal(4, groups.Count);
        Assert.Equal(
            new HashSet<string> { LiveGroups.Wall, LiveGroups.Dispatch, LiveGroups.Specialist(Olena), "desk:methods" },
            groups.ToHashSet());
    }

    [Fact]
    public void A_connection_in_several_target_groups_is_sent_to_once()
    {
        var groups = new OperationsHubGroups([]);
        groups.Joined("director", [LiveGroups.Wall, LiveGroups.Dispatch]);
        groups.Joined("olena", [LiveGroups.Specialist(Olena)]);
        groups.Joined("dispatching-specialist", [LiveGroups.Wall, LiveGroups.Dispatch, LiveGroups.Specialist(Petro)]);
        var route = Routes.For(TestEvents.Ticket("redirected", Olena, Petro))!;

        // "director" and "dispatching-specialist" get it through the wall group; only Olena needs a send by id.
        Assert.Equal(["olena"], groups.BeyondFirst(route.Groups));

        groups.Left("olena");
        Assert.Empty(groups.BeyondFirst(route.Groups));
    }

    [Fact]
    public void An_event_no_module_routes_or_routes_to_nobody_goes_to_no_screen()
    {
        var routes = new LiveFeedRoutes([new LiveRoute<Silent>("silent", _ => [])]);

        Assert.Null(routes.For(new Silent(DateTimeOffset.UtcNow)));
        Assert.Null(routes.For(TestEvents.Ticket("no route here")));
    }

    [Fact]
    public void Two_routes_for_one_event_type_are_refused_with_both_names()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new LiveFeedRoutes(
        [
            .. Modules.GetServices<ILiveRoute>(),
            new LiveRoute<TicketChanged>("ticketMoved", _ => [LiveGroups.Wall]),
        ]));

        Assert.Contains(typeof(TicketChanged).FullName!, refused.Message);
        Assert.Contains("\"ticketChanged\"", refused.Message);
        Assert.Contains("\"ticketMoved\"", refused.Message);
    }

    [Fact]
    public void A_route_needs_the_events_concrete_type()
    {
        Assert.Throws<ArgumentException>(() => new LiveRoute<ILiveEvent>("anything", _ => [LiveGroups.Wall]));
    }

    private static ServiceProvider ModuleServices()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddClientsModule(configuration);
        services.AddStaffModule(configuration);
        services.AddServiceDeskModule(configuration);
        return services.BuildServiceProvider();
    }

    private static OperationsHubGroups HubGroups() => new(Modules.GetServices<ILiveGroupPolicy>());

    private static ClaimsPrincipal User(Guid? specialistId, params string[] roles) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, "someone"),
            .. roles.Select(role => new Claim(ClaimTypes.Role, role)),
            .. specialistId is { } id ? [new Claim(CrmClaims.SpecialistId, id.ToString())] : Array.Empty<Claim>(),
        ],
        "test"));

    private sealed record Silent(DateTimeOffset At) : ILiveEvent;

    private sealed class TestPolicy(params string[] groups) : ILiveGroupPolicy
    {
        public IEnumerable<string> GroupsOf(ClaimsPrincipal user) => groups;
    }
}
