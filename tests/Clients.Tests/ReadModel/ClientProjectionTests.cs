using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.ReadModel;
using OrleansCrm.Testing;

namespace OrleansCrm.Clients.Tests.ReadModel;

/// <summary>The projection against a real database: a late or repeated version never overwrites a newer one.</summary>
public abstract class ClientProjectionTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private ClientProjection _projection = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await new SchemaMigrator(Database.Options, [new ClientsSchema()], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        _projection = new ClientProjection(Database.Options, Projections);
    }

    [Fact]
    public async Task An_older_version_arriving_late_changes_nothing()
    {
        var id = Guid.NewGuid();
        var v1 = Client(id, 1, "Стара Назва", "+380441111111", "VIP");
        var v2 = Client(id, 2, "Нова Назва", "+380442222222", "Агро");

        await _projection.ProjectAsync(v2, CancellationToken.None);
        await _projection.ProjectAsync(v1, CancellationToken.None);
        await _projection.ProjectAsync(v2, CancellationToken.None);

        await using var db = Context();
        var row = await db.Clients.SingleAsync(c => c.Id == id);
        Assert.Equal(2, row.Version);
        Assert.Equal("Нова Назва", row.LegalName);
        Assert.Equal("нова назва", row.SearchName);
        Assert.Equal(["+380442222222"], await db.Phones.Where(p => p.ClientId == id).Select(p => p.Phone).ToListAsync());
        Assert.Equal(["Агро"], await db.Segments.Where(s => s.ClientId == id).Select(s => s.Segment).ToListAsync());
    }

    [Fact]
    public async Task Migrations_run_twice_change_nothing()
    {
        await new SchemaMigrator(Database.Options, [new ClientsSchema()], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await using var db = Context();
        Assert.Equal(0, await db.Clients.CountAsync());
    }

    private ClientsDbContext Context()
    {
        var options = new DbContextOptionsBuilder<ClientsDbContext>();
        ModuleTables.UseProvider(options, Database.Options);
        return new ClientsDbContext(options.Options);
    }

    private static ClientDetails Client(Guid id, int version, string name, string phone, string segment) =>
        ClientDetails.From(id, version,
            new ClientCard(name, name, ClientKind.Company, "14360570",
                [new Contact(Guid.NewGuid(), "Контакт", null, [phone], ["a@b.ua"])],
                null, [segment], new Dictionary<string, CustomAttribute>(), SupportStatus.Active, null, null, []),
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}

public sealed class SqliteClientProjectionTests() : ClientProjectionTests(DatabaseProvider.Sqlite);

public sealed class PostgresClientProjectionTests() : ClientProjectionTests(DatabaseProvider.PostgreSql);
