using System.Data.Common;
using Microsoft.Extensions.Options;
using OrleansCrm.Billing.Money;
using OrleansCrm.Billing.Payments.Storage;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.Billing.Wall;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Printing;

namespace OrleansCrm.Billing.Documents;

/// <summary>
/// Billing's documents as relational rows (<c>billing.documents</c>). Every write is one transaction holding the row,
/// its audit entry (same transaction: a refused write leaves none) and, on issue, the number: the counter of (kind, year)
/// is incremented inside the issuing transaction, so a rolled-back issue gives its number back and two hosts issuing at
/// once queue on the counter's row (no gap, no duplicate; the unique index on (kind, year, seq) stands behind it).
/// A change names the version it was made on; a stale one is a 409. Issued documents are never deleted, only cancelled.
/// After each commit that moves money figures the wall is told (<see cref="IMoneyChanges"/>, when one is registered).
/// </summary>
public sealed class DocumentStore
{
    public const string Entity = "document";

    private readonly BillingDb _db;
    private readonly AuditLog _audit;
    private readonly IOptions<CompanyProfile> _company;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IMoneyChanges> _money;
    private readonly string _insert;
    private readonly string _nextNumbers;
    private readonly string _issue;
    private readonly string _select;
    private readonly MonthlyRun.FeeDayClaims _feeDays;

    internal DocumentStore(BillingDb db, AuditLog audit, IOptions<CompanyProfile> company, TimeProvider time, IEnumerable<IMoneyChanges> money)
    {
        _db = db;
        _audit = audit;
        _company = company;
        _time = time;
        _money = [.. money];
        _feeDays = new MonthlyRun.FeeDayClaims(db);
        var documents = db.Table("documents");
        // ON CONFLICT DO NOTHING: the run key (contract, period, kind) makes a repeated or parallel run insert nothing.
        _insert = $"""
            INSERT INTO {documents} (id, kind, status, year, seq, number, client_id, contract_id, period, issued_on, due_on, net, vat, total, paid, body, version, created_at, updated_at, client_name, search_text)
            VALUES (@id, @kind, @status, @year, @seq, @number, @client_id, @contract_id, @period, @issued_on, @due_on, @net, @vat, @total, 0, @body, @version, @now, @now, @client_name, @search_text)
            ON CONFLICT DO NOTHING
            """;
        var counters = db.Table("number_counters");
        // {0}: one "(@kindN, @year, 1)" per kind asked for.
        _nextNumbers = $$"""
            INSERT INTO {{counters}} AS c (kind, year, last) VALUES {0}
            ON CONFLICT (kind, year) DO UPDATE SET last = c.last + excluded.last
            RETURNING kind, last
            """;
        _issue = $"""
            UPDATE {documents} SET status = 1, year = @year, seq = @seq, number = @number, issued_on = @issued_on, due_on = @due_on,
                search_text = @number_text || ' ' || coalesce(search_text, ''),
                version = version + 1, updated_at = @now
            WHERE id = @id AND status = 0 AND version = @version
            """;
        _select = $"SELECT id, kind, status, number, client_id, contract_id, period, issued_on, due_on, net, vat, total, paid, version, created_at, updated_at, cancel_reason, body FROM {documents}";
    }

    internal BillingDb Db => _db;

    public CompanyProfile Company => _company.Value;

