using Microsoft.AspNetCore.Identity;
using OrleansCrm.BuildingBlocks.Http;
using OrleansCrm.BuildingBlocks.Http.Texts;

namespace OrleansCrm.Host.Hosting;

/// <summary>
/// What protects the people using a browser: security headers on every response, and the sign-in cookie that cannot be
/// made to change anything from another site.
/// </summary>
public static class BrowserProtection
{
    /// <summary>The header a cookie-signed API call that changes state must carry (a form on another site cannot set it).</summary>
    public const string RequestedWithHeader = "X-Requested-With";

    /// <summary>
    /// Blazor Server and Radzen under it: scripts only from this site (blazor.web.js, Radzen.Blazor.js), styles from this
    /// site and inline (Radzen sets style attributes), the circuit's WebSocket back to this site, no frames around it.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The API reference page loads its scripts from a CDN: it gets its own, looser policy (it shows no data).</summary>
    private const string ScalarPolicy =
        "default-src 'self' https://cdn.jsdelivr.net https://fonts.scalar.com; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
        + "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.scalar.com; img-src 'self' data: https:; font-src 'self' data: https:; "
        + "connect-src 'self'; object-src 'none'; frame-ancestors 'none'";

    /// <summary>First in the pipeline, set as the response starts: the exception handler clears headers set before it.</summary>
    public static Task AddSecurityHeaders(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(SetHeaders, context);
        return next();
    }

    private static Task SetHeaders(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.XFrameOptions = "DENY";
        // Hangfire's dashboard writes inline scripts of its own: it is the admins' page and keeps the browser's defaults.
        if (!context.Request.Path.StartsWithSegments("/hangfire"))
        {
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/scalar") ? ScalarPolicy : ContentSecurityPolicy;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// After authentication: a request that changes state and rides on the sign-in cookie (no bearer token) must come from
    /// this site (its <c>Origin</c>, when the browser sends one, is this host's) and, for the API and the hub, carry
    /// <see cref="RequestedWithHeader"/>, which a plain form or a "simple" cross-site fetch cannot set. The web UI itself
    /// never calls the API (it sends Mediator commands in its circuit); SignalR's JavaScript client sends the header on
    /// its own. The sign-in and sign-out forms carry antiforgery tokens instead. Bearer-token calls are not affected.
    /// </summary>
    public static async Task RefuseCrossSite(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)
            || SecurityHosting.SelectScheme(context) != IdentityConstants.ApplicationScheme)
        {
            await next();
            return;
        }

        var cookie = request.Cookies.ContainsKey(SecurityHosting.SignInCookie);
        if (!cookie && !request.Path.StartsWithSegments("/account"))
        {
            await next();
            return;
        }

        var origin = request.Headers.Origin.ToString();
        var foreign = origin.Length > 0
            ? !SameOrigin(origin, request)
            : request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site";
        if (foreign)
        {
            await EdgeProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused.",
                HttpTexts.Say("ForeignOrigin", origin.Length > 0 ? origin : "another site"));
            return;
        }

        if (cookie && (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs")) && !request.Headers.ContainsKey(RequestedWithHeader))
        {
            await EdgeProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused.", HttpTexts.Say("CrossSiteRefused"));
            return;
        }

        await next();
    }

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
