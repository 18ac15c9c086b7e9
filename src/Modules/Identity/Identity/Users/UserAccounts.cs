using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.Store;
using OrleansCrm.Identity.Texts;

namespace OrleansCrm.Identity.Users;

/// <summary>What creating and reading users share: one transaction per account, and the user as the API shows it.</summary>
internal static class UserAccounts
{
    /// <summary>Locked by an administrator: until further notice (a far date rather than infinity, which the databases store differently).</summary>
    public static readonly DateTimeOffset LockedForGood = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The user and their roles in one transaction, so a crash leaves no account without roles. A name taken meanwhile
    /// (by another request or host) is a <see cref="ConflictException"/>, whichever of Identity or the unique index notices.
    /// </summary>
    public static async Task<CrmUser> CreateAsync(
        UserManager<CrmUser> users, UsersDbContext db, string userName, string password, IEnumerable<string> roles, Guid? specialistId, CancellationToken cancellationToken,
        string? id = null)
    {
        var user = new CrmUser { UserName = userName, SpecialistId = specialistId };
        if (id is not null)
        {
            user.Id = id; // a demo user other demo data refers to
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            Check(await users.CreateAsync(user, password), userName);
            Check(await users.AddToRolesAsync(user, roles), userName);
            await transaction.CommitAsync(cancellationToken);
            return user;
        }
        catch (DbUpdateException)
        {
            throw new ConflictException(IdentityTexts.Say("UserNameOrSpecialistTaken", userName));
        }
    }

    public static async Task<UserDetails> DetailsAsync(UserManager<CrmUser> users, CrmUser user, DateTimeOffset now)
    {
        var roles = await users.GetRolesAsync(user);
        return Details(user, roles, now);
    }

    public static UserDetails Details(CrmUser user, IEnumerable<string> roles, DateTimeOffset now)
    {
        var locked = user.LockoutEnd is { } end && end > now;
        return new UserDetails(user.Id, user.UserName!, roles.Order(StringComparer.Ordinal).ToList(), user.SpecialistId, locked, locked ? user.LockoutEnd : null);
    }

    private static void Check(IdentityResult result, string userName)
    {
        if (result.Succeeded)
        {
            return;
        }

        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            throw new ConflictException(IdentityTexts.Say("UserNameTaken", userName));
        }

        // Input is validated before it gets here: what is left is a fault, not the user's mistake.
        throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
