using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Identity.Texts;
using OrleansCrm.Identity.Store;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Identity.Users;

/// <summary>Rules a user's fields follow, shared by creating and changing users; every broken one is reported at once.</summary>
public sealed class UserRules(IServiceScopeFactory scopes, IGrainFactory grains)
{
    public const int MaxUserNameLength = 64;

    public static void UserName<T>(IRuleBuilderInitial<T, string?> rule) =>
        rule.NotEmpty().WithText(IdentityTexts.Code("UserNameRequired"))
            .Length(2, MaxUserNameLength)
            .Matches("^[A-Za-z0-9._@+-]+$").WithText(IdentityTexts.Code("UserNameCharacters"));

    public static void Roles<T>(IRuleBuilderInitial<T, IReadOnlyList<string>?> rule) =>
        rule.Custom((roles, context) =>
        {
            if (roles is null || roles.Count == 0)
            {
                context.AddFailure(Failure(context.PropertyPath, IdentityTexts.Say("RolesRequired")));
                return;
            }

            for (var i = 0; i < roles.Count; i++)
            {
                if (Canonical(roles[i]) is null)
                {
                    context.AddFailure(Failure($"{context.PropertyPath}[{i}]", IdentityTexts.Say("RoleUnknown", string.Join(", ", CrmRoles.All))));
                }
            }
        });

    /// <summary>The role as the product spells it, whatever the case it was sent in; null for no such role.</summary>
    public static string? Canonical(string? role) => CrmRoles.All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Identity's password policy (length, digits, cases, symbols), as texts in the reader's language.</summary>
    public async Task<IReadOnlyList<ServerText>> PasswordProblemsAsync(string password, string? userName)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var policy = users.Options.Password;
        var problems = new List<ServerText>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new CrmUser { UserName = userName }, password);
            problems.AddRange(result.Errors.Select(e => e.Code switch
            {
                nameof(IdentityErrorDescriber.PasswordTooShort) => IdentityTexts.Say("PasswordTooShort", policy.RequiredLength),
                nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => IdentityTexts.Say("PasswordRequiresUniqueChars", policy.RequiredUniqueChars),
                nameof(IdentityErrorDescriber.PasswordRequiresDigit) => IdentityTexts.Say("PasswordRequiresDigit"),
                nameof(IdentityErrorDescriber.PasswordRequiresLower) => IdentityTexts.Say("PasswordRequiresLower"),
                nameof(IdentityErrorDescriber.PasswordRequiresUpper) => IdentityTexts.Say("PasswordRequiresUpper"),
                nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => IdentityTexts.Say("PasswordRequiresNonAlphanumeric"),
                _ => IdentityTexts.Say("PasswordRejected", e.Description), // a validator of Identity's we do not know by name
            }));
        }

        return problems;
    }

    /// <summary>A failure whose message is a server text, rendered in the culture of the validation, with its code.</summary>
    private static ValidationFailure Failure(string property, ServerText text) => new(property, ServerTexts.Render(text)) { ErrorCode = text.Code };

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
                context.AddFailure(Failure(context.PropertyPath, problem));
            }
        });

    public void Specialist<T>(IRuleBuilderInitial<T, Guid?> rule) =>
        rule.MustAsync(async (id, _) => id is not { } specialistId || await SpecialistExistsAsync(specialistId))
            .WithText(IdentityTexts.Code("SpecialistNotFound"), (_, id) => [id?.ToString()]);
}
