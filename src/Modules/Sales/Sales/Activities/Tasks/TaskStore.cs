using System.Data.Common;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Activities.Report;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Activities.Tasks;

/// <summary>
/// <c>sales.tasks</c> and <c>sales.task_history</c> (migration 0010): each change is the task's row (guarded by its
/// version), a history row and an audit entry, in one transaction. A create is keyed (idempotency key, executor), so a
/// repeated create makes nothing twice and returns what the first one made.
/// </summary>
public sealed class TaskStore
{
    public const string Entity = "task";

    private readonly SalesDb db;
    private readonly AuditLog audit;
    private readonly IOptions<ActivitiesOptions> options;
    private readonly TimeProvider time;
    private readonly CompanyCalendar calendar;
    private readonly GroupCommitWriter writer;
    private readonly ActivityMonths months;
    private readonly string _insertTask;
    private readonly string _history;
    private readonly string _firstHistory;

    internal TaskStore(SalesDb db, AuditLog audit, IOptions<ActivitiesOptions> options, TimeProvider time, CompanyCalendar calendar, GroupCommitWriter writer, ActivityMonths months)
    {
        this.months = months;
        this.db = db;
        this.audit = audit;
        this.options = options;
        this.time = time;
        this.calendar = calendar;
        this.writer = writer;
        _insertTask = $"""
            INSERT INTO {db.Tasks} (id, version, idempotency_key, title, description, author_id, executor_id, due_at, status,
                deal_id, deal_stage, client_id, ticket_id, created_at, updated_at)
            VALUES (@id, 1, @key, @title, @description, @author, @executor, @due, @status, @deal, @stage, @client, @ticket, @now, @now)
            ON CONFLICT (idempotency_key, executor_id) DO NOTHING
            """;
        const string columns = "task_id, seq, at, action, actor_id, actor_name, from_status, to_status, executor_id, note";
        _history = $"INSERT INTO {db.TaskHistory} ({columns}) VALUES (@task, @seq, @at, @action, @actor_id, @actor_name, @from, @to, @executor, @note)";
        _firstHistory = $"{_history} ON CONFLICT (task_id, seq) DO NOTHING";
    }

    private const string Columns =
        "id, version, title, description, author_id, executor_id, due_at, status, deal_id, deal_stage, client_id, ticket_id, created_at, updated_at, done_at, reminded_at, handover_ticket_id";

    /// <summary>One task per executor, all in one transaction; the same key again returns the tasks it made (in executor order).</summary>
    internal async Task<IReadOnlyList<SalesTask>> CreateAsync(NewTask task, IReadOnlyList<Guid> executorIds, CancellationToken cancellationToken)
    {
        await WriteNewAsync(task, executorIds, cancellationToken);
        var made = await ByKeyAsync(task.IdempotencyKey, cancellationToken);
        return executorIds.Distinct().Select(e => made.FirstOrDefault(t => t.ExecutorId == e)).OfType<SalesTask>().ToList();
    }

    /// <summary>
    /// Writes one task per executor with its history row and audit entry, all in one transaction of the kit's
    /// <see cref="GroupCommitWriter"/>: batched with the grains' writes of the moment, on the writer's connection, so a
    /// deal's robot takes no connection of the pool (a deal move under load ran the pool dry, benchmarks/results/sales.md).
    /// Each statement is a no-op when repeated (the task's id is made from its key and executor), as the writer's retry of
    /// a failed batch and a repeated robot need. Returns the tasks' ids, in executor order.
    /// </summary>
    internal async Task<IReadOnlyList<Guid>> WriteNewAsync(NewTask task, IReadOnlyList<Guid> executorIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var actor = AuditContext.Current ?? AuditActor.Product;
        var ids = new List<Guid>();
        RowWrite? rows = null;
        foreach (var executorId in executorIds.Distinct())
        {
            var id = IdOf(task.IdempotencyKey, executorId);
            ids.Add(id);
            var insert = new SqlStatement(_insertTask)
                .Add("@id", db.Id(id)).Add("@key", task.IdempotencyKey).Add("@title", task.Title).Add("@description", task.Description)
                .Add("@author", db.Id(task.AuthorId)).Add("@executor", db.Id(executorId)).Add("@due", db.Moment(task.DueAt))
                .Add("@status", (short)SalesTaskStatus.Set).Add("@deal", db.Id(task.DealId)).Add("@stage", task.DealStage)
                .Add("@client", db.Id(task.ClientId)).Add("@ticket", db.Id(task.TicketId)).Add("@now", db.Moment(now));
            List<AuditChange> changes =
            [
                new("title", null, task.Title),
                new("executorId", null, executorId.ToString()),
                new("dueAt", null, task.DueAt.ToString("O"), "date"),
                new("status", null, nameof(SalesTaskStatus.Set), "enum:SalesTaskStatus"),
            ];
            if (task.DealId is { } deal)
            {
                changes.Add(new("dealId", null, deal.ToString()));
            }

            if (task.ClientId is { } client)
            {
                changes.Add(new("clientId", null, client.ToString()));
            }

            rows = (rows is null ? RowWrite.Of(insert) : rows.And(insert))
                .And(History(_firstHistory, id, 1, now, "Create", actor, null, SalesTaskStatus.Set, executorId, null))
                .And(audit.Insert(new AuditEntry(AuditLog.IdOf(Entity, id.ToString(), 1), Entity, id.ToString(), 1, SalesTexts.Module, actor, now, "Create", changes)));
        }

        if (rows is not null)
        {
            await writer.WriteAsync(rows, cancellationToken);
        }

        return ids;
    }

