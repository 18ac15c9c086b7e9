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
    public DbSet<TimeEntryRow> TimeEntries => Set<TimeEntryRow>();

    public static ModuleTables Tables(DatabaseProvider provider) => new(provider, Module);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var provider = ReadModelConventions.ProviderOf(this);
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

        modelBuilder.Entity<TimeEntryRow>(e =>
        {
            Tables(provider).Map(e, "time_entries");
            e.HasKey(t => new { t.TicketId, t.Sequence });
        });

        modelBuilder.ApplyCrmConventions(provider);
    }
}
