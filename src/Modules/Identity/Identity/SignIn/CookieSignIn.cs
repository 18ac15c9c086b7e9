using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.Store;

namespace OrleansCrm.Identity.SignIn;

/// <summary>
/// The web UI's sign-in: the login page posts its form here (the antiforgery token is checked by the framework before
/// the form is read), and the browser is sent on with a cookie, or back to the page with the reason.
/// </summary>
internal static class CookieSignIn
{
    public static async Task<IResult> LoginAsync(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext context, SignInManager<CrmUser> signIn, PasswordCheck passwords)
    {
        var local = IsLocal(returnUrl) ? returnUrl : null;
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || userName.Length > 256 || password.Length > 1000)
        {
            return BackToLogin(AccountRoutes.ErrorInvalid, local);
        }

        var verdict = await passwords.CheckAsync(signIn.UserManager, userName, password, PasswordCheck.AddressOf(context));
        if (verdict.User is { } user)
        {
            await signIn.SignInAsync(user, isPersistent: false);
            return Results.Redirect(local ?? "/");
        }

        if (verdict.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds(wait);
        }

        return BackToLogin(verdict.Refusal switch
        {
            SignInRefusal.LockedOut => AccountRoutes.ErrorLocked,
            SignInRefusal.Throttled => AccountRoutes.ErrorThrottled,
            _ => AccountRoutes.ErrorInvalid,
        }, local);
    }

    /// <summary>Whole seconds, rounded up: a client that waits this long is let in.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) => ((long)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>No form fields to bind, so the antiforgery token is checked here rather than by the framework.</summary>
    public static async Task<IResult> LogoutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The antiforgery token is missing or invalid.");
        }

        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        return Results.Redirect(AccountRoutes.LoginPage);
    }

    /// <summary>Only paths of this site: "/tickets" yes; "//evil.example", "/\evil", "https://…" no (open redirects).</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    private static IResult BackToLogin(string error, string? returnUrl)
    {
        var query = QueryString.Create(AccountRoutes.ErrorParameter, error);
        if (returnUrl is not null)
        {
            query = query.Add(AccountRoutes.ReturnUrlParameter, returnUrl);
        }

        return Results.Redirect(AccountRoutes.LoginPage + query.ToUriComponent());
    }
}