    /// <summary>A keyed task's id: the same key and executor make the same id, so a repeat writes nothing new.</summary>
    private static Guid IdOf(string key, Guid executor) => DeterministicGuid.Create(Entity, $"{key}/{executor:D}");

    /// <summary>
    /// Takes <paramref name="action"/> on the task for the caller (403 if not theirs to take, 409 if its status does not
    /// allow it), with the history row and the audit entry in the same transaction. Returns the task before and after.
    /// </summary>
    public async Task<(SalesTask Before, SalesTask After)> ActAsync(
        Guid id, SalesCaller caller, TaskAction action, Guid? newExecutorId, string? note, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var actor = AuditContext.Current ?? AuditActor.Product;
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await GetAsync(connection, transaction, id, forUpdate: true, cancellationToken);
        if (before is null || !TaskRules.MaySee(before, caller))
        {
            throw new NotFoundException(SalesTexts.Say("TaskNotFound", id.ToString()));
        }

        var status = TaskRules.Apply(before, caller, action);
        var executor = action == TaskAction.Reassign ? newExecutorId!.Value : before.ExecutorId;
        var version = before.Version + 1;
        var updated = await ModuleDb.ExecuteAsync(connection, transaction, $"""
            UPDATE {db.Tasks} SET version = @version, status = @status, executor_id = @executor, updated_at = @now,
                done_at = CASE WHEN @done = 1 THEN @now ELSE done_at END,
                reminded_at = CASE WHEN @reassigned = 1 THEN NULL ELSE reminded_at END
            WHERE id = @id AND version = @expected
            """, cancellationToken,
            ("version", version), ("status", (short)status), ("executor", db.Id(executor)), ("now", db.Moment(now)),
            ("done", status == SalesTaskStatus.Done ? 1 : 0), ("reassigned", action == TaskAction.Reassign ? 1 : 0),
            ("id", db.Id(id)), ("expected", before.Version));
        if (updated == 0)
        {
            throw new ConflictException(SalesTexts.Say("TaskChangedMeanwhile"), before.Version);
        }

        await AddHistoryAsync(connection, transaction, id, version, now, action.ToString(), actor, before.Status, status, executor, note, cancellationToken);
        if (action == TaskAction.Done)
        {
            await CountDoneAsync(connection, transaction, id, version, now, executor, cancellationToken);
        }

        List<AuditChange> changes = [];
        if (status != before.Status)
        {
            changes.Add(new("status", before.Status.ToString(), status.ToString(), "enum:SalesTaskStatus"));
        }

        if (executor != before.ExecutorId)
        {
            changes.Add(new("executorId", before.ExecutorId.ToString(), executor.ToString()));
        }

        if (note is not null)
        {
            changes.Add(new("note", null, note));
        }

        await WriteAuditAsync(connection, transaction, id, version, now, action.ToString(), actor, changes, cancellationToken);
        var after = (await GetAsync(connection, transaction, id, forUpdate: false, cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return (before, WithDue(after, now));
    }

    /// <summary>Records the ticket a hand-over made; the first one stays (a second hand-over reads it back).</summary>
    public async Task<Guid> SetHandoverTicketAsync(Guid id, Guid ticketId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync();
        await ModuleDb.ExecuteAsync(connection, null, $"UPDATE {db.Tasks} SET handover_ticket_id = @ticket WHERE id = @id AND handover_ticket_id IS NULL",
            cancellationToken, ("ticket", db.Id(ticketId)), ("id", db.Id(id)));
        return (await GetAsync(id, cancellationToken))!.HandoverTicketId!.Value;
    }

    public async Task<SalesTask?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id, forUpdate: false, cancellationToken) is { } task ? WithDue(task, time.GetUtcNow()) : null;
    }

