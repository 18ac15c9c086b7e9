using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Host.Persistence.OrleansSchema;

namespace OrleansCrm.Host.Tests.Persistence;

public sealed class OrleansSchemaPostgreSqlScriptTests(OrleansSchemaPostgresDatabase database)
    : IClassFixture<OrleansSchemaPostgresDatabase>
{
    private static readonly string[] QueryKeys =
    [
        // persistence
        "ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey",
        // clustering (CleanupDefunctSiloEntryKey is optional; Orleans 10.4 prefers it)
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "InsertMembershipKey",
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "UpdateIAmAlivetimeKey",
        "UpdateMembershipKey",
        // reminders
        "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "ReadReminderRowsKey", "UpsertReminderRowKey",
    ];

    [Fact]
    public async Task Scripts_run_concurrently_and_again_leaving_one_set_of_queries_and_rewriting_nothing()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(EnsureCreatedAsync)));

        // xmin changes whenever a row is rewritten, so equal xmins mean the re-run changed nothing.
        const string queries = "SELECT QueryKey, xmin::text FROM OrleansQuery ORDER BY QueryKey";
        var before = await database.RowsAsync(queries);
        Assert.Equal(QueryKeys.Order(StringComparer.Ordinal), before.Select(r => r.Key));

        await EnsureCreatedAsync();

        Assert.Equal(before, await database.RowsAsync(queries));
        Assert.Equal(4L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'orleans\\_%'"));
    }

    [Fact]
    public async Task Re_running_restores_changed_or_missing_queries_and_indexes()
    {
        await EnsureCreatedAsync();
        const string queries = "SELECT QueryKey, QueryText FROM OrleansQuery ORDER BY QueryKey";
        var expected = await database.RowsAsync(queries);

        await database.ScalarAsync<int>("""
            UPDATE OrleansQuery SET QueryText = 'SELECT 1' WHERE QueryKey = 'WriteToStorageKey';
            DELETE FROM OrleansQuery WHERE QueryKey = 'DeleteStorageKey';
            DROP INDEX ix_orleans_reminders_grain_hash;
            SELECT 1;
            """);
        await EnsureCreatedAsync();

        Assert.Equal(expected, await database.RowsAsync(queries));
        Assert.Equal(1L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_orleans_reminders_grain_hash'"));
    }

    private Task EnsureCreatedAsync() =>
        OrleansSchema.EnsureCreatedAsync(DatabaseProvider.PostgreSql, database.ConnectionString, CancellationToken.None);
}

