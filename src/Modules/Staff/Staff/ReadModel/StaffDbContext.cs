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
        var provider = Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
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

        // snake_case columns, as the SQL migrations write them
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
                if (provider == DatabaseProvider.Sqlite && (property.ClrType == typeof(Guid) || property.ClrType == typeof(Guid?)))
                {
                    // SQLite keeps ids as lower-case text, the form the projection's SQL writes.
                    property.SetValueConverter(property.ClrType == typeof(Guid)
                        ? new ValueConverter<Guid, string>(g => g.ToString(), s => Guid.Parse(s))
                        : new ValueConverter<Guid?, string?>(g => g.HasValue ? g.Value.ToString() : null, s => s == null ? null : Guid.Parse(s)));
                }
            }
        }
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
