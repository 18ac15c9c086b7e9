using System.Security.Claims;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Host.LiveFeed;

namespace OrleansCrm.Host.Tests.LiveFeed;

public sealed class LiveFeedRoutesTests
{
    private static readonly Guid Olena = Guid.NewGuid();
    private static readonly Guid Petro = Guid.NewGuid();

    [Fact]
    public void A_ticket_goes_to_the_wall_the_board_and_both_its_new_and_its_previous_assignee()
    {
        var route = LiveFeedRoutes.For(TestEvents.Ticket("redirected", Olena, Petro))!;

        Assert.Equal("ticketChanged", route.Message);
        Assert.Equal([LiveGroups.Wall, LiveGroups.Dispatch, $"specialist:{Olena}", $"specialist:{Petro}"], route.Groups);
        Assert.Equal([LiveGroups.Wall, LiveGroups.Dispatch], LiveFeedRoutes.For(TestEvents.Ticket("waiting"))!.Groups);
    }

    [Fact]
    public void Loads_and_alerts_go_to_the_wall_the_board_and_the_specialist_they_name()
    {
        var load = LiveFeedRoutes.For(TestEvents.Load(Olena))!;
        Assert.Equal("loadChanged", load.Message);
        Assert.Equal([LiveGroups.Wall, LiveGroups.Dispatch, LiveGroups.Specialist(Olena)], load.Groups);

        var alert = LiveFeedRoutes.For(TestEvents.Alert(Olena))!;
        Assert.Equal("alertRaised", alert.Message);
        Assert.Equal([LiveGroups.Wall, LiveGroups.Dispatch, LiveGroups.Specialist(Olena)], alert.Groups);
        Assert.Equal([LiveGroups.Wall, LiveGroups.Dispatch], LiveFeedRoutes.For(TestEvents.Alert())!.Groups);
    }

    [Theory]
    [InlineData(CrmRoles.Director, "wall,dispatch")]
    [InlineData(CrmRoles.Dispatcher, "wall,dispatch")]
    [InlineData(CrmRoles.Specialist, "specialist")]
    [InlineData(CrmRoles.Manager, "")]
    public void A_connection_joins_the_groups_of_its_roles(string role, string expected)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "someone"), new Claim(ClaimTypes.Role, role), new Claim(CrmClaims.SpecialistId, Olena.ToString())], "test"));

        var groups = OperationsHub.GroupsOf(Caller.From(user));

        Assert.Equal(expected.Replace("specialist", LiveGroups.Specialist(Olena)).Split(',', StringSplitOptions.RemoveEmptyEntries), groups);
    }

    [Fact]
    public void A_specialist_without_a_linked_record_joins_nothing()
    {
        var caller = new Caller("specialist", [CrmRoles.Specialist], null);

        Assert.Empty(OperationsHub.GroupsOf(caller));
    }

    [Fact]
    public void A_connection_in_several_target_groups_is_sent_to_once()
    {
        var groups = new OperationsHubGroups();
        groups.Joined("director", [LiveGroups.Wall, LiveGroups.Dispatch]);
        groups.Joined("olena", [LiveGroups.Specialist(Olena)]);
        groups.Joined("dispatching-specialist", [LiveGroups.Wall, LiveGroups.Dispatch, LiveGroups.Specialist(Petro)]);
        var route = LiveFeedRoutes.For(TestEvents.Ticket("redirected", Olena, Petro))!;

        // "director" and "dispatching-specialist" get it through the wall group; only Olena needs a send by id.
        Assert.Equal(["olena"], groups.BeyondFirst(route.Groups));

        groups.Left("olena");
        Assert.Empty(groups.BeyondFirst(route.Groups));
    }
}