public sealed class OrleansSchemaPostgreSqlStorageTests(OrleansSchemaPostgresDatabase database)
    : IClassFixture<OrleansSchemaPostgresDatabase>, IAsyncLifetime
{
    private readonly string clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly string serviceId = $"service-{Guid.NewGuid():N}";

    public Task InitializeAsync() =>
        OrleansSchema.EnsureCreatedAsync(DatabaseProvider.PostgreSql, database.ConnectionString, CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public Task Grain_state_survives_a_silo_restart_stale_writes_are_rejected_and_clear_works() =>
        GrainStorageContract.SurvivesRestartAsync(StartSiloAsync);

    [Fact]
    public async Task Grain_storage_honours_versions_clear_delete_and_full_identity()
    {
        await using var silo = await StartSiloAsync();
        await GrainStorageContract.OptimisticConcurrencyAndClearAsync(silo);
        await GrainStorageContract.DeleteOnClearAsync(silo);
        await GrainStorageContract.DistinctIdentitiesAsync(silo);
    }

    private Task<OrleansSchemaTestSilo> StartSiloAsync() =>
        OrleansSchemaTestSilo.StartPostgreSqlAsync(database.ConnectionString, clusterId, serviceId);
}

public sealed class OrleansSchemaPostgreSqlClusterTests(OrleansSchemaPostgresDatabase database)
    : IClassFixture<OrleansSchemaPostgresDatabase>, IAsyncLifetime
{
    private readonly string clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly string serviceId = $"service-{Guid.NewGuid():N}";

    public Task InitializeAsync() =>
        OrleansSchema.EnsureCreatedAsync(DatabaseProvider.PostgreSql, database.ConnectionString, CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Reminders_are_registered_listed_read_by_range_and_unregistered()
    {
        await using var silo = await StartSiloAsync();
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grains.GetGrain<ISchemaProbeGrain>(key);

        await grain.RegisterReminder("a");
        await grain.RegisterReminder("b");
        await grain.RegisterReminder("a"); // an update of the same row
        Assert.Equal(["a", "b"], await grain.ListReminders());
        await grain.UnregisterReminder("a");
        Assert.Equal(["b"], await grain.ListReminders());

        // The range queries, both branches, straight through the provider the silo uses.
        var table = silo.Services.GetRequiredService<IReminderTable>();
        var grainId = GrainId.Create("schemaprobe", key);
        var hash = grainId.GetUniformHashCode();
        Assert.Equal(["b"], Names(await table.ReadRows(hash - 1, hash)));
        Assert.Empty(Names(await table.ReadRows(hash, hash + 1)));
        Assert.Equal(["b"], Names(await table.ReadRows(hash, hash))); // the whole ring
        Assert.Empty(Names(await table.ReadRows(hash, hash - 1))); // everything but this hash

        var row = await table.ReadRow(grainId, "b");
        Assert.NotNull(row);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        var etag = row.ETag!;
        Assert.False(await table.RemoveRow(grainId, "b", etag + "1"));
        Assert.True(await table.RemoveRow(grainId, "b", etag));
        Assert.Null(await table.ReadRow(grainId, "b"));

        await table.UpsertRow(new ReminderEntry { GrainId = grainId, ReminderName = "c", StartAt = DateTime.UtcNow, Period = TimeSpan.FromDays(30) });
        Assert.Equal(TimeSpan.FromDays(30), (await table.ReadRow(grainId, "c"))!.Period); // over int.MaxValue ms
        await table.TestOnlyClearTable();
        Assert.Empty((await table.ReadRows(grainId)).Reminders);

        List<string> Names(ReminderTableData data) =>
            data.Reminders.Where(r => r.GrainId == grainId).Select(r => r.ReminderName).ToList();
    }

    [Fact]
    public async Task Two_silos_on_one_database_see_each_other_and_a_client_finds_their_gateways()
    {
        await using var first = await StartSiloAsync();
        await using (var second = await StartSiloAsync())
        {
            await WaitUntilAsync(() => ActiveSilos(first) == 2 && ActiveSilos(second) == 2);
            var hosts = await first.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);

            await using var client = await StartClientAsync();
            var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<ISchemaProbeGrain>(Guid.NewGuid().ToString("N"));
            await grain.SetValue("via gateway");
            Assert.Equal("via gateway", await grain.GetValue());
        }

        // The second silo left gracefully: its row is dead, and the clean-up query removes it.
        await WaitUntilAsync(() => ActiveSilos(first) == 1);
        var table = first.Services.GetRequiredService<IMembershipTable>();
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
        var members = (await table.ReadAllAsync(CancellationToken.None)).Members;
        Assert.Single(members);
        Assert.Equal(SiloStatus.Active, members[0].Item1.Status);
    }

    [Fact]
    public async Task Membership_table_versions_rows_heartbeats_cleanup_and_deletion()
    {
        // Straight through the provider, on a cluster of its own: no silo probes the made-up members.
        var cancellation = CancellationToken.None;
        var cluster = $"cluster-{Guid.NewGuid():N}";
        IMembershipTable table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = cluster, ServiceId = serviceId }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = OrleansSchema.PostgreSqlInvariant, ConnectionString = database.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(true, cancellation);
        await table.InitializeMembershipTableAsync(true, cancellation); // the version row already exists

        var empty = await table.ReadAllAsync(cancellation);
        Assert.Empty(empty.Members);
        var now = DateTime.UtcNow;
        var first = Member(1, now);
        Assert.True(await table.InsertRowAsync(first, empty.Version.Next(), cancellation));
        Assert.False(await table.InsertRowAsync(Member(2, now), empty.Version.Next(), cancellation)); // stale version
        var one = await table.ReadAllAsync(cancellation);
        Assert.Equal(empty.Version.Version + 1, one.Version.Version);
        Assert.False(await table.InsertRowAsync(first, one.Version.Next(), cancellation)); // already there

        // Orleans 10.4 gives every row the table version as its etag and checks that itself; the stale cases below
        // pass that check and must be refused by the query.
        var etag = Assert.Single(one.Members).Item2;
        first.Status = SiloStatus.Active;
        first.SuspectTimes = [Tuple.Create(SiloAddress.New(IPAddress.Loopback, 2, 2), now)];
        Assert.True(await table.UpdateRowAsync(first, etag, one.Version.Next(), cancellation));
        Assert.False(await table.UpdateRowAsync(first, etag, one.Version.Next(), cancellation)); // stale version
        var two = await table.ReadAllAsync(cancellation);
        Assert.False(await table.UpdateRowAsync(Member(3, now), two.Version.VersionEtag, two.Version.Next(), cancellation)); // no such row

        first.IAmAliveTime = now.AddSeconds(5);
        await table.UpdateIAmAliveAsync(first, cancellation);
        var row = await table.ReadRowAsync(first.SiloAddress, cancellation);
        Assert.Equal(two.Version.Version, row.Version.Version); // neither the failed update nor heartbeats bump it
        var read = Assert.Single(row.Members).Item1;
        Assert.Equal((first.SiloAddress, "silo-1", "host", SiloStatus.Active, 30001), (read.SiloAddress, read.SiloName, read.HostName, read.Status, read.ProxyPort));
        Assert.Equal(first.SuspectTimes[0].Item1, Assert.Single(read.SuspectTimes!).Item1);
        Assert.Equal(DateTimeKind.Utc, read.IAmAliveTime.Kind);
        Assert.InRange(read.IAmAliveTime - first.IAmAliveTime, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));
        Assert.InRange(read.StartTime - now, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));

        // Dead silos that stopped long ago go, unless someone voted them dead only just now.
        var longDead = await AddDeadAsync(4, suspectedAt: now.AddMinutes(-10));
        var justDeclaredDead = await AddDeadAsync(5, suspectedAt: now);
        var silentlyDead = await AddDeadAsync(6, suspectedAt: null);
        await table.CleanupDefunctSiloEntriesAsync(now.AddMinutes(-1), cancellation);
        var survivors = (await table.ReadAllAsync(cancellation)).Members.Select(m => m.Item1.SiloAddress).ToList();
        Assert.Equal(2, survivors.Count);
        Assert.Contains(first.SiloAddress, survivors);
        Assert.Contains(justDeclaredDead.SiloAddress, survivors);
        Assert.DoesNotContain(longDead.SiloAddress, survivors);
        Assert.DoesNotContain(silentlyDead.SiloAddress, survivors);

        await table.DeleteMembershipTableEntriesAsync(cluster, cancellation);
        Assert.Equal(0L, await database.ScalarAsync<long>(
            $"SELECT (SELECT count(*) FROM orleans_membership WHERE deployment_id = '{cluster}') + (SELECT count(*) FROM orleans_membership_version WHERE deployment_id = '{cluster}')"));

        async Task<MembershipEntry> AddDeadAsync(int n, DateTime? suspectedAt)
        {
            var entry = Member(n, now.AddMinutes(-10));
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(cancellation)).Version.Next(), cancellation));
            entry.Status = SiloStatus.Dead;
            entry.SuspectTimes = suspectedAt is { } at ? [Tuple.Create(first.SiloAddress, at)] : [];
            var version = (await table.ReadAllAsync(cancellation)).Version;
            Assert.True(await table.UpdateRowAsync(entry, version.VersionEtag, version.Next(), cancellation));
            return entry;
        }

        static MembershipEntry Member(int n, DateTime time) => new()
        {
            SiloAddress = SiloAddress.New(IPAddress.Loopback, 11000 + n, n),
            SiloName = $"silo-{n}",
            HostName = "host",
            Status = SiloStatus.Joining,
            ProxyPort = 30000 + n,
            StartTime = time,
            IAmAliveTime = time,
        };
    }

    private static int ActiveSilos(OrleansSchemaTestSilo silo) =>
        silo.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values
            .Count(m => m.Status == SiloStatus.Active);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the cluster membership to settle.");
            await Task.Delay(100);
        }
    }

    private Task<OrleansSchemaTestSilo> StartSiloAsync() =>
        OrleansSchemaTestSilo.StartPostgreSqlAsync(database.ConnectionString, clusterId, serviceId);

    private async Task<ClientHost> StartClientAsync()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId))
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (OrleansSchema.PostgreSqlInvariant, database.ConnectionString)));
        var host = builder.Build();
        await host.StartAsync();
        return new ClientHost(host);
    }

    private sealed class ClientHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}

public sealed class OrleansSchemaSqliteTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"orleans-schema-{Guid.NewGuid():N}");
    private readonly string connectionString;
    private readonly string clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly string serviceId = $"service-{Guid.NewGuid():N}";

    public OrleansSchemaSqliteTests() =>
        // A folder that doesn't exist yet: creating it is part of the job.
        connectionString = $"Data Source={Path.Combine(folder, "data", "crm.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Script_runs_concurrently_and_again_in_wal_mode_leaving_one_set_of_queries()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(EnsureCreatedAsync)));
        var before = await QueryAsync("SELECT QueryKey, QueryText FROM OrleansQuery ORDER BY QueryKey");
        var schemaVersion = await QueryAsync("PRAGMA schema_version");

        await EnsureCreatedAsync();

        Assert.Equal(["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"], before.Select(r => r[0]));
        Assert.Equal(before, await QueryAsync("SELECT QueryKey, QueryText FROM OrleansQuery ORDER BY QueryKey"));
        Assert.Equal(schemaVersion, await QueryAsync("PRAGMA schema_version"));
        Assert.Equal("wal", (await QueryAsync("PRAGMA journal_mode"))[0][0]);
    }

    [Fact]
    public async Task Re_running_restores_changed_or_missing_queries()
    {
        await EnsureCreatedAsync();
        const string queries = "SELECT QueryKey, QueryText FROM OrleansQuery ORDER BY QueryKey";
        var expected = await QueryAsync(queries);

        await QueryAsync("""
            UPDATE OrleansQuery SET QueryText = 'SELECT 1' WHERE QueryKey = 'WriteToStorageKey';
            DELETE FROM OrleansQuery WHERE QueryKey = 'DeleteStorageKey';
            """);
        await EnsureCreatedAsync();

        Assert.Equal(expected, await QueryAsync(queries));
    }

    [Fact]
    public async Task Grain_state_survives_a_silo_restart_stale_writes_are_rejected_and_clear_works()
    {
        await EnsureCreatedAsync();
        await GrainStorageContract.SurvivesRestartAsync(StartSiloAsync);
    }

    [Fact]
    public async Task Grain_storage_honours_versions_clear_delete_and_full_identity()
    {
        await EnsureCreatedAsync();
        await using var silo = await StartSiloAsync();
        await GrainStorageContract.OptimisticConcurrencyAndClearAsync(silo);
        await GrainStorageContract.DeleteOnClearAsync(silo);
        await GrainStorageContract.DistinctIdentitiesAsync(silo);
    }

    private Task EnsureCreatedAsync() =>
        OrleansSchema.EnsureCreatedAsync(DatabaseProvider.Sqlite, connectionString, CancellationToken.None);

    private Task<OrleansSchemaTestSilo> StartSiloAsync() =>
        OrleansSchemaTestSilo.StartSqliteAsync(connectionString, clusterId, serviceId);

    private async Task<List<string[]>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString()!).ToArray());
        }

        return rows;
    }
}
