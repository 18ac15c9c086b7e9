using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Staff.ReadModel;

/// <summary>Reads the Staff module's tables. Writes go through <see cref="SpecialistProjection"/>; the schema through the SQL migrations.</summary>
public sealed class StaffDbContext(DbContextOptions<StaffDbContext> options) : DbContext(options)
{
    public const string Module = "staff";

    public DbSet<SpecialistRow> Specialists => Set<SpecialistRow>();
    public DbSet<SpecialistSkillRow> Skills => Set<SpecialistSkillRow>();

    public static ModuleTables Tables(DatabaseProvider provider) => new(provider, Module);

    /// <summary>
    /// SQLite has no time type: times are unix milliseconds (INTEGER), which compare and sort correctly in SQL.
    /// The projection writes the same form (<see cref="SpecialistProjection"/>).
    /// </summary>
    public static readonly ValueConverter<DateTimeOffset?, long?> UnixMilliseconds = new(
        t => t.HasValue ? t.Value.ToUnixTimeMilliseconds() : null,
        ms => ms.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(ms.Value) : null);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var provider = ReadModelConventions.ProviderOf(this);
        var tables = Tables(provider);

        modelBuilder.Entity<SpecialistRow>(e =>
        {
            tables.Map(e, "specialists");
            e.HasKey(s => s.Id);
            e.Property(s => s.AvailabilityStatus).HasConversion<string>();
            if (provider == DatabaseProvider.Sqlite)
            {
                e.Property(s => s.AvailableUntil).HasConversion(UnixMilliseconds);
            }
        });
        modelBuilder.Entity<SpecialistSkillRow>(e =>
        {
            tables.Map(e, "specialist_skills");
            e.HasKey(s => new { s.SpecialistId, s.Code });
        });

        modelBuilder.ApplyCrmConventions(provider);
    }
}
