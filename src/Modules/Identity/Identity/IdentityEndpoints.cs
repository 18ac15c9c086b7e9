using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.IssueToken;
using OrleansCrm.Identity.SignIn;
using OrleansCrm.Identity.Texts;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Identity.Users;

namespace OrleansCrm.Identity;

/// <summary>Sign-in (cookie for the web UI, bearer tokens for API clients) and user management for administrators.</summary>
public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(AccountRoutes.Token, async Task<Results<Ok<IssuedToken>, ProblemHttpResult>> (
            IssueToken.IssueToken command, HttpContext context, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var outcome = await mediator.Send(command with { Address = PasswordCheck.AddressOf(context) }, cancellationToken);
            if (outcome.Token is { } token)
            {
                return TypedResults.Ok(token);
            }

            switch (outcome.Refusal)
            {
                case SignInRefusal.Throttled:
                    var seconds = CookieSignIn.RetryAfterSeconds(outcome.RetryAfter ?? TimeSpan.FromSeconds(1));
                    context.Response.Headers.RetryAfter = seconds;
                    return Problem(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts.", IdentityTexts.Say("SignInThrottled", long.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)));
                case SignInRefusal.LockedOut:
                    return Problem(StatusCodes.Status423Locked, "The account is locked.", LockedText(outcome.LockedUntil));
                default:
                    return Problem(StatusCodes.Status401Unauthorized, "Sign-in failed.", IdentityTexts.Say("SignInInvalid"));
            }
        })
        .AllowAnonymous()
        .WithTags("Sign-in")
        .WithSummary("A bearer token for the API and the hub")
        .WithDescription("Body: { \"userName\", \"password\" } → { \"accessToken\", \"expiresAt\" }. Send it as 'Authorization: Bearer …' (the hub: ?access_token=…). "
            + "A wrong user name or password is 401 (whether or not the user exists); an account an administrator locked is 423 (said only for the right password); "
            + "too many attempts from one address, or for one user from addresses it has not signed in from, are 429 with Retry-After.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status423Locked);

        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", CookieSignIn.LoginAsync).AllowAnonymous();
        account.MapPost("/logout", CookieSignIn.LogoutAsync);

        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(CrmPolicies.Admin);
        users.MapGet("/", async Task<Ok<IReadOnlyList<UserDetails>>> (IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ListUsers.ListUsers(), cancellationToken)))
        .WithSummary("Every user with roles, specialist link and lock");

        users.MapPost("/", async Task<Created<UserDetails>> (CreateUser.CreateUser command, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var user = await mediator.Send(command, cancellationToken);
            return TypedResults.Created($"/api/users/{user.Id}", user);
        })
        .WithSummary("Create a user")
        .WithDescription($"Body: {{ \"userName\", \"password\", \"roles\": [...], \"specialistId\": null }}. Roles: {string.Join(", ", CrmRoles.All)}. A taken user name is 409.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        users.MapPut("/{id}", async Task<Ok<UserDetails>> (string id, UpdateUser.UpdateUser command, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id }, cancellationToken)))
        .WithSummary("Change a user's roles, specialist link, lock or password")
        .WithDescription("Body: { \"roles\": [...], \"specialistId\": null, \"locked\": true|false|null, \"password\": null }. Roles and specialistId replace what is there; "
            + "locked and password change only when given. The user's sessions and tokens end. The last active administrator cannot lose the role or be locked (409).")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }

    private static ServerText LockedText(DateTimeOffset? until) =>
        until is { } end && end < UserAccounts.LockedForGood
            ? IdentityTexts.Say("AccountLockedUntil", end)
            : IdentityTexts.Say("AccountLocked");

    /// <summary>The English detail, with the code and arguments a client in another language renders.</summary>
    private static ProblemHttpResult Problem(int status, string title, ServerText text) =>
        TypedResults.Problem(statusCode: status, title: title, detail: ServerTexts.InEnglish(text), extensions: new Dictionary<string, object?>
        {
            ["code"] = text.Code,
            ["args"] = text.Args.Select(arg => arg.Value).ToArray(),
        });
}
