using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Host.Persistence;
using OrleansCrm.Host.Persistence.OrleansSchema;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Persistence;

/// <summary>
/// A commit whose reply is lost (the connection breaks after PostgreSQL committed) is not a conflict: the group commit
/// finds the row holding exactly what it wrote and reports the write as done. Before, the write-by-write re-run found
/// the row already at the new version and reported a conflict for a change that was stored.
/// </summary>
public sealed class UnknownCommitOutcomeTests() : DatabaseTest(DatabaseProvider.PostgreSql)
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private DroppingProxy _proxy = null!;
    private GroupCommitWriter _writer = null!;
    private GroupCommitGrainStorage _storage = null!;

    /// <summary>The product's storage and group commit, on the test's database through the proxy.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await OrleansSchema.EnsureCreatedAsync(Provider, Database.ConnectionString, CancellationToken.None);
        var target = new NpgsqlConnectionStringBuilder(Database.ConnectionString);
        _proxy = new DroppingProxy(target.Host!, target.Port);
        var throughProxy = new DatabaseOptions
        {
            Provider = DatabaseProvider.PostgreSql,
            ConnectionString = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Host = "127.0.0.1", Port = _proxy.Port }.ConnectionString,
        };
        _writer = new GroupCommitWriter(throughProxy, NullLogger<GroupCommitWriter>.Instance);
        _storage = new GroupCommitGrainStorage(throughProxy, _writer, new BinaryGrainStateSerializer(Serializer), "test-service");
    }

    public override async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _proxy.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_stored_write_whose_reply_was_lost_counts_as_written()
    {
        var (proxy, storage, grain) = (_proxy, _storage, NewGrain());
        var state = new GrainState<GroupCommitGrainStorageTests.Probe> { State = new() { Name = "перший запис" } };
        await storage.WriteStateAsync("probe", grain, state);

        var marker = $"lost-reply-{Guid.NewGuid():N}";
        state.State.Name = marker;
        proxy.LoseReplyTo(Encoding.UTF8.GetBytes(marker));
        await storage.WriteStateAsync("probe", grain, state); // before: InconsistentStateException for a stored change

        Assert.Equal(1, proxy.Dropped);
        Assert.Equal("2", state.ETag);
        var read = new GrainState<GroupCommitGrainStorageTests.Probe>();
        await new GroupCommitGrainStorage(Database.Options, Projections, new BinaryGrainStateSerializer(Serializer), "test-service").ReadStateAsync("probe", grain, read);
        Assert.Equal(marker, read.State!.Name);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task A_write_another_activation_beat_is_still_refused_after_a_lost_reply()
    {
        var (proxy, storage, grain) = (_proxy, _storage, NewGrain());
        var mine = new GrainState<GroupCommitGrainStorageTests.Probe> { State = new() { Name = "мій" } };
        await storage.WriteStateAsync("probe", grain, mine);
        var theirs = new GrainState<GroupCommitGrainStorageTests.Probe> { State = new() { Name = "їхній" }, ETag = mine.ETag };
        await storage.WriteStateAsync("probe", grain, theirs); // another activation moved the row on

        var marker = $"lost-reply-{Guid.NewGuid():N}";
        mine.State.Name = marker;
        proxy.LoseReplyTo(Encoding.UTF8.GetBytes(marker));

        // Its reply lost or not, a stale write changed nothing: the row holds the other write, so it is a conflict.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", grain, mine));
        Assert.Equal(1, proxy.Dropped);
    }

    private static GrainId NewGrain() => GrainId.Create(GrainType.Create("ticket"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid()));
}
