using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.ReadModel;
using OrleansCrm.Testing;

namespace OrleansCrm.Staff.Tests.ReadModel;

/// <summary>The projection against a real database: a late or repeated version never overwrites a newer one.</summary>
public abstract class SpecialistProjectionTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private SpecialistProjection _projection = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Migrate();
        _projection = new SpecialistProjection(Database.Options, Projections);
    }

    [Fact]
    public async Task An_older_version_arriving_late_changes_nothing()
    {
        var id = Guid.NewGuid();
        var until = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var v1 = Specialist(id, 1, "Стара Назва", [new Skill("medoc", 2)], new Availability(AvailabilityStatus.OnDuty, null), load: 0);
        var v2 = Specialist(id, 2, "Нова Назва", [new Skill("bas", 4), new Skill("qes", 1)], new Availability(AvailabilityStatus.Absent, until), load: 7);

        await _projection.ProjectAsync(v2, CancellationToken.None);
        await _projection.ProjectAsync(v1, CancellationToken.None);
        await _projection.ProjectAsync(v2, CancellationToken.None);

        await using var db = Context();
        var row = await db.Specialists.SingleAsync(s => s.Id == id);
        Assert.Equal(2, row.Version);
        Assert.Equal("Нова Назва", row.Name);
        Assert.Equal("нова назва", row.SearchName);
        Assert.Equal(AvailabilityStatus.Absent, row.AvailabilityStatus);
        Assert.Equal(until, row.AvailableUntil);
        Assert.Equal(7, row.Load);
        Assert.Equal(42.5, row.Rating);
        Assert.Equal(["bas:4", "qes:1"], await db.Skills.Where(s => s.SpecialistId == id).OrderBy(s => s.Code).Select(s => s.Code + ":" + s.Level).ToListAsync());

        // Times compare in SQL on both databases.
        Assert.Equal(1, await db.Specialists.CountAsync(s => s.Id == id && s.AvailableUntil > until.AddMilliseconds(-1)));
        Assert.Equal(0, await db.Specialists.CountAsync(s => s.Id == id && s.AvailableUntil > until));
    }

    [Fact]
    public async Task Migrations_run_twice_change_nothing()
    {
        await Migrate();
        await using var db = Context();
        Assert.Equal(0, await db.Specialists.CountAsync());
    }

    private Task Migrate() =>
        new SchemaMigrator(Database.Options, [new StaffSchema()], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

    private StaffDbContext Context()
    {
        var options = new DbContextOptionsBuilder<StaffDbContext>();
        ModuleTables.UseProvider(options, Database.Options);
        return new StaffDbContext(options.Options);
    }

    private static SpecialistDetails Specialist(Guid id, int version, string name, IReadOnlyList<Skill> skills, Availability availability, int load) =>
        new(id, version, name, null, skills, 3, [], 10, availability, load, [], 42.5,
            new RatingParts(18, 4.5, 10, 10, 0, 42.5), new WorkCounters(0, 0, 0, 0, 0, 0, 0));
}

public sealed class SqliteSpecialistProjectionTests() : SpecialistProjectionTests(DatabaseProvider.Sqlite);

public sealed class PostgresSpecialistProjectionTests() : SpecialistProjectionTests(DatabaseProvider.PostgreSql);