    /// <summary>Creates one document in its own transaction: a draft, or issued at once (numbered in the same transaction).</summary>
    public async Task<StoredDocument> CreateAsync(NewDocument document, bool issue, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid();
        await using (var connection = await _db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await InsertAsync(connection, transaction, id, document, cancellationToken);
            if (issue)
            {
                await IssueAsync(connection, transaction, id, document.Kind, 1, document.IssuedOn, document.DueOn, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (issue)
        {
            MoneyChanged();
        }

        return await GetAsync(id, cancellationToken) ?? throw new InvalidOperationException("A document just stored is missing.");
    }

    /// <summary>
    /// Inserts a draft inside the caller's transaction; false when the run key (contract, period, kind) is taken already
    /// (nothing written, no number used).
    /// </summary>
    internal async Task<bool> InsertAsync(DbConnection connection, DbTransaction transaction, Guid id, NewDocument document, CancellationToken cancellationToken)
    {
        var (insert, audit) = Draft(id, document, _time.GetUtcNow());
        if ((await StatementBatch.ExecuteAsync(connection, transaction, [insert], cancellationToken))[0] == 0)
        {
            return false;
        }

        await ExecuteClaimingAsync(connection, transaction, [audit, .. FeeDayClaims(id, document)], [document], cancellationToken);
        return true;
    }

    /// <summary>Issues a draft of the given version inside the caller's transaction: the next number of (kind, year).</summary>
    internal async Task<string> IssueAsync(
        DbConnection connection, DbTransaction transaction, Guid id, DocumentKind kind, int version, DateOnly issuedOn, DateOnly? dueOn, CancellationToken cancellationToken)
    {
        var seq = (await NextNumbersAsync(connection, transaction, [(kind, 1)], issuedOn.Year, cancellationToken))[kind];
        var (issue, audit, number) = Issue(id, kind, version, seq, issuedOn, dueOn, _time.GetUtcNow());
        if ((await StatementBatch.ExecuteAsync(connection, transaction, [issue], cancellationToken))[0] == 0)
        {
            throw await RefusalAsync(connection, transaction, id, version, DocumentStatus.Draft, cancellationToken);
        }

        // Audited only once the update took: a concurrent issue of the same draft is a 409, not a clash of audit ids.
        await StatementBatch.ExecuteAsync(connection, transaction, [audit], cancellationToken);
        return number;
    }

    /// <summary>
    /// Run documents (of one contract, or of a chunk of contracts) inserted already issued, inside the caller's
    /// transaction, in two round trips: a block of numbers per kind and year in one statement, then the rows with their
    /// audit entries (Create and Issue, versions 1 and 2, as a draft issued at once would have), numbered in the list's
    /// order. Each row is written once, not inserted as a draft and updated (an update that moves the number, status and
    /// dates rewrites the row and every index of it). The counters' rows are locked by year, then kind (invoice before
    /// act), until the commit, and before any document row, so runs on several hosts queue there and never deadlock.
    /// False when a document of a run key existed (a parallel run made it): then numbers were taken that must be given
    /// back, and the caller rolls back (and bills contract by contract, document by document).
    /// </summary>
    internal async Task<bool> InsertAndIssueAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<(Guid Id, NewDocument Document)> documents, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        // Numbered in the year each is dated (an act for December made in January is December's).
        var next = new Dictionary<(int Year, DocumentKind Kind), int>();
        foreach (var year in documents.GroupBy(d => d.Document.IssuedOn.Year).OrderBy(g => g.Key))
        {
            var blocks = year.GroupBy(d => d.Document.Kind).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList();
            var last = await NextNumbersAsync(connection, transaction, blocks, year.Key, cancellationToken);
            foreach (var (kind, count) in blocks)
            {
                next[(year.Key, kind)] = last[kind] - count + 1;
            }
        }

        var writes = new List<SqlStatement>(documents.Count * 3);
        var inserts = new List<int>(documents.Count);
        foreach (var (id, document) in documents)
        {
            var seq = next[(document.IssuedOn.Year, document.Kind)]++;
            var (insert, created) = Draft(id, document, now, seq);
            var (_, issued, _) = Issue(id, document.Kind, 1, seq, document.IssuedOn, document.DueOn, now);
            inserts.Add(writes.Count);
            writes.AddRange([insert, created, issued]);
        }

        // The claims last, by contract and day: the unbilled-work sync claims in that order too, so the two never deadlock.
        writes.AddRange(documents.OrderBy(d => d.Document.ContractId).SelectMany(d => FeeDayClaims(d.Id, d.Document)));

        var affected = await ExecuteClaimingAsync(connection, transaction, writes, [.. documents.Select(d => d.Document)], cancellationToken);
        return inserts.All(i => affected[i] == 1);
    }

    /// <summary>A run invoice's fee days, claimed for it (<see cref="MonthlyRun.FeeDayClaims"/>) if its row went in.</summary>
    private IEnumerable<SqlStatement> FeeDayClaims(Guid id, NewDocument document) =>
        document is { Kind: DocumentKind.Invoice, ContractId: { } contract, FeeDays: { } days }
            ? days.Select(range => _feeDays.ForInvoice(id, contract, range))
            : [];

    /// <summary>
    /// The statements; a fee day some of these documents claim that was billed a moment ago (the unbilled-work sync made
    /// it an item after the run read) is a 409 naming the contract, for the run to read again and bill what is left.
    /// </summary>
    private static async Task<int[]> ExecuteClaimingAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<SqlStatement> writes, IReadOnlyList<NewDocument> documents, CancellationToken cancellationToken)
    {
        try
        {
            return await StatementBatch.ExecuteAsync(connection, transaction, writes, cancellationToken);
        }
        catch (DbException exception) when (MonthlyRun.FeeDayClaims.IsTaken(exception))
        {
            var contracts = documents.Where(d => d.FeeDays is { Count: > 0 }).Select(d => d.Basis?.ContractNumber).Distinct();
            throw MonthlyRun.FeeDayClaims.Taken(string.Join(", ", contracts));
        }
    }

    /// <summary>
    /// The document's row (ON CONFLICT DO NOTHING on the run key) and its Create audit entry: a draft, or, given its
    /// number's <paramref name="seq"/>, issued already (version 2, as after <see cref="IssueAsync"/>).
    /// </summary>
    private (SqlStatement Insert, SqlStatement Audit) Draft(Guid id, NewDocument document, DateTimeOffset now, int? seq = null)
    {
        var company = _company.Value;
        var totals = DocumentTotals.Calculate(document.Lines, document.PricesIncludeVat, company.VatPayer);
        var body = DocumentBody.From(totals, company.ToParty(), document.Buyer, document.Basis, document.Note) with { FeeDays = document.FeeDays };
        var number = seq is { } n ? DocumentNumbers.Format(document.Kind, document.IssuedOn.Year, n) : null;
        var searchText = document.Buyer.LegalName.ToLowerInvariant();
        var insert = new SqlStatement(_insert)
            .Add("@id", _db.Id(id))
            .Add("@kind", (short)document.Kind)
            .Add("@status", number is null ? (short)DocumentStatus.Draft : (short)DocumentStatus.Issued)
            .Add("@year", number is null ? null : document.IssuedOn.Year)
            .Add("@seq", seq)
            .Add("@number", number)
            .Add("@client_id", _db.Id(document.ClientId))
            .Add("@contract_id", _db.Id(document.ContractId))
            .Add("@period", _db.Date(document.Period))
            .Add("@issued_on", _db.Date(document.IssuedOn))
            .Add("@due_on", _db.Date(document.DueOn))
            .Add("@net", BillingDb.Kopiykas(totals.Net))
            .Add("@vat", BillingDb.Kopiykas(totals.Vat))
            .Add("@total", BillingDb.Kopiykas(totals.Total))
            .Add("@body", body.Serialize())
            .Add("@version", number is null ? 1 : 2)
            .Add("@now", _db.Moment(now))
            .Add("@client_name", document.Buyer.LegalName)
            // As the issue's update writes it: the number first, then the name.
            .Add("@search_text", number is null ? searchText : number.ToLowerInvariant() + " " + searchText);
        var audit = _audit.Insert(Entry(id, 1, "Create", now,
        [
            new("kind", null, document.Kind.ToString(), "enum:DocumentKind"),
            new("clientId", null, document.ClientId.ToString()),
            new("total", null, totals.Total.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]));
        return (insert, audit);
    }

    /// <summary>The issue's update (guarded by status Draft and the version) and its audit entry.</summary>
    private (SqlStatement Issue, SqlStatement Audit, string Number) Issue(Guid id, DocumentKind kind, int version, int seq, DateOnly issuedOn, DateOnly? dueOn, DateTimeOffset now)
    {
        var number = DocumentNumbers.Format(kind, issuedOn.Year, seq);
        var issue = new SqlStatement(_issue)
            .Add("@year", issuedOn.Year)
            .Add("@seq", seq)
            .Add("@number", number)
            .Add("@number_text", number.ToLowerInvariant())
            .Add("@issued_on", _db.Date(issuedOn))
            .Add("@due_on", _db.Date(dueOn))
            .Add("@now", _db.Moment(now))
            .Add("@id", _db.Id(id))
            .Add("@version", version);
        var audit = _audit.Insert(Entry(id, version + 1, "Issue", now,
            [new("status", nameof(DocumentStatus.Draft), nameof(DocumentStatus.Issued), "enum:DocumentStatus"), new("number", null, number)]));
        return (issue, audit, number);
    }

    /// <summary>
    /// Takes a block of <c>Count</c> numbers of each kind for the year in one statement (kinds distinct: one row may be
    /// updated once) and returns each block's LAST number. The counter rows are locked in the order given until the
    /// caller's transaction ends, so a rolled back issue gives its numbers back and issuers on every host queue here.
    /// </summary>
    private async Task<Dictionary<DocumentKind, int>> NextNumbersAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<(DocumentKind Kind, int Count)> blocks, int year, CancellationToken cancellationToken)
    {
        var values = string.Join(", ", blocks.Select((_, i) => $"(@kind{i}, @year, @count{i})"));
        await using var next = BillingDb.Command(connection, transaction, string.Format(System.Globalization.CultureInfo.InvariantCulture, _nextNumbers, values),
            [("@year", year), .. blocks.Select((block, i) => ($"@kind{i}", (object?)(short)block.Kind)), .. blocks.Select((block, i) => ($"@count{i}", (object?)block.Count))]);
        var numbers = new Dictionary<DocumentKind, int>(blocks.Count);
        await using var reader = await next.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            numbers[(DocumentKind)Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)] =
                Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return numbers;
    }

