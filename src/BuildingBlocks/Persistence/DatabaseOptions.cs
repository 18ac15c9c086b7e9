namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>Bound from <c>Crm:Database</c>; the connection string comes from <c>ConnectionStrings:Crm</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Crm:Database";
    public const string ConnectionStringName = "Crm";
    public const string DefaultSqliteConnectionString = "Data Source=data/crm.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string ConnectionString { get; set; } = DefaultSqliteConnectionString;
}
