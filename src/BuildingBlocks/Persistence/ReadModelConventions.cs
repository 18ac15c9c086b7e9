using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// How every module's read tables look to EF Core and to hand-written SQL alike: snake_case columns, and ids as
/// uuid on PostgreSQL but lower-case text on SQLite. One place, so a projection's SQL and a query's LINQ agree.
/// </summary>
public static class ReadModelConventions
{
    public static DatabaseProvider ProviderOf(DbContext context) =>
        context.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;

    /// <summary>Call at the end of OnModelCreating, after the entities are mapped.</summary>
    public static void ApplyCrmConventions(this ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            property.SetColumnName(SnakeCase(property.Name));
            if (provider != DatabaseProvider.Sqlite)
            {
                continue;
            }

            if (property.ClrType == typeof(Guid))
            {
                property.SetValueConverter(new ValueConverter<Guid, string>(g => g.ToString(), s => Guid.Parse(s)));
            }
            else if (property.ClrType == typeof(Guid?))
            {
                property.SetValueConverter(new ValueConverter<Guid?, string?>(g => g.HasValue ? g.Value.ToString() : null, s => s == null ? null : Guid.Parse(s)));
            }
        }
    }

    /// <summary>An id as the database stores it (see <see cref="ApplyCrmConventions"/>), for hand-written SQL.</summary>
    public static object DbId(this DatabaseOptions database, Guid id) => database.Provider == DatabaseProvider.PostgreSql ? id : id.ToString();

    /// <summary>Adds a named parameter; null becomes SQL NULL.</summary>
    public static void AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
