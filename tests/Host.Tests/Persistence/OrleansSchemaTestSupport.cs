using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansCrm.Host.Persistence.OrleansSchema;

namespace OrleansCrm.Host.Tests.Persistence;

/// <summary>A PostgreSQL database of the test class's own, dropped afterwards.</summary>
public sealed class OrleansSchemaPostgresDatabase : IAsyncLifetime
{
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=crm;Password=crm;Database=crm;Maximum Pool Size=40";

    private readonly string server = Environment.GetEnvironmentVariable("CRM_TEST_POSTGRES") is { Length: > 0 } configured
        ? configured
        : DefaultServer;

    private readonly string name = $"crm_test_{Guid.NewGuid():N}"[..24];

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<List<(string Key, string Value)>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetValue(0).ToString()!, reader.GetValue(1).ToString()!));
        }

        return rows;
    }
}

/// <summary>A silo in a plain generic host, started and stopped by the test.</summary>
internal sealed class OrleansSchemaTestSilo : IAsyncDisposable
{
    public const string Storage = "schema-probe";
    public const string DeletingStorage = "schema-probe-delete";

    private readonly IHost host;

    private OrleansSchemaTestSilo(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public IGrainStorage GrainStorage(string name) => host.Services.GetRequiredKeyedService<IGrainStorage>(name);

    public static Task<OrleansSchemaTestSilo> StartPostgreSqlAsync(string connectionString, string clusterId, string serviceId) =>
        StartAsync(silo => silo
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId))
            .ConfigureEndpoints(IPAddress.Loopback, FreeTcpPort(), FreeTcpPort())
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (OrleansSchema.PostgreSqlInvariant, connectionString))
            .UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (OrleansSchema.PostgreSqlInvariant, connectionString))
            .AddGrainStorages(OrleansSchema.PostgreSqlInvariant, connectionString));

    public static Task<OrleansSchemaTestSilo> StartSqliteAsync(string connectionString, string clusterId, string serviceId) =>
        StartAsync(silo => silo
            .UseLocalhostClustering(FreeTcpPort(), FreeTcpPort(), serviceId: serviceId, clusterId: clusterId)
            .AddGrainStorages(OrleansSchema.SqliteInvariant, connectionString));

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }

    private static async Task<OrleansSchemaTestSilo> StartAsync(Action<ISiloBuilder> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(configure);
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(timeout.Token);
        return new OrleansSchemaTestSilo(host);
    }
}

internal static class OrleansSchemaSiloBuilderExtensions
{
    public static ISiloBuilder AddGrainStorages(this ISiloBuilder silo, string invariant, string connectionString) => silo
        .AddAdoNetGrainStorage(OrleansSchemaTestSilo.Storage, o => (o.Invariant, o.ConnectionString) = (invariant, connectionString))
        .AddAdoNetGrainStorage(OrleansSchemaTestSilo.DeletingStorage, o =>
        {
            (o.Invariant, o.ConnectionString) = (invariant, connectionString);
            o.DeleteStateOnClear = true;
        });
}

public interface ISchemaProbeGrain : IGrainWithStringKey
{
    Task<string?> GetValue();

    Task<string?> GetETag();

    Task SetValue(string value);

    Task Clear();

    Task RegisterReminder(string name);

    Task<List<string>> ListReminders();

    Task UnregisterReminder(string name);
}

[GenerateSerializer]
public sealed class SchemaProbeState
{
    [Id(0)]
    public string? Value { get; set; }
}

