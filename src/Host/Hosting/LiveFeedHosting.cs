using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.Host.LiveFeed;

namespace OrleansCrm.Host.Hosting;

public static class LiveFeedHosting
{
    /// <summary>
    /// The live feed on this silo (<see cref="ILiveFeed"/>, <see cref="ILiveFeedSubscriptions"/>) and its SignalR hub.
    /// The hub's messages, groups and members are what the modules declare (<see cref="ILiveRoute"/>,
    /// <see cref="ILiveGroupPolicy"/>); nothing here names an event.
    /// </summary>
    public static void AddCrmLiveFeed(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<LiveFeedOptions>(builder.Configuration.GetSection(LiveFeedOptions.Section));
        services.AddSingleton<LocalLiveFeed>();
        services.AddSingleton<ILiveFeedSubscriptions>(sp => sp.GetRequiredService<LocalLiveFeed>());
        services.AddSingleton<SiloLiveFeed>();
        services.AddSingleton<ILiveFeed>(sp => sp.GetRequiredService<SiloLiveFeed>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloLiveFeed>());

        // The same JSON as the API: camelCase (SignalR's default), enums as names, Cyrillic as text.
        services.AddSignalR().AddJsonProtocol(json =>
        {
            json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.PayloadSerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        services.AddSingleton<LiveFeedRoutes>();
        services.AddSingleton<OperationsHubGroups>();
        services.AddHostedService<OperationsHubBridge>();
    }

    public static void MapCrmLiveFeed(this WebApplication app) => app.MapHub<OperationsHub>(OperationsHub.Path);
}