    public async Task<IReadOnlyList<TaskHistoryEntry>> HistoryAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var select = ModuleDb.Command(connection, null,
            $"SELECT seq, at, action, actor_id, actor_name, from_status, to_status, executor_id, note FROM {db.TaskHistory} WHERE task_id = @id ORDER BY seq",
            ("id", db.Id(id)));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var entries = new List<TaskHistoryEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new TaskHistoryEntry(
                Convert.ToInt32(reader.GetValue(0)), ModuleDb.ReadMoment(reader, 1), reader.GetString(2), ModuleDb.ReadText(reader, 3), reader.GetString(4),
                reader.IsDBNull(5) ? null : (SalesTaskStatus)Convert.ToInt32(reader.GetValue(5)), (SalesTaskStatus)Convert.ToInt32(reader.GetValue(6)),
                ModuleDb.ReadId(reader, 7), ModuleDb.ReadText(reader, 8)));
        }

        return entries;
    }

    /// <summary>Tasks of the deal made in that stage that the executor has not finished yet.</summary>
    public async Task<int> CountOpenStageTasksAsync(Guid dealId, string stage, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var count = ModuleDb.Command(connection, null,
            $"SELECT COUNT(*) FROM {db.Tasks} WHERE deal_id = @deal AND deal_stage = @stage AND status IN ({InList(TaskRules.Open)})",
            ("deal", db.Id(dealId)), ("stage", stage));
        return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>Open tasks per executor, for these executors (those with none are absent): one grouped count.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> CountOpenByExecutorAsync(IReadOnlyCollection<Guid> executors, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<Guid, int>();
        if (executors.Count == 0)
        {
            return counts;
        }

        var names = executors.Select((_, i) => $"@e{i}").ToList();
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null,
            $"SELECT executor_id, COUNT(*) FROM {db.Tasks} WHERE executor_id IN ({string.Join(", ", names)}) AND status IN ({InList(TaskRules.Open)}) GROUP BY executor_id",
            [.. executors.Select((e, i) => ($"e{i}", db.Id(e)))]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[ModuleDb.ReadId(reader, 0)] = Convert.ToInt32(reader.GetValue(1));
        }

        return counts;
    }

    /// <summary>A page of the tasks the filter and the caller's visibility allow.</summary>
    public async Task<SalesTaskPage> ListAsync(TaskFilter filter, SalesCaller caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var endOfToday = calendar.EndOfDay(now);
        var where = new List<string>();
        var values = new List<(string, object?)> { ("now", db.Moment(now)), ("eod", db.Moment(endOfToday)) };
        if (!caller.SeesAll)
        {
            where.Add("(executor_id = @me OR author_id = @me)");
            values.Add(("me", db.Id(caller.UserId ?? Guid.Empty)));
        }

        void Equal(string column, string name, object? value)
        {
            if (value is not null)
            {
                where.Add($"{column} = @{name}");
                values.Add((name, value));
            }
        }

        Equal("executor_id", "executor", db.Id(filter.ExecutorId));
        Equal("author_id", "author", db.Id(filter.AuthorId));
        Equal("deal_id", "deal", db.Id(filter.DealId));
        Equal("client_id", "client", db.Id(filter.ClientId));
        Equal("status", "status", filter.Status is { } s ? (short)s : null);
        var open = $"status IN ({InList(TaskRules.Open)})";
        switch (filter.Due)
        {
            case TaskDue.Overdue:
                where.Add($"{open} AND due_at < @now");
                break;
            case TaskDue.Today:
                where.Add($"{open} AND due_at >= @now AND due_at < @eod");
                break;
            case TaskDue.Later:
                where.Add($"{open} AND due_at >= @eod");
                break;
        }

        if (filter.OpenOnly)
        {
            where.Add(open);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var like = db.IsPostgres ? "ILIKE" : "LIKE";
            where.Add($"(title {like} @search OR description {like} @search)");
            values.Add(("search", "%" + filter.Search.Trim().Replace("%", "").Replace("_", "") + "%"));
        }

        var condition = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var count = ModuleDb.Command(connection, null, $"SELECT COUNT(*) FROM {db.Tasks} {condition}", [.. values]);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken));
        await using var select = ModuleDb.Command(connection, null,
            $"SELECT {Columns} FROM {db.Tasks} {condition} ORDER BY {TaskSort.OrderBy(filter.Sort)}, id LIMIT @limit OFFSET @offset",
            [.. values, ("limit", filter.PageSize), ("offset", (filter.Page - 1) * filter.PageSize)]);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var items = new List<SalesTask>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(WithDue(Read(reader), now, endOfToday));
        }

        return new SalesTaskPage(items, total);
    }

    /// <summary>Open tasks due within the lead that nobody was reminded of yet (the reminder job's candidates).</summary>
    public async Task<IReadOnlyList<SalesTask>> DueForReminderAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var select = ModuleDb.Command(connection, null,
            $"SELECT {Columns} FROM {db.Tasks} WHERE status IN ({InList(TaskRules.Open)}) AND reminded_at IS NULL AND due_at <= @until ORDER BY due_at LIMIT 1000",
            ("until", db.Moment(now.AddMinutes(options.Value.ReminderMinutesBefore))));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var tasks = new List<SalesTask>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tasks.Add(Read(reader));
        }

        return tasks;
    }

    /// <summary>Marks the task reminded; false when a run before (or beside) this one already did, so each reminder goes once.</summary>
    public async Task<bool> MarkRemindedAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync();
        return await ModuleDb.ExecuteAsync(connection, null, $"UPDATE {db.Tasks} SET reminded_at = @now WHERE id = @id AND reminded_at IS NULL",
            cancellationToken, ("now", db.Moment(now)), ("id", db.Id(id))) == 1;
    }

    private async Task<IReadOnlyList<SalesTask>> ByKeyAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var select = ModuleDb.Command(connection, null, $"SELECT {Columns} FROM {db.Tasks} WHERE idempotency_key = @key", ("key", key));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var now = time.GetUtcNow();
        var tasks = new List<SalesTask>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tasks.Add(WithDue(Read(reader), now));
        }

        return tasks;
    }

    private async Task<SalesTask?> GetAsync(DbConnection connection, DbTransaction? transaction, Guid id, bool forUpdate, CancellationToken cancellationToken)
    {
        // PostgreSQL: the row is locked for the change; SQLite's write transactions are IMMEDIATE already.
        var lockRow = forUpdate && db.IsPostgres ? " FOR UPDATE" : "";
        await using var select = ModuleDb.Command(connection, transaction, $"SELECT {Columns} FROM {db.Tasks} WHERE id = @id{lockRow}", ("id", db.Id(id)));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private async Task AddHistoryAsync(
        DbConnection connection, DbTransaction transaction, Guid id, int seq, DateTimeOffset at, string action, AuditActor actor,
        SalesTaskStatus? from, SalesTaskStatus to, Guid executor, string? note, CancellationToken cancellationToken)
    {
        await History(_history, id, seq, at, action, actor, from, to, executor, note).ExecuteAsync(connection, transaction, cancellationToken);
    }

    /// <summary>
    /// The activity report's note of a task done (migration 0055): when the executor last finished it before (a returned
    /// task is finished again), on the history row and in the month's row.
    /// </summary>
    private async Task CountDoneAsync(DbConnection connection, DbTransaction transaction, Guid id, int seq, DateTimeOffset at, Guid executor, CancellationToken cancellationToken)
    {
        await using var select = ModuleDb.Command(connection, transaction,
            $"SELECT MAX(at) FROM {db.TaskHistory} WHERE task_id = @task AND executor_id = @executor AND action = 'Done' AND seq < @seq",
            ("task", db.Id(id)), ("executor", db.Id(executor)), ("seq", seq));
        DateTimeOffset? previous;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            previous = await reader.ReadAsync(cancellationToken) ? ReadNullableMoment(reader, 0) : null;
        }

        if (previous is { } moment)
        {
            await ModuleDb.ExecuteAsync(connection, transaction, $"UPDATE {db.TaskHistory} SET prev_done_at = @prev WHERE task_id = @task AND seq = @seq", cancellationToken,
                ("prev", db.Moment(moment)), ("task", db.Id(id)), ("seq", seq));
        }

        await months.TaskDone(executor, at, previous).ExecuteAsync(connection, transaction, cancellationToken);
    }

    private SqlStatement History(
        string sql, Guid id, int seq, DateTimeOffset at, string action, AuditActor actor, SalesTaskStatus? from, SalesTaskStatus to, Guid executor, string? note) =>
        new SqlStatement(sql)
            .Add("@task", db.Id(id)).Add("@seq", seq).Add("@at", db.Moment(at)).Add("@action", action).Add("@actor_id", actor.UserId)
            .Add("@actor_name", actor.Name.Length <= 200 ? actor.Name : actor.Name[..200]).Add("@from", from is { } f ? (short)f : null).Add("@to", (short)to)
            .Add("@executor", db.Id(executor)).Add("@note", note);

    private Task WriteAuditAsync(
        DbConnection connection, DbTransaction transaction, Guid id, int version, DateTimeOffset at, string action, AuditActor actor,
        IReadOnlyList<AuditChange> changes, CancellationToken cancellationToken) =>
        audit.WriteAsync(connection, transaction, new AuditEntry(
            AuditLog.IdOf(Entity, id.ToString(), version), Entity, id.ToString(), version, SalesTexts.Module, actor, at, action, changes), cancellationToken);

    private SalesTask WithDue(SalesTask task, DateTimeOffset now) => WithDue(task, now, calendar.EndOfDay(now));

    private static SalesTask WithDue(SalesTask task, DateTimeOffset now, DateTimeOffset endOfToday) =>
        task with { Due = TaskRules.DueOf(task.Status, task.DueAt, now, endOfToday) };

    internal static string InList(IEnumerable<SalesTaskStatus> statuses) => string.Join(", ", statuses.Select(s => ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static SalesTask Read(DbDataReader reader) => new(
        ModuleDb.ReadId(reader, 0), Convert.ToInt32(reader.GetValue(1)), reader.GetString(2), ModuleDb.ReadText(reader, 3),
        ModuleDb.ReadNullableId(reader, 4), ModuleDb.ReadId(reader, 5), ModuleDb.ReadMoment(reader, 6), (SalesTaskStatus)Convert.ToInt32(reader.GetValue(7)),
        ModuleDb.ReadNullableId(reader, 8), ModuleDb.ReadText(reader, 9), ModuleDb.ReadNullableId(reader, 10), ModuleDb.ReadNullableId(reader, 11),
        ModuleDb.ReadMoment(reader, 12), ModuleDb.ReadMoment(reader, 13), ReadNullableMoment(reader, 14), ReadNullableMoment(reader, 15),
        ModuleDb.ReadNullableId(reader, 16));

    internal static DateTimeOffset? ReadNullableMoment(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ModuleDb.ReadMoment(reader, ordinal);
}

/// <summary>What <c>GET /api/tasks</c> filters by; <see cref="OpenOnly"/> leaves out what the executor has finished.</summary>
public sealed record TaskFilter(
    Guid? ExecutorId = null, Guid? AuthorId = null, Guid? DealId = null, Guid? ClientId = null, SalesTaskStatus? Status = null, TaskDue? Due = null,
    string? Search = null, string? Sort = null, int Page = 1, int PageSize = 50, bool OpenOnly = false);

/// <summary>The columns the task list sorts by, as the API spells them (<c>sort=dueAt</c>, <c>sort=-createdAt</c>).</summary>
public static class TaskSort
{
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dueAt"] = "due_at",
        ["createdAt"] = "created_at",
        ["title"] = "title",
        ["status"] = "status",
    };

    public static bool IsValid(string? sort) => sort is null || Columns.ContainsKey(sort.StartsWith('-') ? sort[1..] : sort);

    /// <summary>The ORDER BY for a valid sort; soonest due first by default.</summary>
    public static string OrderBy(string? sort)
    {
        if (sort is null)
        {
            return "due_at ASC";
        }

        var descending = sort.StartsWith('-');
        return Columns[descending ? sort[1..] : sort] + (descending ? " DESC" : " ASC");
    }
}