public sealed class SchemaProbeGrain(
    [PersistentState("probe", OrleansSchemaTestSilo.Storage)] IPersistentState<SchemaProbeState> state)
    : Grain, ISchemaProbeGrain, IRemindable
{
    public Task<string?> GetValue() => Task.FromResult(state.State!.Value);

    public Task<string?> GetETag() => Task.FromResult(state.Etag);

    public Task SetValue(string value)
    {
        state.State!.Value = value;
        return state.WriteStateAsync();
    }

    public Task Clear() => state.ClearStateAsync();

    public Task RegisterReminder(string name) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

    public async Task<List<string>> ListReminders() =>
        (await this.GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal).ToList();

    public async Task UnregisterReminder(string name)
    {
        var reminder = await this.GetReminder(name) ?? throw new InvalidOperationException($"No reminder '{name}'.");
        await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}

/// <summary>The grain-storage contract, checked through the real ADO.NET provider; shared by PostgreSQL and SQLite.</summary>
internal static class GrainStorageContract
{
    public static async Task OptimisticConcurrencyAndClearAsync(OrleansSchemaTestSilo silo)
    {
        var storage = silo.GrainStorage(OrleansSchemaTestSilo.Storage);
        var grainId = GrainId.Create("probe", Guid.NewGuid().ToString("N"));

        var fresh = await ReadAsync(storage, grainId);
        Assert.False(fresh.RecordExists);
        Assert.Null(fresh.ETag);

        var mine = new GrainState<SchemaProbeState>(new SchemaProbeState { Value = "one" });
        await storage.WriteStateAsync("probe", grainId, mine);
        Assert.Equal("1", mine.ETag);
        mine.State!.Value = "two";
        await storage.WriteStateAsync("probe", grainId, mine);
        Assert.Equal("2", mine.ETag);

        // Another activation still holding version 1, and one that never read (null ETag), both lose.
        var stale = new GrainState<SchemaProbeState>(new SchemaProbeState { Value = "stale" }) { ETag = "1" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", grainId, stale));
        var blind = new GrainState<SchemaProbeState>(new SchemaProbeState { Value = "blind" });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", grainId, blind));

        var read = await ReadAsync(storage, grainId);
        Assert.Equal(("two", "2", true), (read.State!.Value, read.ETag, read.RecordExists));

        // Clear keeps a tombstone version, so a stale clear loses too and the next write continues from it.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("probe", grainId, stale));
        await storage.ClearStateAsync("probe", grainId, mine);
        Assert.Equal(("3", false), (mine.ETag, mine.RecordExists));
        var cleared = await ReadAsync(storage, grainId);
        Assert.Equal((null, "3", false), (cleared.State!.Value, cleared.ETag, cleared.RecordExists));
        mine.State!.Value = "three";
        await storage.WriteStateAsync("probe", grainId, mine);
        Assert.Equal("4", mine.ETag);
    }

    public static async Task DeleteOnClearAsync(OrleansSchemaTestSilo silo)
    {
        var storage = silo.GrainStorage(OrleansSchemaTestSilo.DeletingStorage);
        var grainId = GrainId.Create("probe", Guid.NewGuid().ToString("N"));

        var state = new GrainState<SchemaProbeState>(new SchemaProbeState { Value = "one" });
        await storage.WriteStateAsync("probe", grainId, state);
        await storage.WriteStateAsync("probe", grainId, state);
        var stale = new GrainState<SchemaProbeState>(new SchemaProbeState()) { ETag = "1", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("probe", grainId, stale));

        await storage.ClearStateAsync("probe", grainId, state);
        Assert.Equal((null, false), (state.ETag, state.RecordExists));
        var read = await ReadAsync(storage, grainId);
        Assert.Equal((null, false), (read.ETag, read.RecordExists));

        // The row is gone: an activation still holding a version loses, one that starts over wins.
        var behind = new GrainState<SchemaProbeState>(new SchemaProbeState()) { ETag = "2", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", grainId, behind));
        state.State!.Value = "again";
        await storage.WriteStateAsync("probe", grainId, state);
        Assert.Equal("1", state.ETag);
    }

    /// <summary>Keys that Orleans maps to the same N0/N1 but a null vs. empty extension, and state names, stay apart.</summary>
    public static async Task DistinctIdentitiesAsync(OrleansSchemaTestSilo silo)
    {
        var storage = silo.GrainStorage(OrleansSchemaTestSilo.Storage);
        var n = Random.Shared.NextInt64(1, long.MaxValue);
        var guid = Guid.NewGuid();
        var ids = new (string StateName, GrainId Id)[]
        {
            ("probe", GrainId.Create(GrainType.Create("probe"), GrainIdKeyExtensions.CreateIntegerKey(n))),
            ("probe", GrainId.Create("probe", $"{n:x}+")), // integer key n with an empty extension
            ("probe", GrainId.Create(GrainType.Create("probe"), GrainIdKeyExtensions.CreateIntegerKey(n, "ext"))),
            ("other", GrainId.Create(GrainType.Create("probe"), GrainIdKeyExtensions.CreateIntegerKey(n))),
            ("probe", GrainId.Create(GrainType.Create("probe"), GrainIdKeyExtensions.CreateGuidKey(guid))),
            ("probe", GrainId.Create(GrainType.Create("probe"), GrainIdKeyExtensions.CreateGuidKey(guid, "ext"))),
            ("probe", GrainId.Create("probe", $"text-{guid:N}")),
        };

        for (var i = 0; i < ids.Length; i++)
        {
            var state = new GrainState<SchemaProbeState>(new SchemaProbeState { Value = $"v{i}" });
            await storage.WriteStateAsync(ids[i].StateName, ids[i].Id, state);
            Assert.Equal("1", state.ETag);
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var read = new GrainState<SchemaProbeState>();
            await storage.ReadStateAsync(ids[i].StateName, ids[i].Id, read);
            Assert.Equal($"v{i}", read.State!.Value);
        }
    }

    /// <summary>Write through a grain, restart the silo, read it back; a write behind the grain's back makes its next write fail.</summary>
    public static async Task SurvivesRestartAsync(Func<Task<OrleansSchemaTestSilo>> startSilo)
    {
        var key = Guid.NewGuid().ToString("N");
        await using (var silo = await startSilo())
        {
            var grain = silo.Grains.GetGrain<ISchemaProbeGrain>(key);
            await grain.SetValue("before restart");
            Assert.Equal("1", await grain.GetETag());
        }

        await using (var silo = await startSilo())
        {
            var grain = silo.Grains.GetGrain<ISchemaProbeGrain>(key);
            Assert.Equal("before restart", await grain.GetValue());
            Assert.Equal("1", await grain.GetETag());

            // Simulates a second activation (e.g. during a membership split) that wrote first.
            var storage = silo.GrainStorage(OrleansSchemaTestSilo.Storage);
            var other = await ReadAsync(storage, GrainId.Create("schemaprobe", key));
            Assert.Equal("before restart", other.State!.Value);
            other.State!.Value = "written elsewhere";
            await storage.WriteStateAsync("probe", GrainId.Create("schemaprobe", key), other);

            await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetValue("stale"));

            // A new activation reads the winner, then clearing works.
            grain = silo.Grains.GetGrain<ISchemaProbeGrain>(key);
            Assert.Equal("written elsewhere", await grain.GetValue());
            await grain.Clear();
            Assert.Null(await grain.GetValue());
            await grain.SetValue("after clear");
            Assert.Equal("after clear", await grain.GetValue());
        }
    }

    private static async Task<GrainState<SchemaProbeState>> ReadAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<SchemaProbeState>();
        await storage.ReadStateAsync("probe", grainId, state);
        return state;
    }
}
