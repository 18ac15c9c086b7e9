using System.Data.Common;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Agreements;

/// <summary>Where the module's tables live (schema <c>agreements</c>, or the <c>agreements_</c> prefix in SQLite): see ReadModel/Migrations.</summary>
internal static class AgreementsTables
{
    public const string Module = "agreements";

    public static ModuleTables Of(DatabaseOptions database) => new(database.Provider, Module);

    public static Guid ReadGuid(this DbDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) is Guid guid ? guid : Guid.Parse(reader.GetString(ordinal));

    public static Guid? ReadNullableGuid(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.ReadGuid(ordinal);

    public static DateOnly ReadDate(this DbDataReader reader, int ordinal) => reader.GetFieldValue<DateOnly>(ordinal);

    public static DateOnly? ReadNullableDate(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.ReadDate(ordinal);

    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}

internal sealed class AgreementsSchema : IModuleSchema
{
    public string Module => AgreementsTables.Module;

    public IReadOnlyList<SqlMigration> Migrations(DatabaseProvider provider) => EmbeddedMigrations.Load(typeof(AgreementsSchema).Assembly, provider);
}
