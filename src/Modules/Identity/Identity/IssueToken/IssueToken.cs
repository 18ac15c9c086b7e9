using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.Store;
using OrleansCrm.Identity.Tokens;

namespace OrleansCrm.Identity.IssueToken;

/// <summary>A bearer token for a user name and password. Failures count toward the lockout, as at the login page.</summary>
public sealed record IssueToken(string? UserName, string? Password) : ICommand<TokenOutcome>;

/// <summary>The token, or why there is none.</summary>
public sealed record TokenOutcome(IssuedToken? Token, TokenRefusal? Refusal, DateTimeOffset? LockedUntil = null);

public enum TokenRefusal
{
    /// <summary>No such user, or the wrong password: the two are not told apart.</summary>
    InvalidCredentials,

    /// <summary>Too many failures in a row, or locked by an administrator.</summary>
    LockedOut,
}

public sealed class IssueTokenValidator : AbstractValidator<IssueToken>
{
    public IssueTokenValidator()
    {
        RuleFor(t => t.UserName).NotEmpty().WithMessage("The user name is required.").MaximumLength(256);
        RuleFor(t => t.Password).NotEmpty().WithMessage("The password is required.").MaximumLength(1000);
    }
}

public sealed class IssueTokenHandler(IServiceScopeFactory scopes, AccessTokens tokens) : ICommandHandler<IssueToken, TokenOutcome>
{
    public async ValueTask<TokenOutcome> Handle(IssueToken command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<CrmUser>>();

        var user = await users.FindByNameAsync(command.UserName!.Trim());
        if (user is null)
        {
            return new TokenOutcome(null, TokenRefusal.InvalidCredentials);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, command.Password!, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return new TokenOutcome(null, TokenRefusal.LockedOut, (await users.GetLockoutEndDateAsync(user)));
        }

        if (!result.Succeeded)
        {
            return new TokenOutcome(null, TokenRefusal.InvalidCredentials);
        }

        return new TokenOutcome(tokens.Issue(await signIn.CreateUserPrincipalAsync(user)), null);
    }
}
