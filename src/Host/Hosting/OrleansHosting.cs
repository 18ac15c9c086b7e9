using System.Net;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Host.Persistence;
using OrleansCrm.Host.Persistence.OrleansSchema;

namespace OrleansCrm.Host.Hosting;

public static class OrleansHosting
{
    /// <summary>
    /// The silo inside the web host. Grain state always goes to the product's database; in server mode
    /// membership and reminders do too, so hosts on one database form one cluster. SQLite cannot carry
    /// clustering or reminders: embedded mode is one silo on loopback with in-memory reminders.
    /// </summary>
    public static void AddCrmOrleans(this WebApplicationBuilder builder, DatabaseOptions database)
    {
        var options = new OrleansOptions();
        builder.Configuration.GetSection(OrleansOptions.Section).Bind(options);

        builder.Services.AddSingleton<OrleansCrm.BuildingBlocks.Grains.GrainKit>();
        builder.UseOrleans(silo =>
        {
            CachedGrainInterfaceTypes.AddTo(silo.Services);

            // Grains that must never be active twice name this directory (see CrmStorage.StrongDirectory); every other
            // grain keeps Orleans' default, eventually consistent one. Experimental in Orleans 10, hence the pragma.
#pragma warning disable ORLEANSEXP003
            silo.AddDistributedGrainDirectory(CrmStorage.StrongDirectory);
#pragma warning restore ORLEANSEXP003

            // Grain state shares the product's group commit with the projections (see GroupCommitGrainStorage).
            silo.Services.AddGrainStorage(CrmStorage.Grains, (services, _) => new GroupCommitGrainStorage(
                database, services.GetRequiredService<GroupCommitWriter>(), new BinaryGrainStateSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>()), options.ServiceId));

            if (database.Provider == DatabaseProvider.PostgreSql)
            {
                silo.UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = OrleansSchema.PostgreSqlInvariant;
                    clustering.ConnectionString = database.ConnectionString;
                });
                silo.UseAdoNetReminderService(reminders =>
                {
                    reminders.Invariant = OrleansSchema.PostgreSqlInvariant;
                    reminders.ConnectionString = database.ConnectionString;
                });
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = options.ClusterId;
                    cluster.ServiceId = options.ServiceId;
                });
                silo.ConfigureEndpoints(options.ResolveAdvertisedIp(), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                // How fast a silo that stopped answering is declared dead (Orleans' defaults unless configured).
                silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection($"{OrleansOptions.Section}:Membership"));
            }
            else
            {
                // One silo on loopback: ports nobody configured are chosen free, so a second copy on this machine (another
                // folder, another HTTP port) does not collide with the first on 11111/30000.
                var siloPort = builder.Configuration[$"{OrleansOptions.Section}:{nameof(OrleansOptions.SiloPort)}"] is null ? AddressHosting.FreeLoopbackPort() : options.SiloPort;
                var gatewayPort = builder.Configuration[$"{OrleansOptions.Section}:{nameof(OrleansOptions.GatewayPort)}"] is null ? AddressHosting.FreeLoopbackPort() : options.GatewayPort;
                silo.UseLocalhostClustering(siloPort, gatewayPort, null, options.ServiceId, options.ClusterId);
                silo.UseInMemoryReminderService();
                silo.Configure<EndpointOptions>(endpoints => endpoints.AdvertisedIPAddress = IPAddress.Loopback);
            }
        });
    }
}
