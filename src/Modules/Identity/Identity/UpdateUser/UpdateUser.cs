using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.Store;
using OrleansCrm.Identity.Tokens;
using OrleansCrm.Identity.Texts;
using OrleansCrm.Identity.Users;

namespace OrleansCrm.Identity.UpdateUser;

/// <summary>
/// Replaces a user's roles and specialist link (null unlinks); <see cref="Locked"/> locks (until unlocked) or unlocks
/// when given; <see cref="Password"/> sets a new password when given. Any change signs the user out everywhere:
/// their cookies and tokens stop working.
/// </summary>
public sealed record UpdateUser(IReadOnlyList<string>? Roles, Guid? SpecialistId, bool? Locked, string? Password) : ICommand<UserDetails>
{
    [JsonIgnore]
    public string Id { get; init; } = "";
}

public sealed class UpdateUserValidator : AbstractValidator<UpdateUser>
{
    public UpdateUserValidator(UserRules rules)
    {
        UserRules.Roles(RuleFor(u => u.Roles));
        RuleFor(u => u.Password).MaximumLength(200);
        rules.Password(RuleFor(u => u.Password), _ => null);
        rules.Specialist(RuleFor(u => u.SpecialistId));
    }
}

public sealed class UpdateUserHandler(IServiceScopeFactory scopes, TokenRevocation revocation, TimeProvider time) : ICommandHandler<UpdateUser, UserDetails>
{
    public async ValueTask<UserDetails> Handle(UpdateUser command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        var user = await users.FindByIdAsync(command.Id) ?? throw new NotFoundException(IdentityTexts.Say("UserNotFound", command.Id));
        var now = time.GetUtcNow();

        var current = await users.GetRolesAsync(user);
        var roles = command.Roles!.Select(r => UserRules.Canonical(r)!).Distinct().ToList();
        var stillAdmin = roles.Contains(CrmRoles.Admin) && command.Locked != true;
        if (current.Contains(CrmRoles.Admin) && !stillAdmin && !await AnotherActiveAdminAsync(users, user, now))
        {
            throw new ConflictException(IdentityTexts.Say("LastActiveAdmin", user.UserName));
        }

        if (command.SpecialistId is { } specialistId && specialistId != user.SpecialistId
            && await db.Users.AnyAsync(u => u.SpecialistId == specialistId && u.Id != user.Id, cancellationToken))
        {
            throw new ConflictException(IdentityTexts.Say("SpecialistAlreadyLinked", specialistId.ToString()));
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            Check(await users.RemoveFromRolesAsync(user, current.Except(roles)));
            Check(await users.AddToRolesAsync(user, roles.Except(current)));
            user.SpecialistId = command.SpecialistId;
            if (!string.IsNullOrEmpty(command.Password))
            {
                user.PasswordHash = users.PasswordHasher.HashPassword(user, command.Password);
            }

            if (command.Locked == true)
            {
                user.LockoutEnabled = true;
                user.LockoutEnd = UserAccounts.LockedForGood;
            }
            else if (command.Locked == false)
            {
                user.LockoutEnd = null;
                user.AccessFailedCount = 0;
            }

            // A new stamp ends every session and token issued before this change.
            Check(await users.UpdateSecurityStampAsync(user));
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index caught a race the check above could not see.
            throw new ConflictException(IdentityTexts.Say("SpecialistAlreadyLinked", command.SpecialistId?.ToString()));
        }

        revocation.Forget(user.Id);
        return UserAccounts.Details(user, roles, now);
    }

    private static async Task<bool> AnotherActiveAdminAsync(UserManager<CrmUser> users, CrmUser user, DateTimeOffset now) =>
        (await users.GetUsersInRoleAsync(CrmRoles.Admin)).Any(u => u.Id != user.Id && !(u.LockoutEnd > now));

    private static void Check(IdentityResult result)
    {
        if (result.Succeeded)
        {
            return;
        }

        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            throw new ConflictException(IdentityTexts.Say("UserChangedMeanwhile"));
        }

        throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
