using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity;
using OrleansCrm.Identity.Seeding;
using OrleansCrm.Identity.Store;
using OrleansCrm.Web;
using OrleansCrm.Web.Shared;

namespace OrleansCrm.Host.Hosting;

public static class WebHosting
{
    /// <summary>The browser UI: Blazor with interactive server rendering, Radzen, texts in English, Russian and Ukrainian.</summary>
    public static void AddCrmWeb(this WebApplicationBuilder builder)
    {
        // Static files of packages and projects (_content/Radzen.Blazor/…) live outside wwwroot until publish; the build's
        // manifest says where. ASP.NET Core reads it by itself only in Development, and `dotnet run` here is Production.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddWebUi();
        // In demo mode the sign-in page names the demo users, so a visitor can try every role.
        builder.Services.AddOptions<WebUiOptions>().Configure<IOptions<UserSeedOptions>>((web, seed) =>
        {
            if (seed.Value.DemoUsers)
            {
                web.DemoUsers = DemoUsers.All.Select(user => user.UserName).ToList();
                web.DemoPassword = DemoUsers.Password;
            }
        });
        builder.Services.Configure<RequestLocalizationOptions>(localization =>
        {
            localization.DefaultRequestCulture = new RequestCulture(UiCultures.Default);
            localization.SupportedCultures = UiCultures.Cultures;
            localization.SupportedUICultures = UiCultures.Cultures;
            // The signed-in user's own choice first, then this browser's cookie, then the browser's languages.
            localization.RequestCultureProviders.Insert(0, new CustomRequestCultureProvider(context =>
                Task.FromResult(context.User.FindFirst(CrmClaims.Culture)?.Value is { } culture && UiCultures.IsSupported(culture)
                    ? new ProviderCultureResult(culture)
                    : null)));
            // The API speaks English whoever calls it: ProblemDetails carry codes for clients that render other languages.
            localization.RequestCultureProviders.Insert(0, new CustomRequestCultureProvider(context =>
                Task.FromResult(context.Request.Path.StartsWithSegments("/api") ? new ProviderCultureResult(UiCultures.Default) : null)));
        });
    }

    /// <summary>After authentication and authorization: antiforgery checks tokens against the signed-in user.</summary>
    public static void UseCrmWeb(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseAntiforgery();
        // Styles and scripts are public: the sign-in page needs them before anyone is signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapGet(UiCultures.SwitchPath, SwitchCulture).AllowAnonymous().ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }

    /// <summary>
    /// The language switch: keeps the choice in ASP.NET Core's culture cookie for a year and, for a signed-in user, with
    /// the user (a claim, renewed in their sign-in cookie at once), so it follows them to another browser; then goes back.
    /// </summary>
    private static async Task<IResult> SwitchCulture(string? culture, string? redirectUri, HttpContext context, UserManager<CrmUser> users, SignInManager<CrmUser> signIn)
    {
        if (UiCultures.IsSupported(culture))
        {
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, UiCultures.CookieValue(culture!),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = context.Request.IsHttps });
            if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user)
            {
                foreach (var old in (await users.GetClaimsAsync(user)).Where(c => c.Type == CrmClaims.Culture))
                {
                    await users.RemoveClaimAsync(user, old);
                }

                await users.AddClaimAsync(user, new Claim(CrmClaims.Culture, culture!));
                await signIn.RefreshSignInAsync(user);
            }
        }

        // Only a path of this site: anything else would make the switch an open redirect.
        return Results.LocalRedirect(redirectUri is { Length: > 0 } uri && Uri.IsWellFormedUriString(uri, UriKind.Relative) && uri.StartsWith('/') && !uri.StartsWith("//") ? uri : "/");
    }
}
