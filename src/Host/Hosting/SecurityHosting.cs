using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Demo;
using OrleansCrm.Host.Demo;
using OrleansCrm.Identity;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Staff.Demo;

namespace OrleansCrm.Host.Hosting;

/// <summary>
/// Who may call what: a sign-in cookie for the web UI, a bearer token for API clients and the hub, one policy scheme
/// choosing between them per request, every endpoint signed-in only unless it says otherwise.
/// </summary>
public static class SecurityHosting
{
    /// <summary>Picks bearer or cookie per request (<see cref="SelectScheme"/>).</summary>
    public const string Scheme = "crm";

    /// <summary>The web UI's sign-in cookie.</summary>
    public const string SignInCookie = ".OrleansCrm.SignIn";

    public static void AddCrmSecurity(this WebApplicationBuilder builder, DatabaseOptions database)
    {
        var services = builder.Services;
        services.AddIdentityModule(builder.Configuration);
        services.Configure<UserSeedOptions>(seed =>
        {
            seed.DemoUsers = builder.Configuration.GetValue<bool?>($"{DemoOptions.Section}:{nameof(DemoOptions.Seed)}") ?? database.Provider == DatabaseProvider.Sqlite;
            seed.DemoSpecialistId = DemoSpecialists.IdOf(0);
            seed.DemoUserIds["manager"] = DemoClients.Managers[0];
            seed.DemoUserIds["saleshead"] = DemoClients.Managers[1];
        });
        var lifetime = builder.Configuration.GetSection(CrmSecurityOptions.Section).Get<CrmSecurityOptions>()?.TokenLifetime ?? new CrmSecurityOptions().TokenLifetime;

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = Scheme;
                options.DefaultChallengeScheme = Scheme;
                options.DefaultForbidScheme = Scheme;
                options.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignOutScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or bearer token", options => options.ForwardDefaultSelector = SelectScheme)
            .AddJwtBearer(options =>
            {
                // Browsers cannot set headers on a WebSocket: the hub takes the token from the query string (and only the hub).
                options.Events.OnMessageReceived = context =>
                {
                    if (IsHub(context.Request) && context.Request.Query.TryGetValue("access_token", out var token))
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                };
            })
            .AddCookie(IdentityConstants.ApplicationScheme, options =>
            {
                options.Cookie.Name = SignInCookie;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = lifetime;
                options.SlidingExpiration = true;
                options.LoginPath = AccountRoutes.LoginPage;
                options.LogoutPath = AccountRoutes.Logout;
                options.ReturnUrlParameter = AccountRoutes.ReturnUrlParameter;
                options.Events = new CookieAuthenticationEvents
                {
                    // Roles, password or lock changed: the cookie ends within the validation interval.
                    OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync,
                    // Machines get status codes; people get the sign-in page.
                    OnRedirectToLogin = context => IsApi(context.Request) ? Status(context.Response, StatusCodes.Status401Unauthorized) : Redirect(context),
                    OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden),
                };
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(CrmPolicies.Dispatch, policy => policy.RequireRole(CrmRoles.Dispatcher, CrmRoles.Director))
            .AddPolicy(CrmPolicies.Admin, policy => policy.RequireRole(CrmRoles.Admin));

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = ".OrleansCrm.Antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
    }

    /// <summary>
    /// Authentication, the cross-site check (<see cref="BrowserProtection.RefuseCrossSite"/>) and authorization, then the
    /// sign-in and user endpoints (on <paramref name="endpoints"/>, the API's group). Call after UseCrmApi (its exception
    /// handler and status pages wrap these) and before UseCrmWeb, whose antiforgery check needs the signed-in user.
    /// </summary>
    public static void UseCrmSecurity(this WebApplication app, IEndpointRouteBuilder endpoints)
    {
        app.UseAuthentication();
        app.Use(BrowserProtection.RefuseCrossSite);
        app.UseAuthorization();
        endpoints.MapIdentityEndpoints();
    }

    /// <summary>A bearer header (or, for the hub, an access_token in the query) means the token; anything else the cookie.</summary>
    internal static string SelectScheme(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || (IsHub(context.Request) && context.Request.Query.ContainsKey("access_token")))
        {
            return JwtBearerDefaults.AuthenticationScheme;
        }

        return IdentityConstants.ApplicationScheme;
    }

    private static bool IsHub(HttpRequest request) => request.Path.StartsWithSegments("/hubs");

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || IsHub(request);

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
