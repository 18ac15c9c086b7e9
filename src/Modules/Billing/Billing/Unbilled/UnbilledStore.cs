using System.Data.Common;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;

namespace OrleansCrm.Billing.Unbilled;

/// <summary>
/// <c>billing.unbilled_items</c> (migration 0002) in SQL both databases share: an item is one row per (source, key), an
/// open one (no invoice, not written off) follows the work it stands for, a settled one is never changed again. Money
/// is stored in whole kopiykas.
/// </summary>
public sealed class UnbilledStore(DatabaseOptions database, AuditLog audit)
{
    private readonly string _table = new ModuleTables(database.Provider, BillingSchema.Name).Sql("unbilled_items");

    private readonly string _lines = new ModuleTables(database.Provider, BillingSchema.Name).Sql("unbilled_invoice_lines");

    private readonly string _documents = new ModuleTables(database.Provider, BillingSchema.Name).Sql("documents");

    private readonly string _runs = new ModuleTables(database.Provider, BillingSchema.Name).Sql("monthly_runs");

    private readonly MonthlyRun.FeeDayClaims _feeDays = new(new BillingDb(database));

    public string Table => _table;

    /// <summary>
    /// Inserts what is new and brings open items up to date, in one transaction; settled items stay as they were. Open
    /// hours-over items of <paramref name="prunedMonths"/> that are no longer found (an amendment raised the included
    /// hours) are removed. Returns how many items are new. Running it again with the same candidates changes nothing.
    /// </summary>
    public async Task<int> UpsertAsync(IReadOnlyList<UnbilledCandidate> candidates, DateTimeOffset now, IReadOnlyCollection<DateOnly>? prunedMonths, CancellationToken cancellationToken)
    {
        await using var connection = await DatabaseConnections.OpenForWritingAsync(database);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = await KeysAsync(connection, transaction, cancellationToken);
        var created = 0;
        foreach (var candidate in candidates)
        {
            await using var command = Command(connection, transaction, $"""
                INSERT INTO {_table} AS u (id, source, source_key, client_id, contract_id, ticket_id, period, description, quantity, unit, price, found_at)
                VALUES (@id, @source, @source_key, @client_id, @contract_id, @ticket_id, @period, @description, @quantity, @unit, @price, @found_at)
                ON CONFLICT (source, source_key) DO UPDATE SET
                    client_id = excluded.client_id, contract_id = excluded.contract_id, description = excluded.description,
                    quantity = excluded.quantity, unit = excluded.unit, price = excluded.price
                WHERE u.invoice_id IS NULL AND u.written_off_at IS NULL
                """);
            command.AddParameter("@id", database.DbId(Guid.NewGuid()));
            command.AddParameter("@source", (short)candidate.Source);
            command.AddParameter("@source_key", candidate.SourceKey);
            command.AddParameter("@client_id", database.DbId(candidate.ClientId));
            command.AddParameter("@contract_id", candidate.ContractId is { } contract ? database.DbId(contract) : null);
            command.AddParameter("@ticket_id", candidate.TicketId is { } ticket ? database.DbId(ticket) : null);
            command.AddParameter("@period", Date(candidate.Period));
            command.AddParameter("@description", candidate.Description);
            command.AddParameter("@quantity", candidate.Quantity);
            command.AddParameter("@unit", candidate.Unit);
            command.AddParameter("@price", Kopiykas(candidate.Price));
            command.AddParameter("@found_at", Moment(now));
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (!existing.ContainsKey((candidate.Source, candidate.SourceKey)))
            {
                created++;
                await ClaimFeeDaysAsync(connection, transaction, candidate, cancellationToken);
                await AuditCreatedAsync(connection, transaction, candidate, now, cancellationToken);
            }
        }

        if (prunedMonths is { Count: > 0 })
        {
            var found = candidates.Where(c => c.Source == UnbilledSource.HoursOver).Select(c => c.SourceKey).ToHashSet();
            foreach (var ((source, key), (period, open)) in existing)
            {
                if (source == UnbilledSource.HoursOver && open && period is { } month && prunedMonths.Contains(month) && !found.Contains(key))
                {
                    await using var delete = Command(connection, transaction,
                        $"DELETE FROM {_table} WHERE source = @source AND source_key = @source_key AND invoice_id IS NULL AND written_off_at IS NULL");
                    delete.AddParameter("@source", (short)source);
                    delete.AddParameter("@source_key", key);
                    await delete.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>
    /// A new fee-days item's days, claimed in its transaction (<see cref="MonthlyRun.FeeDayClaims"/>): a day a run invoice
    /// or another item billed a moment ago refuses the whole write with a 409, and the sync reads again.
    /// </summary>
    private async Task ClaimFeeDaysAsync(DbConnection connection, DbTransaction transaction, UnbilledCandidate candidate, CancellationToken cancellationToken)
    {
        if (candidate is not { Source: UnbilledSource.FeeDays, ContractId: { } contract } || UnbilledWork.DaysOfKey(candidate.SourceKey) is not { } days)
        {
            return;
        }

        try
        {
            await _feeDays.ForItem(candidate.SourceKey, contract, days).ExecuteAsync(connection, transaction, cancellationToken);
        }
        catch (DbException exception) when (MonthlyRun.FeeDayClaims.IsTaken(exception))
        {
            throw MonthlyRun.FeeDayClaims.Taken(contract.ToString());
        }
    }

    /// <summary>
    /// The days of <paramref name="period"/> found as fee-days items (whatever became of them), by contract: the run
    /// leaves them out of the fee, and the sync does not find them again.
    /// </summary>
    public async Task<Dictionary<Guid, HashSet<DateOnly>>> FeeDaysBilledApartAsync(DateOnly period, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT contract_id, source_key FROM {_table} WHERE source = @source AND period = @period");
        select.AddParameter("@source", (short)UnbilledSource.FeeDays);
        select.AddParameter("@period", Date(period));
        var days = new Dictionary<Guid, HashSet<DateOnly>>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (ReadGuid(reader, 0) is { } contract && UnbilledWork.DaysOfKey(reader.GetString(1)) is { } range)
            {
                (days.TryGetValue(contract, out var set) ? set : days[contract] = []).UnionWith(range.Each());
            }
        }

        return days;
    }

    /// <summary>Whether the monthly run has run <paramref name="period"/> (<c>monthly_runs</c>, migration 0050).</summary>
    public async Task<bool> MonthRunAsync(DateOnly period, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT COUNT(*) FROM {_runs} WHERE period = @period");
        select.AddParameter("@period", Date(period));
        return Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>
    /// The monthly run's invoices of <paramref name="period"/> for these contracts, each with the days its fee line billed
    /// (null for an invoice made before they were kept in its body).
    /// </summary>
    public async Task<Dictionary<Guid, IReadOnlyList<MonthlyRun.DayRange>?>> RunFeeDaysAsync(DateOnly period, IReadOnlyCollection<Guid> contractIds, CancellationToken cancellationToken)
    {
        var billed = new Dictionary<Guid, IReadOnlyList<MonthlyRun.DayRange>?>();
        if (contractIds.Count == 0)
        {
            return billed;
        }

        var ids = contractIds.ToList();
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT contract_id, body FROM {_documents}
            WHERE kind = @kind AND period = @period AND contract_id IN ({string.Join(", ", ids.Select((_, i) => $"@c{i}"))})
            """);
        select.AddParameter("@kind", (short)Documents.DocumentKind.Invoice);
        select.AddParameter("@period", Date(period));
        for (var i = 0; i < ids.Count; i++)
        {
            select.AddParameter($"@c{i}", database.DbId(ids[i]));
        }

        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            billed[ReadGuid(reader, 0)!.Value] = Documents.DocumentBody.Deserialize(reader.GetString(1)).FeeDays;
        }

        return billed;
    }

    /// <summary>The hours-over items of these months, settled or open.</summary>
    public async Task<IReadOnlyList<StoredHours>> HoursItemsAsync(IReadOnlyCollection<DateOnly> months, CancellationToken cancellationToken)
    {
        if (months.Count == 0)
        {
            return [];
        }

        var list = months.ToList();
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT source_key, client_id, period, quantity, CASE WHEN invoice_id IS NULL AND written_off_at IS NULL THEN 1 ELSE 0 END
            FROM {_table} WHERE source = @source AND period IN ({string.Join(", ", list.Select((_, i) => $"@m{i}"))})
            """);
        select.AddParameter("@source", (short)UnbilledSource.HoursOver);
        for (var i = 0; i < list.Count; i++)
        {
            select.AddParameter($"@m{i}", Date(list[i]));
        }

        var items = new List<StoredHours>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new StoredHours(reader.GetString(0), ReadGuid(reader, 1)!.Value, ReadDate(reader, 2)!.Value,
                Convert.ToDecimal(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(4)) == 1));
        }

        return items;
    }

    /// <summary>The tickets whose items are open: the sync asks the service desk which of them are still resolved.</summary>
    public async Task<IReadOnlyList<Guid>> OpenTicketIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using var select = Command(connection, null,
            $"SELECT ticket_id FROM {_table} WHERE source = @source AND ticket_id IS NOT NULL AND invoice_id IS NULL AND written_off_at IS NULL");
        select.AddParameter("@source", (short)UnbilledSource.Ticket);
        var ids = new List<Guid>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(ReadGuid(reader, 0)!.Value);
        }

