using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Host.Persistence;
using OrleansCrm.Host.Persistence.OrleansSchema;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Persistence;

/// <summary>Grain state through the group commit: Orleans' optimistic concurrency, clearing, and the ADO.NET key layout.</summary>
public abstract class GroupCommitGrainStorageTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private GroupCommitGrainStorage _storage = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await OrleansSchema.EnsureCreatedAsync(Provider, Database.Options.ConnectionString, CancellationToken.None);
        _storage = Storage(new BinaryGrainStateSerializer(Serializer));
    }

    [Fact]
    public async Task A_written_state_reads_back_with_its_version()
    {
        var grain = TicketGrainId(Guid.NewGuid());
        var written = new GrainState<Probe> { State = new Probe { Name = "Не формується ПН", Count = 3 } };

        await _storage.WriteStateAsync("probe", grain, written);
        await _storage.WriteStateAsync("probe", grain, written);
        var read = new GrainState<Probe>();
        await _storage.ReadStateAsync("probe", grain, read);

        Assert.Equal("2", written.ETag);
        Assert.Equal("2", read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal("Не формується ПН", read.State!.Name);
        Assert.Equal(3, read.State!.Count);
    }

    [Fact]
    public async Task A_missing_state_reads_as_new_without_a_version()
    {
        var read = new GrainState<Probe> { State = new Probe { Name = "left over" } };

        await _storage.ReadStateAsync("probe", TicketGrainId(Guid.NewGuid()), read);

        Assert.Null(read.ETag);
        Assert.False(read.RecordExists);
        Assert.Equal("", read.State!.Name);
    }

    [Fact]
    public async Task A_grain_marked_new_starts_empty_without_reading_and_a_wrong_mark_loses_nothing()
    {
        var stored = TicketGrainId(Guid.NewGuid());
        var other = TicketGrainId(Guid.NewGuid());
        await _storage.WriteStateAsync("probe", stored, new GrainState<Probe> { State = new Probe { Name = "stored" } });
        await _storage.WriteStateAsync("probe", other, new GrainState<Probe> { State = new Probe { Name = "other" } });

        var marked = new GrainState<Probe>();
        var unmarked = new GrainState<Probe>();
        using (NewGrain.Mark(stored)) // wrongly: the grain has a row, which proves the read was skipped
        {
            await _storage.ReadStateAsync("probe", stored, marked);
            await _storage.ReadStateAsync("probe", other, unmarked);
        }

        var after = new GrainState<Probe>();
        await _storage.ReadStateAsync("probe", stored, after);

        Assert.False(marked.RecordExists);
        Assert.Null(marked.ETag);
        Assert.Equal("other", unmarked.State!.Name);
        Assert.Equal("stored", after.State!.Name);
        marked.State!.Name = "would overwrite";
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("probe", stored, marked));
        var again = new GrainState<Probe>();
        await _storage.ReadStateAsync("probe", stored, again);
        Assert.Equal("stored", again.State!.Name);
    }

    [Fact]
    public void A_dropped_mark_leaves_the_call_context_empty_so_the_grains_own_calls_carry_nothing()
    {
        var grain = TicketGrainId(Guid.NewGuid());
        using (NewGrain.Mark(grain))
        {
            Assert.True(NewGrain.IsMarked(grain));
            NewGrain.Drop();
            Assert.False(NewGrain.IsMarked(grain));
            Assert.Empty(RequestContext.Keys);
        }
    }

    [Fact]
    public async Task A_write_from_a_stale_version_is_refused_and_changes_nothing()
    {
        var grain = TicketGrainId(Guid.NewGuid());
        var first = new GrainState<Probe> { State = new Probe { Name = "first" } };
        await _storage.WriteStateAsync("probe", grain, first);
        var stale = new GrainState<Probe> { State = new Probe { Name = "stale" }, ETag = first.ETag };
        first.State!.Name = "second";
        await _storage.WriteStateAsync("probe", grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("probe", grain, stale));
        var twin = new GrainState<Probe> { State = new Probe { Name = "another activation's first write" } };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("probe", grain, twin));

        var read = new GrainState<Probe>();
        await _storage.ReadStateAsync("probe", grain, read);
        Assert.Equal("second", read.State!.Name);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task A_companion_statement_commits_with_an_accepted_write_and_not_with_a_refused_one()
    {
        await ExecuteAsync("CREATE TABLE companion_probe (name TEXT NOT NULL)");
        var grain = TicketGrainId(Guid.NewGuid());
        var first = new GrainState<Probe> { State = new Probe { Name = "first" } };
        var stale = new GrainState<Probe> { State = new Probe { Name = "stale" } };

        var accepted = await WriteWithCompanionAsync(grain, first, "accepted");
        var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteWithCompanionAsync(grain, stale, "refused"));
        var plain = StateWriteCompanion.Take(); // nothing attached outside a scope

        Assert.True(accepted);
        Assert.NotNull(refused);
        Assert.Null(plain);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM companion_probe"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM companion_probe WHERE name = 'accepted'"));
    }

    private async Task<bool> WriteWithCompanionAsync(GrainId grain, GrainState<Probe> state, string name)
    {
        using var companion = StateWriteCompanion.Attach(new SqlStatement("INSERT INTO companion_probe (name) VALUES (@name)").Add("@name", name));
        await _storage.WriteStateAsync("probe", grain, state);
        return companion.Taken;
    }

    [Fact]
    public async Task Clearing_keeps_the_version_counting_so_a_stale_activation_cannot_write_back()
    {
        var grain = TicketGrainId(Guid.NewGuid());
        var state = new GrainState<Probe> { State = new Probe { Name = "to clear" } };
        await _storage.WriteStateAsync("probe", grain, state);
        var stale = new GrainState<Probe> { State = new Probe { Name = "stale" }, ETag = state.ETag };

        await _storage.ClearStateAsync("probe", grain, state);
        var read = new GrainState<Probe>();
        await _storage.ReadStateAsync("probe", grain, read);

        Assert.Equal("2", state.ETag);
        Assert.False(read.RecordExists);
        Assert.Equal("2", read.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("probe", grain, stale));
        read.State!.Name = "again";
        await _storage.WriteStateAsync("probe", grain, read);
        Assert.Equal("3", read.ETag);
    }

    [Fact]
    public async Task Concurrent_writes_of_many_grains_all_land()
    {
        var grains = Enumerable.Range(0, 200).Select(_ => TicketGrainId(Guid.NewGuid())).ToList();

        await Task.WhenAll(grains.Select((grain, i) => _storage.WriteStateAsync("probe", grain, new GrainState<Probe> { State = new Probe { Count = i } })));

        Assert.Equal(200L, await ScalarAsync("SELECT count(*) FROM orleans_storage WHERE state_name = 'probe' AND version = 1"));
        var read = new GrainState<Probe>();
        await _storage.ReadStateAsync("probe", grains[123], read);
        Assert.Equal(123, read.State!.Count);
    }

    [Fact]
    public async Task Keys_are_laid_out_as_Orleans_ADO_NET_provider_lays_them_out()
    {
        // So rows written before the product had its own provider stay readable: a Guid key's bytes in n0/n1, a string
        // key in the extension column.
        var id = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        await _storage.WriteStateAsync("probe", TicketGrainId(id), new GrainState<Probe> { State = new Probe() });
        await _storage.WriteStateAsync("probe", GrainId.Create("dispatcher", "support"), new GrainState<Probe> { State = new Probe() });

        var bytes = id.ToByteArray();
        Assert.Equal(1L, await ScalarAsync(
            $"SELECT count(*) FROM orleans_storage WHERE grain_id_n0 = {BitConverter.ToInt64(bytes, 0)} AND grain_id_n1 = {BitConverter.ToInt64(bytes, 8)} AND grain_id_extension = ''"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM orleans_storage WHERE grain_id_n0 = 0 AND grain_id_n1 = 0 AND grain_id_extension = 'support'"));
    }

    [Fact]
    public async Task State_stored_as_json_by_earlier_versions_still_reads()
    {
        var grain = TicketGrainId(Guid.NewGuid());
        var old = new GrainState<Probe> { State = new Probe { Name = "збережено як JSON", Count = 7 } };
        await Storage(new OrleansCrm.Host.Persistence.JsonGrainStorageSerializer()).WriteStateAsync("probe", grain, old);

        var read = new GrainState<Probe>();
        await _storage.ReadStateAsync("probe", grain, read);
        read.State!.Count++;
        await _storage.WriteStateAsync("probe", grain, read);
        var again = new GrainState<Probe>();
        await _storage.ReadStateAsync("probe", grain, again);

        Assert.Equal("збережено як JSON", read.State.Name);
        Assert.Equal(8, again.State!.Count);
        Assert.Equal("2", again.ETag);
    }

    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private GroupCommitGrainStorage Storage(IGrainStorageSerializer serializer) => new(Database.Options, Projections, serializer, "test-service");

    private static GrainId TicketGrainId(Guid id) => GrainId.Create(GrainType.Create("ticket"), GrainIdKeyExtensions.CreateGuidKey(id));

    [GenerateSerializer]
    public sealed class Probe
    {
        [Id(0)] public string Name { get; set; } = "";
        [Id(1)] public int Count { get; set; }
    }
}

public sealed class SqliteGroupCommitGrainStorageTests() : GroupCommitGrainStorageTests(DatabaseProvider.Sqlite);

public sealed class PostgresGroupCommitGrainStorageTests() : GroupCommitGrainStorageTests(DatabaseProvider.PostgreSql);
