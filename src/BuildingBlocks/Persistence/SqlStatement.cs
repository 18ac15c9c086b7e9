namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// One SQL statement with named parameters, for the <see cref="GroupCommitWriter"/>: statements of writes that arrive
/// together go to the database in one batch (one round trip on PostgreSQL) inside one transaction.
/// </summary>
public sealed class SqlStatement(string sql)
{
    public string Sql { get; } = sql;

    public List<KeyValuePair<string, object?>> Parameters { get; } = [];

    /// <summary>Adds a named parameter; null becomes SQL NULL.</summary>
    public SqlStatement Add(string name, object? value)
    {
        Parameters.Add(new(name, value ?? DBNull.Value));
        return this;
    }
}
