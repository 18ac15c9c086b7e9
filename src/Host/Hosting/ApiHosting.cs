using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansCrm.BuildingBlocks.Http;
using OrleansCrm.BuildingBlocks.Http.Texts;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Host.Health;
using Scalar.AspNetCore;

namespace OrleansCrm.Host.Hosting;

public static class ApiHosting
{
    /// <summary>Requests larger than this are refused with 413 before they are read.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static void AddCrmApi(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            // Above the product's own limits, so that RequestEdge answers an over-long address or headers with a body.
            kestrel.Limits.MaxRequestLineSize = RequestEdge.KestrelUriLimit;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestEdge.KestrelHeadersLimit;
        });
        builder.Services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Names are Cyrillic: send them as text, not \u escapes (HTML-sensitive characters stay escaped).
            json.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        // Malformed bodies and query values become exceptions that the handler below turns into ProblemDetails.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        ValidationTexts.TranslateFieldNames();
        HttpTexts.Register();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<SiloHealthCheck>("silo", tags: ["ready"]);
    }

    public static void UseCrmApi(this WebApplication app)
    {
        app.Use(BrowserProtection.AddSecurityHeaders);
        app.UseExceptionHandler();
        // An address without a page: people get the app's own 404 page, machines (the API, the hub) ProblemDetails.
        app.UseWhen(IsForPeople, pages => pages.UseStatusCodePagesWithReExecute(NotFoundPage, createScopeForStatusCodePages: true));
        app.UseWhen(context => !IsForPeople(context), machines => machines.UseStatusCodePages());
        app.Use(RequestEdge.CheckAsync);
        // Routing after the status code pages, so that a page re-executed for a 404 finds its endpoint.
        app.UseRouting();
        // After routing: an endpoint that takes files declares a larger limit (IRequestSizeLimitMetadata).
        app.Use(RefuseLargeBodies);

        // Without sign-in: probes, and the API's description (it tells how to call the API, not what is in it).
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteHealth,
        }).AllowAnonymous();
    }

    /// <summary>
    /// The endpoints of the API, under one group whose filter checks every bound value (<see cref="RequestValueChecks"/>):
    /// map a module's endpoints on it, not on the app.
    /// </summary>
    public static IEndpointRouteBuilder CrmEndpoints(this WebApplication app) =>
        app.MapGroup("").AddEndpointFilterFactory(RequestValueChecks.Filter);

    /// <summary>The web UI's page for an unknown address (src/Web/Shared/NotFound.razor).</summary>
    public const string NotFoundPage = "/not-found";

    private static bool IsForPeople(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hubs")
        && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A declared length over the limit is refused at once (Kestrel alone would only fail while reading). The limit is
    /// <see cref="MaxRequestBodyBytes"/>, or what the endpoint declares (a deal's file upload).
    /// </summary>
    private static Task RefuseLargeBodies(HttpContext context, Func<Task> next)
    {
        var max = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MaxRequestBodyBytes;
        if (context.Request.ContentLength > max)
        {
            throw new BadHttpRequestException($"The request body is larger than {max} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        return next();
    }

    private static Task WriteHealth(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
}