    /// <summary>Issues a draft: numbered today, due after the company's payment days (invoices).</summary>
    public async Task<StoredDocument> IssueAsync(Guid id, int? version, DateOnly today, CancellationToken cancellationToken = default)
    {
        var current = await GetAsync(id, cancellationToken) ?? throw NotFound(id);
        await using (var connection = await _db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var dueOn = current.Kind == DocumentKind.Act ? (DateOnly?)null : BillingOptions.DueOn(today, _company.Value.PaymentDays);
            await IssueAsync(connection, transaction, id, current.Kind, version ?? current.Version, today, dueOn, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        MoneyChanged();
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>Cancels a document (a draft or an issued one not yet paid at all), keeping it and its number, with the reason.</summary>
    public async Task<StoredDocument> CancelAsync(Guid id, string reason, int? version, CancellationToken cancellationToken = default)
    {
        var current = await GetAsync(id, cancellationToken) ?? throw NotFound(id);
        var expected = version ?? current.Version;
        var now = _time.GetUtcNow();
        await using (var connection = await _db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using var cancel = BillingDb.Command(connection, transaction,
                $"UPDATE {_db.Table("documents")} SET status = 5, cancel_reason = @reason, version = version + 1, updated_at = @now WHERE id = @id AND version = @version AND status IN (0, 1, 2) AND paid = 0",
                ("@reason", reason), ("@now", _db.Moment(now)), ("@id", _db.Id(id)), ("@version", expected));
            if (await cancel.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw await RefusalAsync(connection, transaction, id, expected, null, cancellationToken);
            }

            await AuditAsync(connection, transaction, id, expected + 1, "Cancel", now,
                [new("status", current.Status.ToString(), nameof(DocumentStatus.Cancelled), "enum:DocumentStatus"), new("cancelReason", null, reason)], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        MoneyChanged();
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>Records an e-mail of an issued document (billing.document_sends) and marks it Sent unless payments moved it on.</summary>
    public async Task<StoredDocument> RecordSendAsync(Guid id, int version, string to, string messageId, DateTimeOffset sentAt, string sentBy, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        await using (var connection = await _db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var send = BillingDb.Command(connection, transaction,
                $"INSERT INTO {_db.Table("document_sends")} (id, document_id, sent_to, message_id, sent_at, sent_by) VALUES (@id, @document_id, @to, @message_id, @sent_at, @by)",
                ("@id", _db.Id(Guid.NewGuid())), ("@document_id", _db.Id(id)), ("@to", to), ("@message_id", messageId), ("@sent_at", _db.Moment(sentAt)), ("@by", sentBy)))
            {
                await send.ExecuteNonQueryAsync(cancellationToken);
            }

            // The mail is out whatever happened to the row meanwhile: the send is recorded; the status moves only from Issued.
            await using var mark = BillingDb.Command(connection, transaction,
                $"UPDATE {_db.Table("documents")} SET status = 2, version = version + 1, updated_at = @now WHERE id = @id AND status = 1",
                ("@now", _db.Moment(now)), ("@id", _db.Id(id)));
            var marked = await mark.ExecuteNonQueryAsync(cancellationToken) > 0;
            var current = await ReadAsync(connection, transaction, id, cancellationToken);
            await AuditAsync(connection, transaction, id, marked ? current!.Version : null, "Send", now,
                [.. marked ? new AuditChange[] { new("status", nameof(DocumentStatus.Issued), nameof(DocumentStatus.Sent), "enum:DocumentStatus") } : [], new("sentTo", null, to)],
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return (await GetAsync(id, cancellationToken))!;
    }

    public async Task<StoredDocument?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = OrleansCrm.BuildingBlocks.Persistence.DatabaseConnections.Create(_db.Options);
        await connection.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, id, cancellationToken);
    }

    internal async Task<StoredDocument?> ReadAsync(DbConnection connection, DbTransaction? transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var command = BillingDb.Command(connection, transaction, _select + " WHERE id = @id", ("@id", _db.Id(id)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Documents of a query over <c>billing.documents</c> (the columns of <see cref="SelectColumns"/>).</summary>
    internal static StoredDocument Read(DbDataReader reader) => new(
        BillingDb.ReadId(reader, 0),
        (DocumentKind)Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
        (DocumentStatus)Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
        BillingDb.ReadText(reader, 3),
        BillingDb.ReadId(reader, 4),
        BillingDb.ReadNullableId(reader, 5),
        BillingDb.ReadDate(reader, 6),
        BillingDb.ReadDate(reader, 7),
        BillingDb.ReadDate(reader, 8),
        BillingDb.Hryvnias(reader.GetInt64(9)),
        BillingDb.Hryvnias(reader.GetInt64(10)),
        BillingDb.Hryvnias(reader.GetInt64(11)),
        BillingDb.Hryvnias(reader.GetInt64(12)),
        reader.GetInt32(13),
        BillingDb.ReadMoment(reader, 14),
        BillingDb.ReadMoment(reader, 15),
        BillingDb.ReadText(reader, 16),
        DocumentBody.Deserialize(reader.GetString(17)));

    internal const string SelectColumns = "id, kind, status, number, client_id, contract_id, period, issued_on, due_on, net, vat, total, paid, version, created_at, updated_at, cancel_reason, body";

    /// <summary>Tells the wall its money figures moved; after the commit, never inside it.</summary>
    internal void MoneyChanged()
    {
        foreach (var changes in _money)
        {
            changes.Changed();
        }
    }

    internal static NotFoundException NotFound(Guid id) => new(BillingTexts.Say("DocumentNotFound", id.ToString()));

    /// <summary>Why a guarded change touched no row: gone, stale, or a status that does not allow it.</summary>
    private async Task<CrmException> RefusalAsync(DbConnection connection, DbTransaction transaction, Guid id, int version, DocumentStatus? needed, CancellationToken cancellationToken)
    {
        var current = await ReadAsync(connection, transaction, id, cancellationToken);
        if (current is null)
        {
            return NotFound(id);
        }

        if (current.Version != version)
        {
            return new ConflictException(BillingTexts.Say("DocumentStale", current.Version), current.Version);
        }

        return needed is { } status
            ? new ConflictException(BillingTexts.Say("DocumentNotInStatus", BillingTexts.Label(current.Status), BillingTexts.Label(status)), current.Version)
            : new ConflictException(BillingTexts.Say("DocumentCannotCancel", BillingTexts.Label(current.Status)), current.Version);
    }

    private Task AuditAsync(DbConnection connection, DbTransaction transaction, Guid id, int? version, string action, DateTimeOffset at, IReadOnlyList<AuditChange> changes, CancellationToken cancellationToken) =>
        _audit.WriteAsync(connection, transaction, Entry(id, version, action, at, changes), cancellationToken);

    private static AuditEntry Entry(Guid id, int? version, string action, DateTimeOffset at, IReadOnlyList<AuditChange> changes) => new(
        version is { } v ? AuditLog.IdOf(Entity, id.ToString(), v) : Guid.NewGuid(),
        Entity, id.ToString(), version, BillingTexts.Module, AuditContext.Current ?? AuditActor.Product, at, action, changes);
}
