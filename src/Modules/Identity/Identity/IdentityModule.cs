using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.Identity.Seeding;
using OrleansCrm.Identity.Store;
using OrleansCrm.Identity.Texts;
using OrleansCrm.Identity.Tokens;
using OrleansCrm.Identity.Users;

namespace OrleansCrm.Identity;

public static class IdentityModule
{
    private const string Revoked = "The token is no longer valid: the user was changed or locked since it was issued.";

    /// <summary>Data Protection's application name: the same on every host, whatever folder it runs from.</summary>
    public const string ApplicationName = "OrleansCrm";

    /// <summary>
    /// Users, roles, passwords and lockout (ASP.NET Core Identity on the product's database), bearer tokens and the
    /// shared Data Protection key ring. The host adds the authentication schemes, policies and middleware.
    /// </summary>
    public static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration)
    {
        ServerTexts.Register(IdentityTexts.Module, IdentityTexts.Resources);
        services.Configure<CrmSecurityOptions>(configuration.GetSection(CrmSecurityOptions.Section));
        services.AddOptions<UserSeedOptions>();

        services.AddSingleton<Users.UserAudit>();
        services.AddDbContext<UsersDbContext>((sp, options) => ModuleTables.UseProvider(options.AddInterceptors(sp.GetRequiredService<Users.UserAudit>()), sp.GetRequiredService<DatabaseOptions>()));
        services.AddIdentityCore<CrmUser>(options =>
            {
                options.Password.RequiredLength = 8;
                options.User.RequireUniqueEmail = false;
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<UsersDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<CrmClaimsPrincipalFactory>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<CrmSecurityOptions>>((identity, security) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = security.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = security.Value.LockoutDuration;
        });
        // Cookies of a user whose roles, password or lock changed stop working within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddSingleton<IModuleSchema, IdentitySchema>();
        services.AddSingleton<SharedSecrets>();
        services.AddSingleton<TokenSigningKey>();
        services.AddSingleton<AccessTokens>();
        services.AddMemoryCache();
        services.AddSingleton<TokenRevocation>();
        services.AddSingleton<ValidatedTokens>();
        services.AddSingleton<UserRules>();
        services.AddSingleton<SignIn.SignInThrottle>();
        services.AddSingleton<SignIn.PasswordCheck>();
        services.AddSingleton<UserSeeding>();
        services.AddHostedService<IdentityStartup>();

        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseOptions>((keys, database) => keys.XmlRepository = new DatabaseXmlRepository(database));

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<AccessTokens, TokenRevocation, ValidatedTokens>((bearer, tokens, revocation, validated) =>
        {
            bearer.MapInboundClaims = false;
            bearer.TokenValidationParameters = tokens.ValidationParameters();
            bearer.Events ??= new JwtBearerEvents();
            bearer.Events.OnTokenValidated = async context =>
            {
                if (!await revocation.IsCurrentAsync(context.Principal!))
                {
                    context.Fail(Revoked);
                    return;
                }

                if (context.SecurityToken is JsonWebToken jwt)
                {
                    validated.Remember(TokenKey(context.Request.Headers.Authorization, jwt.EncodedToken), context.Principal!, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
                }
            };
        });

        // After every Configure (the host's own OnMessageReceived takes the hub's token from the query string): a token
        // validated before skips parsing and verification, not the revocation check.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).PostConfigure<TokenRevocation, ValidatedTokens>((bearer, revocation, validated) =>
        {
            var received = bearer.Events.OnMessageReceived;
            bearer.Events.OnMessageReceived = async context =>
            {
                await received(context);
                // The key as OnTokenValidated remembers it: the token from the query string, else the whole header.
                if (context.Result is not null || (context.Token ?? (string?)context.Request.Headers.Authorization) is not { Length: > 0 } key
                    || !validated.TryGet(key, out var principal))
                {
                    return;
                }

                if (!await revocation.IsCurrentAsync(principal))
                {
                    context.Fail(Revoked);
                    return;
                }

                context.Principal = principal;
                context.Success();
            };
        });

        services.AddMessageValidators(typeof(IdentityModule).Assembly);
        return services;
    }

    /// <summary>
    /// What a validated token is remembered by: the request's whole <c>Authorization</c> header when that is the token
    /// ("Bearer " and it), so that the next request's header finds it without cutting a copy out of it; otherwise (a
    /// token from the hub's query string) the token itself.
    /// </summary>
    private static string TokenKey(string? authorization, string token) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && authorization.AsSpan(7).Trim().SequenceEqual(token)
            ? authorization
            : token;
}
