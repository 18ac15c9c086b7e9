using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.Store;

namespace OrleansCrm.Identity.ListUsers;

public sealed class GetUsersInRoleValidator : AbstractValidator<GetUsersInRole>
{
    public GetUsersInRoleValidator()
    {
        RuleFor(q => q.Role).NotEmpty().MaximumLength(256);
    }
}

/// <summary>A locked user (a blocked account, or one locked after failed sign-ins) is not active: no work goes to them.</summary>
public sealed class GetUsersInRoleHandler(IServiceScopeFactory scopes, TimeProvider time) : IQueryHandler<GetUsersInRole, IReadOnlyList<RoleUser>>
{
    public async ValueTask<IReadOnlyList<RoleUser>> Handle(GetUsersInRole query, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var now = time.GetUtcNow();
        return (await users.GetUsersInRoleAsync(query.Role))
            .Where(u => !(u.LockoutEnd > now) && Guid.TryParse(u.Id, out _))
            .Select(u => new RoleUser(Guid.Parse(u.Id), u.UserName!))
            .OrderBy(u => u.UserName, StringComparer.Ordinal)
            .ToList();
    }
}
