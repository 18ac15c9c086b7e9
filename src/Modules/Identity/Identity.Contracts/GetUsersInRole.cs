using Mediator;

namespace OrleansCrm.Identity.Contracts;

/// <summary>
/// The active (not locked) users of a role, ordered by user name, for another module that gives work to a role (a Sales
/// robot's task for "SalesHead"). An unknown role has no users.
/// </summary>
public sealed record GetUsersInRole(string Role) : IQuery<IReadOnlyList<RoleUser>>;

public sealed record RoleUser(Guid Id, string UserName);
