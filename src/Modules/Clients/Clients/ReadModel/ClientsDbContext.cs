using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Clients.ReadModel;

/// <summary>Reads the Clients module's tables. Writes go through <see cref="ClientProjection"/>; the schema through the SQL migrations.</summary>
public sealed class ClientsDbContext(DbContextOptions<ClientsDbContext> options) : DbContext(options)
{
    public const string Module = "clients";

    public DbSet<ClientRow> Clients => Set<ClientRow>();
    public DbSet<ClientPhoneRow> Phones => Set<ClientPhoneRow>();
    public DbSet<ClientEmailRow> Emails => Set<ClientEmailRow>();
    public DbSet<ClientSegmentRow> Segments => Set<ClientSegmentRow>();

    public static ModuleTables Tables(DatabaseProvider provider) => new(provider, Module);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var provider = ReadModelConventions.ProviderOf(this);
        var tables = Tables(provider);

        modelBuilder.Entity<ClientRow>(e =>
        {
            tables.Map(e, "clients");
            e.HasKey(c => c.Id);
            e.Property(c => c.Kind).HasConversion<string>();
            e.Property(c => c.SupportStatus).HasConversion<string>();
        });
        modelBuilder.Entity<ClientPhoneRow>(e =>
        {
            tables.Map(e, "phones");
            e.HasKey(p => new { p.ClientId, p.ContactId, p.Phone });
        });
        modelBuilder.Entity<ClientEmailRow>(e =>
        {
            tables.Map(e, "emails");
            e.HasKey(p => new { p.ClientId, p.ContactId, p.Email });
        });
        modelBuilder.Entity<ClientSegmentRow>(e =>
        {
            tables.Map(e, "segments");
            e.HasKey(p => new { p.ClientId, p.Segment });
        });

        modelBuilder.ApplyCrmConventions(provider);
    }
}
