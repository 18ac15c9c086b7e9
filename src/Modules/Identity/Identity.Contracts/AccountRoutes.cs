namespace OrleansCrm.Identity.Contracts;

/// <summary>
/// Where sign-in happens, for the pages that post to it: the login page renders a form (with an antiforgery token)
/// posting <see cref="LoginFields"/> to <see cref="Login"/>; a failure comes back as <c>/login?error=…&amp;returnUrl=…</c>.
/// </summary>
public static class AccountRoutes
{
    /// <summary>The sign-in page (a page of the web UI); unauthenticated page requests are redirected here.</summary>
    public const string LoginPage = "/login";

    /// <summary>POST, form fields <c>userName</c>, <c>password</c>, <c>returnUrl</c>, with an antiforgery token.</summary>
    public const string Login = "/account/login";

    /// <summary>POST with an antiforgery token: signs the cookie out and redirects to <see cref="LoginPage"/>.</summary>
    public const string Logout = "/account/logout";

    /// <summary>POST <c>{ "userName", "password" }</c> → <c>{ "accessToken", "expiresAt" }</c>, for API clients.</summary>
    public const string Token = "/api/auth/token";

    /// <summary>The query parameter the login page reads after a failed sign-in.</summary>
    public const string ErrorParameter = "error";

    /// <summary>The user name or the password is wrong (or the user does not exist).</summary>
    public const string ErrorInvalid = "invalid";

    /// <summary>Locked by an administrator (said only after the right password).</summary>
    public const string ErrorLocked = "locked";

    /// <summary>Too many attempts from this address or for this user: try again in a while.</summary>
    public const string ErrorThrottled = "throttled";

    public const string ReturnUrlParameter = "returnUrl";
}

/// <summary>The login form's field names.</summary>
public static class LoginFields
{
    public const string UserName = "userName";
    public const string Password = "password";
    public const string ReturnUrl = "returnUrl";
}
