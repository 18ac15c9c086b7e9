using FluentValidation;
using OrleansCrm.BuildingBlocks.Texts;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.Store;
using OrleansCrm.Identity.Texts;
using OrleansCrm.Identity.Users;

namespace OrleansCrm.Identity.CreateUser;

/// <summary>A new user with a password, roles and optionally the specialist they work as. Admin only.</summary>
public sealed record CreateUser(string? UserName, string? Password, IReadOnlyList<string>? Roles, Guid? SpecialistId) : ICommand<UserDetails>;

public sealed class CreateUserValidator : AbstractValidator<CreateUser>
{
    public CreateUserValidator(UserRules rules)
    {
        UserRules.UserName(RuleFor(u => u.UserName));
        RuleFor(u => u.Password).NotEmpty().WithText(IdentityTexts.Code("PasswordRequired")).MaximumLength(200);
        rules.Password(RuleFor(u => u.Password), u => u.UserName);
        UserRules.Roles(RuleFor(u => u.Roles));
        rules.Specialist(RuleFor(u => u.SpecialistId));
    }
}

public sealed class CreateUserHandler(IServiceScopeFactory scopes, TimeProvider time) : ICommandHandler<CreateUser, UserDetails>
{
    public async ValueTask<UserDetails> Handle(CreateUser command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        var userName = command.UserName!.Trim();
        if (await users.FindByNameAsync(userName) is not null)
        {
            throw new ConflictException(IdentityTexts.Say("UserNameTaken", userName));
        }

        if (command.SpecialistId is { } specialistId && await db.Users.AnyAsync(u => u.SpecialistId == specialistId, cancellationToken))
        {
            throw new ConflictException(IdentityTexts.Say("SpecialistAlreadyLinked", specialistId.ToString()));
        }

        var roles = command.Roles!.Select(r => UserRules.Canonical(r)!).Distinct().ToList();
        var user = await UserAccounts.CreateAsync(users, db, userName, command.Password!, roles, command.SpecialistId, cancellationToken);
        return UserAccounts.Details(user, roles, time.GetUtcNow());
    }
}
