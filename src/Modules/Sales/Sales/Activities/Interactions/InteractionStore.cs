using System.Data.Common;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Activities.Report;
using OrleansCrm.Sales.Activities.Tasks;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Activities.Interactions;

/// <summary>
/// <c>sales.interactions</c> (migration 0010): an interaction and the next one it plans are written in one transaction
/// with their audit entries. A create is keyed by its idempotency key (the planned next one by the key of the
/// interaction it follows), so a repeat makes nothing twice and returns what the first made.
/// </summary>
public sealed class InteractionStore
{
    public const string Entity = "interaction";

    private readonly SalesDb db;
    private readonly AuditLog audit;
    private readonly TimeProvider time;
    private readonly ILiveFeed live;
    private readonly ActivityMonths months;

    internal InteractionStore(SalesDb db, AuditLog audit, TimeProvider time, ILiveFeed live, ActivityMonths months)
    {
        this.months = months;
        this.db = db;
        this.audit = audit;
        this.time = time;
        this.live = live;
    }

    private const string Columns =
        "id, version, kind, client_id, contact_id, deal_id, ticket_id, owner_id, planned_at, done_at, notes, next_id, handover_ticket_id, created_at, updated_at";

    /// <summary>Stores the interaction (and plans <paramref name="next"/> after it); the same key again returns the first one.</summary>
    internal async Task<Interaction> CreateAsync(InteractionDraft draft, NextInteraction? next, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var actor = AuditContext.Current ?? AuditActor.Product;
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await InsertAsync(connection, transaction, draft, now, actor, cancellationToken);
        if (id is { } made && next is { Kind: { } kind, PlannedAt: { } plannedAt })
        {
            await PlanNextAsync(connection, transaction, made, 1, draft, kind, plannedAt, now, actor, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Told((await ByKeyAsync(draft.IdempotencyKey, cancellationToken))!, now);
    }

    /// <summary>
    /// Finishes a planned interaction with its notes and plans the next; 409 when it is done already (a repeat of the
    /// same finish returns it as it is).
    /// </summary>
    public async Task<Interaction> FinishAsync(Guid id, SalesCaller caller, string? notes, NextInteraction? next, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var actor = AuditContext.Current ?? AuditActor.Product;
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await GetAsync(connection, transaction, id, forUpdate: true, cancellationToken);
        if (before is null || !MaySee(before, caller))
        {
            throw new NotFoundException(SalesTexts.Say("InteractionNotFound", id.ToString()));
        }

        if (before.DoneAt is not null)
        {
            throw new ConflictException(SalesTexts.Say("InteractionAlreadyDone"), before.Version);
        }

        var version = before.Version + 1;
        await ModuleDb.ExecuteAsync(connection, transaction,
            $"UPDATE {db.Interactions} SET version = @version, done_at = @now, notes = COALESCE(@notes, notes), updated_at = @now WHERE id = @id AND version = @expected",
            cancellationToken, ("version", version), ("now", db.Moment(now)), ("notes", notes), ("id", db.Id(id)), ("expected", before.Version));
        await months.InteractionDone(before.OwnerId, before.Kind, now).ExecuteAsync(connection, transaction, cancellationToken);
        List<AuditChange> changes = [new("status", nameof(InteractionStatus.Planned), nameof(InteractionStatus.Done), "enum:InteractionStatus")];
        if (notes is not null)
        {
            changes.Add(new("notes", before.Notes, notes));
        }

        await WriteAuditAsync(connection, transaction, id, version, now, "Done", actor, changes, cancellationToken);
        if (next is { Kind: { } kind, PlannedAt: { } plannedAt })
        {
            var draft = new InteractionDraft(before.Kind, before.ClientId, before.ContactId, before.DealId, before.TicketId, before.OwnerId, null, null, null, $"after:{id}");
            await PlanNextAsync(connection, transaction, id, version, draft, kind, plannedAt, now, actor, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Told((await GetAsync(id, cancellationToken))!, now);
    }

    /// <summary>Plans a planned interaction for another moment; 409 when it is done, or changed since <paramref name="expectedVersion"/>.</summary>
    public async Task<Interaction> MoveAsync(Guid id, SalesCaller caller, DateTimeOffset plannedAt, int? expectedVersion, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var actor = AuditContext.Current ?? AuditActor.Product;
        // Whole seconds: both databases keep them exactly, so a retried move finds the same moment.
        plannedAt = plannedAt.AddTicks(-(plannedAt.Ticks % TimeSpan.TicksPerSecond));
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await GetAsync(connection, transaction, id, forUpdate: true, cancellationToken);
        if (before is null || !MaySee(before, caller))
        {
            throw new NotFoundException(SalesTexts.Say("InteractionNotFound", id.ToString()));
        }

        if (before.PlannedAt == plannedAt && before.DoneAt is null)
        {
            return before; // moved there already: a retry
        }

        if (before.DoneAt is not null)
        {
            throw new ConflictException(SalesTexts.Say("InteractionAlreadyDone"), before.Version);
        }

        if (expectedVersion is { } expected && expected != before.Version)
        {
            throw new ConflictException(SalesTexts.Say("InteractionChanged"), before.Version);
        }

        var version = before.Version + 1;
        await ModuleDb.ExecuteAsync(connection, transaction,
            $"UPDATE {db.Interactions} SET version = @version, planned_at = @planned, updated_at = @now WHERE id = @id AND version = @expected",
            cancellationToken, ("version", version), ("planned", db.Moment(plannedAt)), ("now", db.Moment(now)), ("id", db.Id(id)), ("expected", before.Version));
        await WriteAuditAsync(connection, transaction, id, version, now, "Move", actor,
            [new("plannedAt", before.PlannedAt?.ToString("O"), plannedAt.ToString("O"))], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Told((await GetAsync(id, cancellationToken))!, now);
    }

    /// <summary>Tells the owner's and the heads' screens, after the commit.</summary>
    private Interaction Told(Interaction interaction, DateTimeOffset at)
    {
        live.Publish(new InteractionChanged(interaction.Id, interaction.Version, interaction.OwnerId, interaction.PlannedAt, interaction.DoneAt is not null, at));
        return interaction;
    }

    public async Task<Guid> SetHandoverTicketAsync(Guid id, Guid ticketId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync();
        await ModuleDb.ExecuteAsync(connection, null, $"UPDATE {db.Interactions} SET handover_ticket_id = @ticket WHERE id = @id AND handover_ticket_id IS NULL",
            cancellationToken, ("ticket", db.Id(ticketId)), ("id", db.Id(id)));
        return (await GetAsync(id, cancellationToken))!.HandoverTicketId!.Value;
    }

    public async Task<Interaction?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id, forUpdate: false, cancellationToken);
    }

    /// <summary>The client's latest done interaction with notes (what a hand-over to support carries), or null.</summary>
    public async Task<Interaction?> LastDoneWithClientAsync(Guid clientId, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var select = ModuleDb.Command(connection, null,
            $"SELECT {Columns} FROM {db.Interactions} WHERE client_id = @client AND done_at IS NOT NULL AND notes IS NOT NULL ORDER BY done_at DESC, id DESC LIMIT 1",
            ("client", db.Id(clientId)));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// Interactions planned or done in [from, to) (by their done time, else their planned time), the caller's own unless
    /// they see everyone's, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<Interaction>> ListAsync(
        SalesCaller caller, Guid? ownerId, Guid? clientId, Guid? dealId, InteractionStatus? status, DateTimeOffset? from, DateTimeOffset? to, int limit,
        CancellationToken cancellationToken)
    {
        var where = new List<string>();
        var values = new List<(string, object?)>();
        if (!caller.SeesAll)
        {
            where.Add("owner_id = @me");
            values.Add(("me", db.Id(caller.UserId ?? Guid.Empty)));
        }

        if (ownerId is { } owner)
        {
            where.Add("owner_id = @owner");
            values.Add(("owner", db.Id(owner)));
        }

        if (clientId is { } client)
        {
            where.Add("client_id = @client");
            values.Add(("client", db.Id(client)));
        }

        if (dealId is { } deal)
        {
            where.Add("deal_id = @deal");
            values.Add(("deal", db.Id(deal)));
        }

        if (status is { } s)
        {
            where.Add(s == InteractionStatus.Done ? "done_at IS NOT NULL" : "done_at IS NULL");
        }

        if (from is { } f)
        {
            where.Add("COALESCE(done_at, planned_at) >= @from");
            values.Add(("from", db.Moment(f)));
        }

        if (to is { } t)
        {
            where.Add("COALESCE(done_at, planned_at) < @to");
            values.Add(("to", db.Moment(t)));
        }

        var condition = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var select = ModuleDb.Command(connection, null,
            $"SELECT {Columns} FROM {db.Interactions} {condition} ORDER BY COALESCE(done_at, planned_at), id LIMIT @limit", [.. values, ("limit", limit)]);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var items = new List<Interaction>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return items;
    }

    /// <summary>Whether the deal's pipeline makes finishing an interaction plan the next one (false for no deal or an unknown one).</summary>
    public async Task<bool> NextRequiredAsync(Guid? dealId, CancellationToken cancellationToken)
    {
        if (dealId is not { } deal)
        {
            return false;
        }

        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var select = ModuleDb.Command(connection, null, $"""
            SELECT p.next_interaction_required FROM {db.Deals} d JOIN {db.Pipelines} p ON p.id = d.pipeline_id WHERE d.id = @deal
            """, ("deal", db.Id(deal)));
        var value = await select.ExecuteScalarAsync(cancellationToken);
        return value is not null and not DBNull && Convert.ToBoolean(value);
    }

    /// <summary>Open deals not paused past today (a pause ends on its date), with no planned interaction: per owner, and the deals themselves (oldest change first).</summary>
    public async Task<IdleDeals> IdleDealsAsync(SalesCaller caller, Guid? ownerId, DateOnly today, CancellationToken cancellationToken)
    {
        var values = new List<(string, object?)> { ("today", db.Date(today)) };
        var condition = "";
        if (!caller.SeesAll)
        {
            condition += " AND d.owner_id = @me";
            values.Add(("me", db.Id(caller.UserId ?? Guid.Empty)));
        }

        if (ownerId is { } owner)
        {
            condition += " AND d.owner_id = @owner";
            values.Add(("owner", db.Id(owner)));
        }

        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var select = ModuleDb.Command(connection, null, $"""
            SELECT d.id, d.title, d.client_id, d.owner_id, d.stage, d.updated_at FROM {db.Deals} d
            WHERE d.status = 0 AND (d.paused_until IS NULL OR d.paused_until <= @today){condition}
              AND NOT EXISTS (SELECT 1 FROM {db.Interactions} i WHERE i.deal_id = d.id AND i.done_at IS NULL)
            ORDER BY d.updated_at, d.id
            """, [.. values]);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var deals = new List<IdleDeal>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deals.Add(new IdleDeal(ModuleDb.ReadId(reader, 0), reader.GetString(1), ModuleDb.ReadId(reader, 2), ModuleDb.ReadId(reader, 3), reader.GetString(4),
                ModuleDb.ReadMoment(reader, 5)));
        }

        var counts = deals.GroupBy(d => d.OwnerId).Select(g => new IdleDealCount(g.Key, g.Count())).OrderByDescending(c => c.Count).ThenBy(c => c.OwnerId).ToList();
        return new IdleDeals(counts, deals);
    }

    public static bool MaySee(Interaction interaction, SalesCaller caller) => caller.SeesAll || caller.Is(interaction.OwnerId);

    private async Task<Guid?> InsertAsync(
        DbConnection connection, DbTransaction transaction, InteractionDraft draft, DateTimeOffset now, AuditActor actor, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var inserted = await ModuleDb.ExecuteAsync(connection, transaction, $"""
            INSERT INTO {db.Interactions} (id, version, idempotency_key, kind, client_id, contact_id, deal_id, ticket_id, owner_id, planned_at, done_at, notes, created_at, updated_at)
            VALUES (@id, 1, @key, @kind, @client, @contact, @deal, @ticket, @owner, @planned, @done, @notes, @now, @now)
            ON CONFLICT (idempotency_key) DO NOTHING
            """, cancellationToken,
            ("id", db.Id(id)), ("key", draft.IdempotencyKey), ("kind", (short)draft.Kind), ("client", db.Id(draft.ClientId)), ("contact", db.Id(draft.ContactId)),
            ("deal", db.Id(draft.DealId)), ("ticket", db.Id(draft.TicketId)), ("owner", db.Id(draft.OwnerId)),
            ("planned", draft.PlannedAt is { } p ? db.Moment(p) : null), ("done", draft.DoneAt is { } d ? db.Moment(d) : null), ("notes", draft.Notes),
            ("now", db.Moment(now)));
        if (inserted == 0)
        {
            return null; // made by an earlier attempt with this key
        }

        if (draft.DoneAt is { } done)
        {
            await months.InteractionDone(draft.OwnerId, draft.Kind, done).ExecuteAsync(connection, transaction, cancellationToken);
        }

        List<AuditChange> changes =
        [
            new("kind", null, draft.Kind.ToString(), "enum:InteractionKind"),
            new("clientId", null, draft.ClientId.ToString()),
            new("ownerId", null, draft.OwnerId.ToString()),
            new("status", null, (draft.DoneAt is null ? InteractionStatus.Planned : InteractionStatus.Done).ToString(), "enum:InteractionStatus"),
        ];
        if (draft.DealId is { } deal)
        {
            changes.Add(new("dealId", null, deal.ToString()));
        }

        if (draft.PlannedAt is { } planned)
        {
            changes.Add(new("plannedAt", null, planned.ToString("O"), "date"));
        }

        await WriteAuditAsync(connection, transaction, id, 1, now, "Create", actor, changes, cancellationToken);
        return id;
    }

    private async Task PlanNextAsync(
        DbConnection connection, DbTransaction transaction, Guid after, int afterVersion, InteractionDraft draft, InteractionKind kind, DateTimeOffset plannedAt,
        DateTimeOffset now, AuditActor actor, CancellationToken cancellationToken)
    {
        var next = draft with { Kind = kind, PlannedAt = plannedAt, DoneAt = null, Notes = null, IdempotencyKey = $"next:{after}" };
        var nextId = await InsertAsync(connection, transaction, next, now, actor, cancellationToken);
        if (nextId is { } id)
        {
            // Not a version of its own: the link is part of the change that made the next one (creation or finishing).
            await ModuleDb.ExecuteAsync(connection, transaction, $"UPDATE {db.Interactions} SET next_id = @next WHERE id = @id AND version = @version",
                cancellationToken, ("next", db.Id(id)), ("id", db.Id(after)), ("version", afterVersion));
        }
    }

    private async Task<Interaction?> ByKeyAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var select = ModuleDb.Command(connection, null, $"SELECT {Columns} FROM {db.Interactions} WHERE idempotency_key = @key", ("key", key));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private async Task<Interaction?> GetAsync(DbConnection connection, DbTransaction? transaction, Guid id, bool forUpdate, CancellationToken cancellationToken)
    {
        var lockRow = forUpdate && db.IsPostgres ? " FOR UPDATE" : "";
        await using var select = ModuleDb.Command(connection, transaction, $"SELECT {Columns} FROM {db.Interactions} WHERE id = @id{lockRow}", ("id", db.Id(id)));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private Task WriteAuditAsync(
        DbConnection connection, DbTransaction transaction, Guid id, int version, DateTimeOffset at, string action, AuditActor actor,
        IReadOnlyList<AuditChange> changes, CancellationToken cancellationToken) =>
        audit.WriteAsync(connection, transaction, new AuditEntry(
            AuditLog.IdOf(Entity, id.ToString(), version), Entity, id.ToString(), version, SalesTexts.Module, actor, at, action, changes), cancellationToken);

    private static Interaction Read(DbDataReader reader) => new(
        ModuleDb.ReadId(reader, 0), Convert.ToInt32(reader.GetValue(1)), (InteractionKind)Convert.ToInt32(reader.GetValue(2)), ModuleDb.ReadId(reader, 3),
        ModuleDb.ReadNullableId(reader, 4), ModuleDb.ReadNullableId(reader, 5), ModuleDb.ReadNullableId(reader, 6), ModuleDb.ReadId(reader, 7),
        TaskStore.ReadNullableMoment(reader, 8), TaskStore.ReadNullableMoment(reader, 9), ModuleDb.ReadText(reader, 10), ModuleDb.ReadNullableId(reader, 11),
        ModuleDb.ReadNullableId(reader, 12), ModuleDb.ReadMoment(reader, 13), ModuleDb.ReadMoment(reader, 14));
}
