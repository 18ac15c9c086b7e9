using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// Where a module's tables live: a PostgreSQL schema per module, or a table-name prefix in the single SQLite file.
/// One place decides, so EF mappings and hand-written SQL agree.
/// </summary>
public sealed record ModuleTables(DatabaseProvider Provider, string Module)
{
    /// <summary>The table's name as written in SQL (quoted where PostgreSQL needs a schema).</summary>
    public string Sql(string table) => Provider == DatabaseProvider.PostgreSql ? $"{Module}.{table}" : $"{Module}_{table}";

    public void Map<T>(EntityTypeBuilder<T> entity, string table) where T : class
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            entity.ToTable(table, Module);
        }
        else
        {
            entity.ToTable($"{Module}_{table}");
        }
    }

    /// <summary>Configures EF Core for the provider.</summary>
    public static void UseProvider(DbContextOptionsBuilder options, DatabaseOptions database)
    {
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            options.UseNpgsql(database.ConnectionString);
        }
        else
        {
            options.UseSqlite(database.ConnectionString);
        }
    }
}
