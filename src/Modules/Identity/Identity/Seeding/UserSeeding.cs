using OrleansCrm.BuildingBlocks.Texts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.Store;
using OrleansCrm.Identity.Users;

namespace OrleansCrm.Identity.Seeding;

/// <summary>The demo mode's users: one per role, named after it in lower case.</summary>
public static class DemoUsers
{
    public const string Password = "Demo123!";

    public const string Admin = "admin";

    public static IReadOnlyList<(string UserName, string Role)> All { get; } = CrmRoles.All.Select(role => (role.ToLowerInvariant(), role)).ToList();
}

/// <summary>
/// Users the product needs before anyone can sign in: <c>admin</c> with <c>Crm:Security:AdminPassword</c> when it is
/// configured, and in demo mode one user per role. Only missing users are created, so restarts (and hosts starting
/// together) change nothing; an existing user's password and roles are never touched.
/// </summary>
internal sealed class UserSeeding(IServiceScopeFactory scopes, IOptions<CrmSecurityOptions> security, IOptions<UserSeedOptions> seed, ILogger<UserSeeding> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (security.Value.AdminPassword is { Length: > 0 } adminPassword)
        {
            await EnsureAsync(DemoUsers.Admin, adminPassword, CrmRoles.Admin, null, cancellationToken);
        }
        else if (!seed.Value.DemoUsers)
        {
            logger.LogWarning(
                "{Setting} is not set: no admin user is created. Set it (e.g. Crm__Security__AdminPassword) to create one on start.",
                $"{CrmSecurityOptions.Section}:{nameof(CrmSecurityOptions.AdminPassword)}");
        }

        if (seed.Value.DemoUsers)
        {
            foreach (var (userName, role) in DemoUsers.All)
            {
                var specialistId = role == CrmRoles.Specialist ? seed.Value.DemoSpecialistId : null;
                await EnsureAsync(userName, DemoUsers.Password, role, specialistId, cancellationToken, seed.Value.DemoUserIds.GetValueOrDefault(userName));
            }
        }
    }

    private async Task EnsureAsync(string userName, string password, string role, Guid? specialistId, CancellationToken cancellationToken, Guid id = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        if (await users.FindByNameAsync(userName) is not null)
        {
            return;
        }

        var problems = await scope.ServiceProvider.GetRequiredService<UserRules>().PasswordProblemsAsync(password, userName);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The password configured for '{userName}' does not meet the password policy: {string.Join(" ", problems.Select(ServerTexts.InEnglish))}");
        }

        try
        {
            await UserAccounts.CreateAsync(users, scope.ServiceProvider.GetRequiredService<UsersDbContext>(), userName, password, [role], specialistId, cancellationToken, id == Guid.Empty ? null : id.ToString());
            logger.LogInformation("Created user {UserName} ({Role})", userName, role);
        }
        catch (ConflictException)
        {
            // another host created it at the same moment
        }
    }
}