        return ids;
    }

    /// <summary>
    /// Withdraws the open items of tickets reopened since they were resolved (the work is not finished, so not yet to
    /// invoice): each row goes with a <c>Withdraw</c> audit entry, in one transaction. An invoiced or written-off item
    /// stays as settled. Resolved again, the ticket is found by the sync and its item comes back. Returns how many went.
    /// </summary>
    public async Task<int> WithdrawTicketItemsAsync(IReadOnlyCollection<Guid> ticketIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ticketIds.Count == 0)
        {
            return 0;
        }

        await using var connection = await DatabaseConnections.OpenForWritingAsync(database);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var withdrawn = 0;
        foreach (var ticket in ticketIds)
        {
            await using var read = Command(connection, transaction,
                $"SELECT id FROM {_table} WHERE source = @source AND source_key = @key AND invoice_id IS NULL AND written_off_at IS NULL");
            read.AddParameter("@source", (short)UnbilledSource.Ticket);
            read.AddParameter("@key", ticket.ToString());
            if (await read.ExecuteScalarAsync(cancellationToken) is not { } found || found is DBNull)
            {
                continue;
            }

            var id = found is Guid guid ? guid : Guid.Parse(Convert.ToString(found, System.Globalization.CultureInfo.InvariantCulture)!);
            await using var delete = Command(connection, transaction, $"DELETE FROM {_table} WHERE id = @id AND invoice_id IS NULL AND written_off_at IS NULL");
            delete.AddParameter("@id", database.DbId(id));
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                continue; // invoiced or written off a moment ago: it stays
            }

            withdrawn++;
            await audit.WriteAsync(connection, transaction, new AuditEntry(
                Guid.NewGuid(), "unbilled-item", id.ToString(), null, BillingTexts.Module, AuditContext.Current ?? AuditActor.Product, now, "Withdraw",
                [new AuditChange("status", UnbilledStatus.Open.ToString(), null, "enum:UnbilledStatus"), new AuditChange("ticketId", ticket.ToString(), null)]),
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return withdrawn;
    }

    /// <summary>A page of items, newest first unless <paramref name="sort"/> says otherwise (see <see cref="UnbilledSort"/>).</summary>
    public async Task<UnbilledPage> ListAsync(Guid? clientId, UnbilledStatus? status, int page, int pageSize, string? sort, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        if (clientId is not null)
        {
            where.Add("client_id = @client_id");
        }

        where.Add(status switch
        {
            UnbilledStatus.Invoiced => "invoice_id IS NOT NULL",
            UnbilledStatus.WrittenOff => "written_off_at IS NOT NULL",
            UnbilledStatus.Open => "invoice_id IS NULL AND written_off_at IS NULL",
            _ => "1 = 1",
        });
        var filter = "WHERE " + string.Join(" AND ", where);

        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using var count = Command(connection, null, $"SELECT COUNT(*) FROM {_table} {filter}");
        await using var select = Command(connection, null, $"""
            SELECT {Columns} FROM {_table} {filter}
            ORDER BY {UnbilledSort.OrderBy(sort)}, id
            LIMIT @limit OFFSET @offset
            """);
        foreach (var command in new[] { count, select })
        {
            if (clientId is { } client)
            {
                command.AddParameter("@client_id", database.DbId(client));
            }
        }

        select.AddParameter("@limit", pageSize);
        select.AddParameter("@offset", (page - 1) * pageSize);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken));
        var items = new List<UnbilledItem>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return new UnbilledPage(items, total, page, pageSize);
    }

    public async Task<UnbilledItem?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id, cancellationToken);
    }

    /// <summary>
    /// Writes the item off with the reason, audited in the same transaction. The UPDATE takes only an open item, so of two
    /// write-offs at once one wins and the other is a 409, as is writing off an invoiced item.
    /// </summary>
    public async Task<UnbilledItem> WriteOffAsync(Guid id, string reason, AuditActor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await DatabaseConnections.OpenForWritingAsync(database);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = Command(connection, transaction, $"""
            UPDATE {_table} SET written_off_at = @at, written_off_by = @by, write_off_reason = @reason
            WHERE id = @id AND invoice_id IS NULL AND written_off_at IS NULL
            """);
        update.AddParameter("@at", Moment(now));
        update.AddParameter("@by", actor.Name.Length <= 200 ? actor.Name : actor.Name[..200]);
        update.AddParameter("@reason", reason);
        update.AddParameter("@id", database.DbId(id));
        var changed = await update.ExecuteNonQueryAsync(cancellationToken);
        var item = await GetAsync(connection, transaction, id, cancellationToken)
            ?? throw new NotFoundException(BillingTexts.Say("UnbilledNotFound", id.ToString()));
        if (changed == 0)
        {
            throw new ConflictException(BillingTexts.Say("UnbilledAlreadySettled", BillingTexts.Label(item.Status)));
        }

        await audit.WriteAsync(connection, transaction, new AuditEntry(
            Guid.NewGuid(), "unbilled-item", id.ToString(), null, BillingTexts.Module, actor, now, "WriteOff",
            [
                new AuditChange("status", UnbilledStatus.Open.ToString(), UnbilledStatus.WrittenOff.ToString(), "enum:UnbilledStatus"),
                new AuditChange("writeOffReason", null, reason),
            ]), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return item;
    }

    /// <summary>The items with these ids that exist, in any order.</summary>
    public async Task<IReadOnlyList<UnbilledItem>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        var list = ids.ToList();
        await using var select = Command(connection, null, $"SELECT {Columns} FROM {_table} WHERE id IN ({string.Join(", ", list.Select((_, i) => $"@i{i}"))})");
        for (var i = 0; i < list.Count; i++)
        {
            select.AddParameter($"@i{i}", database.DbId(list[i]));
        }

        var items = new List<UnbilledItem>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return items;
    }

    /// <summary>
    /// Marks open items of <paramref name="clientId"/> as invoiced on <paramref name="invoiceId"/>, inside the invoice's
    /// transaction: the items' <c>invoice_id</c>, one <c>unbilled_invoice_lines</c> row each (its primary key is the item, so
    /// the database itself refuses a second invoicing, from whatever path or host) naming the line that bills it (null when
    /// the invoice's lines were written apart from the items), and an <c>Invoice</c> audit entry each. An item that is not
    /// the client's or no longer open refuses the whole invoice (409).
    /// </summary>
    public async Task MarkInvoicedAsync(
        DbConnection connection, DbTransaction transaction, Guid invoiceId, Guid clientId, IReadOnlyList<(Guid Item, int? Line)> items,
        AuditActor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.Item).Distinct().ToList();
        await using (var mark = Command(connection, transaction, $"""
            UPDATE {_table} SET invoice_id = @invoice
            WHERE client_id = @client AND invoice_id IS NULL AND written_off_at IS NULL AND id IN ({string.Join(", ", ids.Select((_, i) => $"@u{i}"))})
            """))
        {
            mark.AddParameter("@invoice", database.DbId(invoiceId));
            mark.AddParameter("@client", database.DbId(clientId));
            for (var i = 0; i < ids.Count; i++)
            {
                mark.AddParameter($"@u{i}", database.DbId(ids[i]));
            }

            if (ids.Count != items.Count || await mark.ExecuteNonQueryAsync(cancellationToken) != ids.Count)
            {
                throw new ConflictException(BillingTexts.Say("UnbilledNotOpen"));
            }
        }

        await using (var link = Command(connection, transaction,
            $"INSERT INTO {_lines} (item_id, invoice_id, line_no) VALUES {string.Join(", ", items.Select((_, i) => $"(@i{i}, @invoice, @l{i})"))}"))
        {
            link.AddParameter("@invoice", database.DbId(invoiceId));
            for (var i = 0; i < items.Count; i++)
            {
                link.AddParameter($"@i{i}", database.DbId(items[i].Item));
                link.AddParameter($"@l{i}", items[i].Line);
            }

            try
            {
                await link.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException exception) when (ModuleDb.IsUniqueViolation(exception))
            {
                throw new ConflictException(BillingTexts.Say("UnbilledNotOpen"));
            }
        }

        foreach (var (item, line) in items)
        {
            List<AuditChange> changes =
            [
                new("status", UnbilledStatus.Open.ToString(), UnbilledStatus.Invoiced.ToString(), "enum:UnbilledStatus"),
                new("invoiceId", null, invoiceId.ToString()),
            ];
            if (line is { } number)
            {
                changes.Add(new AuditChange("invoiceLine", null, (number + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            await audit.WriteAsync(connection, transaction, new AuditEntry(
                Guid.NewGuid(), "unbilled-item", item.ToString(), null, BillingTexts.Module, actor, now, "Invoice", changes), cancellationToken);
        }
    }

    /// <summary>
    /// A new item's Create entry, in the sync's transaction. Its id is read back by key (a sync on another host may have
    /// stored the row a moment before this one's update of it) and the entry's id comes from it, so the item is logged once.
    /// </summary>
    private async Task AuditCreatedAsync(DbConnection connection, DbTransaction transaction, UnbilledCandidate candidate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var read = Command(connection, transaction, $"SELECT id FROM {_table} WHERE source = @source AND source_key = @source_key");
        read.AddParameter("@source", (short)candidate.Source);
        read.AddParameter("@source_key", candidate.SourceKey);
        var id = await read.ExecuteScalarAsync(cancellationToken) switch
        {
            Guid guid => guid.ToString(),
            var text => Guid.Parse(Convert.ToString(text, System.Globalization.CultureInfo.InvariantCulture)!).ToString(),
        };
        List<AuditChange> changes =
        [
            new("source", null, candidate.Source.ToString(), "enum:UnbilledSource"),
            new("description", null, candidate.Description),
            new("quantity", null, candidate.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + candidate.Unit),
        ];
        if (candidate.Price is { } price)
        {
            changes.Add(new AuditChange("price", null, price.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
        }

        await audit.WriteAsync(connection, transaction, new AuditEntry(
            AuditLog.IdOf("unbilled-item", id, 1), "unbilled-item", id, null, BillingTexts.Module, AuditContext.Current ?? AuditActor.Product, now, "Create", changes),
            cancellationToken);
    }

    private const string Columns =
        "id, source, client_id, contract_id, ticket_id, period, description, quantity, unit, price, found_at, invoice_id, written_off_at, written_off_by, write_off_reason";

    private async Task<UnbilledItem?> GetAsync(DbConnection connection, DbTransaction? transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, $"SELECT {Columns} FROM {_table} WHERE id = @id");
        select.AddParameter("@id", database.DbId(id));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Every stored key with its month and whether it is still open: the sync's view of what exists.</summary>
    private async Task<Dictionary<(UnbilledSource, string), (DateOnly? Period, bool Open)>> KeysAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction,
            $"SELECT source, source_key, period, CASE WHEN invoice_id IS NULL AND written_off_at IS NULL THEN 1 ELSE 0 END FROM {_table}");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var keys = new Dictionary<(UnbilledSource, string), (DateOnly?, bool)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys[((UnbilledSource)Convert.ToInt32(reader.GetValue(0)), reader.GetString(1))] = (ReadDate(reader, 2), Convert.ToInt32(reader.GetValue(3)) == 1);
        }

        return keys;
    }

    private UnbilledItem Read(DbDataReader reader)
    {
        var invoiceId = ReadGuid(reader, 11);
        var writtenOffAt = ReadMoment(reader, 12);
        return new UnbilledItem(
            ReadGuid(reader, 0)!.Value,
            (UnbilledSource)Convert.ToInt32(reader.GetValue(1)),
            ReadGuid(reader, 2)!.Value,
            ReadGuid(reader, 3),
            ReadGuid(reader, 4),
            ReadDate(reader, 5),
            reader.GetString(6),
            Convert.ToDecimal(reader.GetValue(7), System.Globalization.CultureInfo.InvariantCulture),
            reader.GetString(8),
            reader.IsDBNull(9) ? null : Convert.ToInt64(reader.GetValue(9)) / 100m,
            ReadMoment(reader, 10)!.Value,
            invoiceId is not null ? UnbilledStatus.Invoiced : writtenOffAt is not null ? UnbilledStatus.WrittenOff : UnbilledStatus.Open,
            invoiceId,
            writtenOffAt,
            reader.IsDBNull(13) ? null : reader.GetString(13),
            reader.IsDBNull(14) ? null : reader.GetString(14));
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private object? Date(DateOnly? date) => date is not { } d ? null
        : database.Provider == DatabaseProvider.PostgreSql ? d : d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>UTC, and on SQLite as ISO 8601 text that sorts as time does.</summary>
    private object Moment(DateTimeOffset moment) => database.Provider == DatabaseProvider.PostgreSql
        ? moment.ToUniversalTime()
        : moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static long? Kopiykas(decimal? hryvnias) => hryvnias is { } h ? (long)Math.Round(h * 100m, MidpointRounding.AwayFromZero) : null;

    private static Guid? ReadGuid(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null
        : reader.GetValue(ordinal) switch { Guid g => g, var v => Guid.Parse(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!) };

    private static DateOnly? ReadDate(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null
        : reader.GetValue(ordinal) switch
        {
            DateOnly d => d,
            DateTime t => DateOnly.FromDateTime(t),
            var v => DateOnly.Parse(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!, System.Globalization.CultureInfo.InvariantCulture),
        };

    private static DateTimeOffset? ReadMoment(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null
        : reader.GetValue(ordinal) switch
        {
            DateTimeOffset m => m.ToUniversalTime(),
            DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
            var v => DateTimeOffset.Parse(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal),
        };
}

/// <summary>The columns the list sorts by, as the API spells them (<c>sort=foundAt</c>, <c>sort=-quantity</c>).</summary>
public static class UnbilledSort
{
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["foundAt"] = "found_at",
        ["quantity"] = "quantity",
        ["description"] = "description",
        ["period"] = "period",
    };

    public static bool IsValid(string? sort) => sort is null || Columns.ContainsKey(sort.StartsWith('-') ? sort[1..] : sort);

    /// <summary>The ORDER BY for a valid sort; newest first by default.</summary>
    public static string OrderBy(string? sort)
    {
        if (sort is null)
        {
            return "found_at DESC";
        }

        var descending = sort.StartsWith('-');
        return Columns[descending ? sort[1..] : sort] + (descending ? " DESC" : " ASC");
    }
}
