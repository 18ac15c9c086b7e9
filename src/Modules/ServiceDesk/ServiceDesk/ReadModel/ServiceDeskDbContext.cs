using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.ServiceDesk.ReadModel;

/// <summary>Reads the service desk's tables; writes go through <see cref="TicketProjection"/>.</summary>
public sealed class ServiceDeskDbContext(DbContextOptions<ServiceDeskDbContext> options) : DbContext(options)
{
    public const string Module = "servicedesk";

    public DbSet<TicketRow> Tickets => Set<TicketRow>();
    public DbSet<AlertRow> Alerts => Set<AlertRow>();

    public static ModuleTables Tables(DatabaseProvider provider) => new(provider, Module);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var provider = Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
        modelBuilder.Entity<TicketRow>(e =>
        {
            Tables(provider).Map(e, "tickets");
            e.HasKey(t => t.Id);
            e.Property(t => t.Priority).HasConversion<string>();
            e.Property(t => t.Status).HasConversion<string>();
        });
        modelBuilder.Entity<AlertRow>(e =>
        {
            Tables(provider).Map(e, "alerts");
            e.HasKey(a => a.Id);
            e.Property(a => a.Kind).HasConversion<string>();
        });

        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            property.SetColumnName(string.Concat(property.Name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString())));
            if (provider == DatabaseProvider.Sqlite && property.ClrType == typeof(Guid))
            {
                property.SetValueConverter(new ValueConverter<Guid, string>(g => g.ToString(), s => Guid.Parse(s)));
            }
            else if (provider == DatabaseProvider.Sqlite && property.ClrType == typeof(Guid?))
            {
                property.SetValueConverter(new ValueConverter<Guid?, string?>(g => g.HasValue ? g.Value.ToString() : null, s => s == null ? null : Guid.Parse(s)));
            }
        }
    }
}
