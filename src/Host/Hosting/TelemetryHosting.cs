using System.Net;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrleansCrm.BuildingBlocks.Observability;
using OrleansCrm.BuildingBlocks.Security;

namespace OrleansCrm.Host.Hosting;

/// <summary>Bound from <c>Crm:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Crm:Telemetry";

    /// <summary>
    /// An OTLP collector (e.g. <c>http://otel-collector:4317</c>): traces and metrics are sent there. Unset, nothing is
    /// exported and no spans are even recorded; the metrics stay readable at <c>/metrics</c>.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// Addresses (<c>10.1.2.3</c>) and networks (<c>10.0.0.0/8</c>) that may read <c>/metrics</c> without signing in: the
    /// Prometheus server. Empty by default, loopback included: on a shared machine any local process could read it.
    /// </summary>
    public List<string> MetricsAllowedAddresses { get; set; } = [];
}

/// <summary>
/// OpenTelemetry for the host: the product's instruments (<see cref="CrmMetrics"/>), Orleans' and ASP.NET Core's, and
/// the .NET runtime's, read by Prometheus at <see cref="MetricsPath"/>; traces of requests and grain calls only when
/// an OTLP collector is configured, so an unobserved host pays nothing for spans.
/// </summary>
public static class TelemetryHosting
{
    public const string MetricsPath = "/metrics";

    /// <summary>The meter and the activity sources Orleans 10 reports through.</summary>
    private const string OrleansMeter = "Microsoft.Orleans";

    private static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static void AddCrmTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var readers = new MetricsReaders(ParseNetworks(options.MetricsAllowedAddresses));
        builder.Services.AddSingleton(readers);
        Uri? otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(CrmMetrics.Name))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CrmMetrics.Name, OrleansMeter)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = otlp);
                }
            });

        if (otlp is null)
        {
            return;
        }

        telemetry.WithTracing(tracing => tracing
            .AddSource(CrmMetrics.Name)
            .AddSource(OrleansActivitySources)
            // Scrapes and probes every few seconds would drown the requests people make.
            .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context =>
                !context.Request.Path.StartsWithSegments(MetricsPath) && !context.Request.Path.StartsWithSegments("/health"))
            .AddOtlpExporter(exporter => exporter.Endpoint = otlp));
        // Grain calls become spans of the request that made them; only with a collector, as it costs every call a filter.
        builder.UseOrleans(silo => silo.AddActivityPropagation());
    }

    /// <summary>
    /// <c>/metrics</c> in Prometheus' text format, for a signed-in Admin (cookie or bearer token) or a request from an
    /// allowed address. Anyone else gets 401 or 403 as ProblemDetails, like the rest of the API.
    /// </summary>
    public static void MapCrmTelemetry(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(AllowReader), optionsName: null)
            // Not the fallback policy's challenge (a cookie's would redirect to the sign-in page): AllowReader decides.
            .AllowAnonymous();

    private static Task AllowReader(HttpContext context, RequestDelegate next)
    {
        if (context.RequestServices.GetRequiredService<MetricsReaders>().Allows(context.Connection.RemoteIpAddress) || context.User.IsInRole(CrmRoles.Admin))
        {
            return next(context);
        }

        // No body: the status-code pages write the ProblemDetails.
        if (context.User.Identity?.IsAuthenticated == true)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        }

        return Task.CompletedTask;
    }

    private static IReadOnlyList<IPNetwork> ParseNetworks(IEnumerable<string> entries)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in entries.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()))
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                address = Normalize(address);
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                // A typo must not silently leave the scraper locked out (or, worse, let the wrong network in).
                throw new InvalidOperationException(
                    $"{TelemetryOptions.Section}:{nameof(TelemetryOptions.MetricsAllowedAddresses)}: '{entry}' is neither an IP address nor a network such as 10.0.0.0/8.");
            }
        }

        return networks;
    }

    /// <summary>An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; compare it as a.b.c.d.</summary>
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The networks that may read <c>/metrics</c> without signing in.</summary>
    private sealed class MetricsReaders(IReadOnlyList<IPNetwork> networks)
    {
        public bool Allows(IPAddress? remote)
        {
            if (remote is null || networks.Count == 0)
            {
                return false;
            }

            remote = Normalize(remote);
            foreach (var network in networks)
            {
                if (network.Contains(remote))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
