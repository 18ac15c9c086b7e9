using System.Security.Claims;

namespace OrleansCrm.BuildingBlocks.LiveFeed;

/// <summary>
/// Which of a module's groups a signed-in hub connection joins, from its user's roles and claims. The hub asks every
/// registered policy once, when the connection opens, and joins the union; a client cannot choose its groups.
/// A module registers its policy with <see cref="LiveFeedRegistration.AddLiveGroups"/>.
/// </summary>
public interface ILiveGroupPolicy
{
    /// <summary>The groups <paramref name="user"/> may hear; none when the module has nothing for them.</summary>
    IEnumerable<string> GroupsOf(ClaimsPrincipal user);
}
