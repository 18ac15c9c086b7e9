using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.Store;
using OrleansCrm.Identity.Users;

namespace OrleansCrm.Identity.ListUsers;

/// <summary>Every user with their roles, by name. A CRM has tens of users, not thousands: no paging.</summary>
public sealed record ListUsers : IQuery<IReadOnlyList<UserDetails>>;

/// <summary>Nothing to check: the query has no input. Present because every message has a validator (ValidatorCoverageTests).</summary>
public sealed class ListUsersValidator : AbstractValidator<ListUsers>
{
}

public sealed class ListUsersHandler(IServiceScopeFactory scopes, TimeProvider time) : IQueryHandler<ListUsers, IReadOnlyList<UserDetails>>
{
    public async ValueTask<IReadOnlyList<UserDetails>> Handle(ListUsers query, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedUserName).ToListAsync(cancellationToken);
        var roles = await (from userRole in db.UserRoles
                           join role in db.Roles on userRole.RoleId equals role.Id
                           select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken);
        var rolesOf = roles.ToLookup(r => r.UserId, r => r.Name!);
        var now = time.GetUtcNow();
        return users.Select(u => UserAccounts.Details(u, rolesOf[u.Id], now)).ToList();
    }
}
