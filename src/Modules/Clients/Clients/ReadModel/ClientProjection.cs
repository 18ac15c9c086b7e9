using System.Data.Common;
using System.Text.Json;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Clients.ReadModel;

/// <summary>
/// Writes a client's version into the list and search tables in one transaction.
/// The main row is upserted only when the incoming version is newer; when it is not, nothing else is touched,
/// so retries and reordering are harmless.
/// </summary>
public sealed class ClientProjection(DatabaseOptions database, GroupCommitWriter writer)
{
    private readonly ModuleTables _tables = ClientsDbContext.Tables(database.Provider);

    /// <summary>Completes once the row is committed, in a transaction shared with other projections (<see cref="GroupCommitWriter"/>).</summary>
    public Task ProjectAsync(ClientDetails client, CancellationToken cancellationToken) =>
        writer.WriteAsync(Row(client), cancellationToken);

    /// <summary>The client's rows in the list and search tables: what commits with the client's state.</summary>
    public RowWrite Row(ClientDetails client) =>
        RowWrite.Of((connection, transaction, token) => WriteAsync(connection, transaction, client, token));

    private async Task WriteAsync(DbConnection connection, DbTransaction transaction, ClientDetails client, CancellationToken cancellationToken)
    {

        var clients = _tables.Sql("clients");
        var upsert = Command(connection, transaction, $"""
            INSERT INTO {clients} AS t (id, version, legal_name, short_name, search_name, kind, tax_id, manager_id, support_status, segments)
            VALUES (@id, @version, @legal_name, @short_name, @search_name, @kind, @tax_id, @manager_id, @support_status, @segments)
            ON CONFLICT (id) DO UPDATE SET
                version = excluded.version, legal_name = excluded.legal_name, short_name = excluded.short_name,
                search_name = excluded.search_name, kind = excluded.kind, tax_id = excluded.tax_id, manager_id = excluded.manager_id,
                support_status = excluded.support_status, segments = excluded.segments
            WHERE t.version < excluded.version
            """);
        upsert.AddParameter("@id", database.DbId(client.Id));
        upsert.AddParameter("@version", client.Version);
        upsert.AddParameter("@legal_name", client.LegalName);
        upsert.AddParameter("@short_name", client.ShortName);
        upsert.AddParameter("@search_name", SearchName(client.LegalName, client.ShortName));
        upsert.AddParameter("@kind", client.Kind.ToString());
        upsert.AddParameter("@tax_id", client.TaxId);
        upsert.AddParameter("@manager_id", client.ManagerId is { } manager ? database.DbId(manager) : null);
        upsert.AddParameter("@support_status", client.SupportStatus.ToString());
        upsert.AddParameter("@segments", JsonSerializer.Serialize(client.Segments));
        if (await upsert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return; // the tables already hold this version or a newer one
        }

        foreach (var table in new[] { "phones", "emails", "segments" })
        {
            var delete = Command(connection, transaction, $"DELETE FROM {_tables.Sql(table)} WHERE client_id = @id");
            delete.AddParameter("@id", database.DbId(client.Id));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        var phones = client.Contacts.SelectMany(c => c.Phones.Select(p => new object?[] { database.DbId(client.Id), database.DbId(c.Id), p, c.Name })).ToList();
        await InsertAsync(connection, transaction, "phones", ["client_id", "contact_id", "phone", "contact_name"], phones, cancellationToken);
        var emails = client.Contacts.SelectMany(c => c.Emails.Select(e => new object?[] { database.DbId(client.Id), database.DbId(c.Id), e })).ToList();
        await InsertAsync(connection, transaction, "emails", ["client_id", "contact_id", "email"], emails, cancellationToken);
        var segments = client.Segments.Select(s => new object?[] { database.DbId(client.Id), s }).ToList();
        await InsertAsync(connection, transaction, "segments", ["client_id", "segment"], segments, cancellationToken);

    }

    /// <summary>What name search compares against: both names, lower-cased in every alphabet.</summary>
    public static string SearchName(string legalName, string shortName) =>
        (legalName == shortName ? legalName : legalName + " " + shortName).ToLowerInvariant();

    private async Task InsertAsync(DbConnection connection, DbTransaction transaction, string table, string[] columns, List<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var command = Command(connection, transaction, "");
        var values = new List<string>();
        for (var r = 0; r < rows.Count; r++)
        {
            values.Add("(" + string.Join(", ", columns.Select((_, c) => $"@p{r}_{c}")) + ")");
            for (var c = 0; c < columns.Length; c++)
            {
                command.AddParameter($"@p{r}_{c}", rows[r][c]);
            }
        }

        // A contact may list one number twice under different spellings that normalise alike; the card already de-duplicates.
        command.CommandText = $"INSERT INTO {_tables.Sql(table)} ({string.Join(", ", columns)}) VALUES {string.Join(", ", values)}";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
