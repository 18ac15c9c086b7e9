using System.Data.Common;

namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// One SQL statement with named parameters, for the <see cref="GroupCommitWriter"/>: statements of writes that arrive
/// together go to the database in one batch (one round trip on PostgreSQL) inside one transaction.
/// </summary>
/// <remarks>
/// On PostgreSQL the group commit sends the SQL with positional parameters, converted once per SQL string instance
/// (<see cref="PositionalSql"/>): keep a statement's SQL text in a field rather than building it on every call.
/// </remarks>
public sealed class SqlStatement
{
    public SqlStatement(string sql)
        : this(sql, [])
    {
    }

    private SqlStatement(string sql, List<KeyValuePair<string, object?>> parameters)
    {
        Sql = sql;
        Parameters = parameters;
    }

    public string Sql { get; }

    public List<KeyValuePair<string, object?>> Parameters { get; }

    /// <summary>Another SQL text over the same parameters (shared, not copied).</summary>
    public SqlStatement WithSql(string sql) => new(sql, Parameters);

    /// <summary>Adds a named parameter; null becomes SQL NULL.</summary>
    public SqlStatement Add(string name, object? value)
    {
        Parameters.Add(new(name, value ?? DBNull.Value));
        return this;
    }

    /// <summary>Runs the statement on its own, in a transaction the caller holds (a store's write outside the group commit).</summary>
    public async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = ModuleDb.Command(connection, transaction, Sql, [.. Parameters.Select(p => (p.Key, p.Value))]);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
