using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.SignIn;
using OrleansCrm.Identity.Store;
using OrleansCrm.Identity.Tokens;

namespace OrleansCrm.Identity.IssueToken;

/// <summary>A bearer token for a user name and password, checked as at the login page (<see cref="PasswordCheck"/>).</summary>
public sealed record IssueToken(string? UserName, string? Password) : ICommand<TokenOutcome>
{
    /// <summary>Where the request came from (<see cref="PasswordCheck.AddressOf"/>), set by the endpoint, never by the body.</summary>
    [JsonIgnore]
    public string Address { get; init; } = "unknown";
}

/// <summary>The token, or why there is none.</summary>
public sealed record TokenOutcome(IssuedToken? Token, SignInRefusal? Refusal, DateTimeOffset? LockedUntil = null, TimeSpan? RetryAfter = null);

public sealed class IssueTokenValidator : AbstractValidator<IssueToken>
{
    public IssueTokenValidator()
    {
        RuleFor(t => t.UserName).NotEmpty().WithMessage("The user name is required.").MaximumLength(256);
        RuleFor(t => t.Password).NotEmpty().WithMessage("The password is required.").MaximumLength(1000);
    }
}

public sealed class IssueTokenHandler(IServiceScopeFactory scopes, AccessTokens tokens, PasswordCheck passwords) : ICommandHandler<IssueToken, TokenOutcome>
{
    public async ValueTask<TokenOutcome> Handle(IssueToken command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<CrmUser>>();

        var verdict = await passwords.CheckAsync(users, command.UserName!, command.Password!, command.Address);
        if (verdict.User is not { } user)
        {
            return new TokenOutcome(null, verdict.Refusal, verdict.LockedUntil, verdict.RetryAfter);
        }

        return new TokenOutcome(tokens.Issue(await signIn.CreateUserPrincipalAsync(user)), null);
    }
}
