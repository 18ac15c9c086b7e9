using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.Store;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Identity.Users;

/// <summary>Rules a user's fields follow, shared by creating and changing users; every broken one is reported at once.</summary>
public sealed class UserRules(IServiceScopeFactory scopes, IGrainFactory grains)
{
    public const int MaxUserNameLength = 64;

    public static void UserName<T>(IRuleBuilderInitial<T, string?> rule) =>
        rule.NotEmpty().WithMessage("The user name is required.")
            .Length(2, MaxUserNameLength)
            .Matches("^[A-Za-z0-9._@+-]+$").WithMessage("A user name has Latin letters, digits and . _ @ + - only.");

    public static void Roles<T>(IRuleBuilderInitial<T, IReadOnlyList<string>?> rule) =>
        rule.Custom((roles, context) =>
        {
            if (roles is null || roles.Count == 0)
            {
                context.AddFailure("Give the user at least one role.");
                return;
            }

            for (var i = 0; i < roles.Count; i++)
            {
                if (Canonical(roles[i]) is null)
                {
                    context.AddFailure(new ValidationFailure($"{context.PropertyPath}[{i}]", $"Roles are {string.Join(", ", CrmRoles.All)}."));
                }
            }
        });

    /// <summary>The role as the product spells it, whatever the case it was sent in; null for no such role.</summary>
    public static string? Canonical(string? role) => CrmRoles.All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Identity's password policy (length, digits, cases, symbols), as field messages.</summary>
    public async Task<IReadOnlyList<string>> PasswordProblemsAsync(string password, string? userName)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new CrmUser { UserName = userName }, password);
            problems.AddRange(result.Errors.Select(e => e.Description));
        }

        return problems;
    }

    public async Task<bool> SpecialistExistsAsync(Guid specialistId) => await grains.GetGrain<ISpecialistGrain>(specialistId).Get() is not null;

    public void Password<T>(IRuleBuilderInitial<T, string?> rule, Func<T, string?> userName) =>
        rule.CustomAsync(async (password, context, _) =>
        {
            if (string.IsNullOrEmpty(password))
            {
                return;
            }

            foreach (var problem in await PasswordProblemsAsync(password, userName(context.InstanceToValidate)))
            {
                context.AddFailure(problem);
            }
        });

    public void Specialist<T>(IRuleBuilderInitial<T, Guid?> rule) =>
        rule.MustAsync(async (id, _) => id is not { } specialistId || await SpecialistExistsAsync(specialistId))
            .WithMessage((_, id) => $"Specialist {id} does not exist.");
}
