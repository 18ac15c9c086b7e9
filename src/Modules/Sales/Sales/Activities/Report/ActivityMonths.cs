using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Storage;

namespace OrleansCrm.Sales.Activities.Report;

/// <summary>What a row of sales.activity_months counts (migration 0055); an interaction done is 10 + its kind.</summary>
public enum ActivityFact : short
{
    DealMoved = 1,
    TaskDone = 2,
    InteractionDone = 10,
}

/// <summary>
/// sales.activity_months (migration 0055): the activity report's facts per person and company month, so a report over
/// whole months reads a row per person, fact and subject instead of every move and interaction. The writers keep it in
/// their own transaction: a person's move of a deal (Deals' projection), a task done (the task store), an interaction
/// done (the interaction store). A move or completion carries the moment the same person last did it to the same deal or
/// task, so a month's row knows whether the subject was already counted earlier in a report's span.
/// The months are the company's: when the zone they were built in is not <c>Company:TimeZone</c> (the first start after
/// 0055, or the setting changed), <see cref="EnsureBuiltAsync"/> rebuilds them from the history rows, and until it is done
/// the report reads only those rows (<see cref="Ready"/>).
/// </summary>
public sealed class ActivityMonths
{
    private readonly SalesDb _db;
    private readonly CompanyCalendar _calendar;
    private readonly string _counted;
    private readonly string _added;
    private volatile string? _builtFor;

    internal ActivityMonths(SalesDb db, CompanyCalendar calendar)
    {
        _db = db;
        _calendar = calendar;
        // Counted once per history seq: a retried write of the same move or completion changes nothing.
        _counted = $"""
            INSERT INTO {db.ActivityMonths} AS t (user_id, fact, subject_id, month, first_prev_at, count, last_seq)
            VALUES (@user, @fact, @subject, @month, @prev, 1, @seq)
            ON CONFLICT (user_id, fact, subject_id, month) DO UPDATE SET count = t.count + 1, last_seq = excluded.last_seq
            WHERE t.last_seq < excluded.last_seq
            """;
        // An interaction is done once, in the transaction that marks it done (its insert is keyed, its finish checks it).
        _added = $"""
            INSERT INTO {db.ActivityMonths} AS t (user_id, fact, subject_id, month, first_prev_at, count, last_seq)
            VALUES (@user, @fact, @subject, @month, NULL, 1, 0)
            ON CONFLICT (user_id, fact, subject_id, month) DO UPDATE SET count = t.count + 1
            """;
    }

    /// <summary>Whether the months are built in the company's zone, so the report may read them.</summary>
    public bool Ready => _builtFor == _calendar.Zone.Id;

    public DateOnly MonthOf(DateTimeOffset moment)
    {
        var day = _calendar.DateOf(moment);
        return new DateOnly(day.Year, day.Month, 1);
    }

    /// <summary>A deal moved or a task done by <paramref name="user"/> at <paramref name="at"/>, its history row <paramref name="seq"/>.</summary>
    /// <param name="previous">When the same person last moved the deal or finished the task before this; null if never.</param>
    public SqlStatement Counted(ActivityFact fact, Guid user, Guid subject, DateTimeOffset at, DateTimeOffset? previous, int seq) =>
        new SqlStatement(_counted)
            .Add("@user", _db.Id(user)).Add("@fact", (short)fact).Add("@subject", _db.Id(subject)).Add("@month", _db.Date(MonthOf(at)))
            .Add("@prev", previous is { } p ? _db.Moment(p) : null).Add("@seq", seq);

    /// <summary>An interaction of <paramref name="kind"/> done by <paramref name="owner"/> at <paramref name="doneAt"/>.</summary>
    public SqlStatement InteractionDone(Guid owner, InteractionKind kind, DateTimeOffset doneAt) =>
        new SqlStatement(_added)
            .Add("@user", _db.Id(owner)).Add("@fact", (short)(ActivityFact.InteractionDone + (short)kind)).Add("@subject", _db.Id(Guid.Empty))
            .Add("@month", _db.Date(MonthOf(doneAt)));

    /// <summary>
    /// Builds the months from the history rows unless they are built in the company's zone already, in one transaction:
    /// on PostgreSQL it holds the table's lock, so a writer's change waits and lands after it, never half inside it.
    /// </summary>
    public async Task EnsureBuiltAsync(CancellationToken cancellationToken)
    {
        var zone = _calendar.Zone.Id;
        await using var connection = await _db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (_db.IsPostgres)
        {
            await ModuleDb.ExecuteAsync(connection, transaction, $"LOCK TABLE {_db.ActivityMonths} IN EXCLUSIVE MODE", cancellationToken);
        }

        await using (var built = ModuleDb.Command(connection, transaction, $"SELECT zone FROM {_db.ActivityMonthsZone}"))
        {
            if (await built.ExecuteScalarAsync(cancellationToken) is string builtZone && builtZone == zone)
            {
                await transaction.CommitAsync(cancellationToken);
                _builtFor = zone;
                return;
            }
        }

        await ModuleDb.ExecuteAsync(connection, transaction, $"DELETE FROM {_db.ActivityMonths}", cancellationToken);
        await ModuleDb.ExecuteAsync(connection, transaction, $"DELETE FROM {_db.ActivityMonthsZone}", cancellationToken);
        var months = new Dictionary<(Guid User, short Fact, Guid Subject, DateOnly Month), Tally>();
        void Count(Guid user, short fact, Guid subject, DateTimeOffset at, DateTimeOffset? previous, int seq)
        {
            var key = (user, fact, subject, MonthOf(at));
            if (!months.TryGetValue(key, out var tally))
            {
                months[key] = tally = new Tally { FirstSeq = int.MaxValue };
            }

            tally.Count++;
            tally.LastSeq = Math.Max(tally.LastSeq, seq);
            if (seq < tally.FirstSeq)
            {
                (tally.FirstSeq, tally.FirstPrevious) = (seq, previous);
            }
        }

        await ReadAsync(connection, transaction, $"SELECT by_user, deal_id, seq, entered_at, prev_move_at FROM {_db.DealStages} WHERE by_user IS NOT NULL AND seq > 1",
            r => Count(ModuleDb.ReadId(r, 0), (short)ActivityFact.DealMoved, ModuleDb.ReadId(r, 1), ModuleDb.ReadMoment(r, 3), Moment(r, 4), Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture)),
            cancellationToken);
        await ReadAsync(connection, transaction, $"SELECT executor_id, task_id, seq, at, prev_done_at FROM {_db.TaskHistory} WHERE action = 'Done'",
            r => Count(ModuleDb.ReadId(r, 0), (short)ActivityFact.TaskDone, ModuleDb.ReadId(r, 1), ModuleDb.ReadMoment(r, 3), Moment(r, 4), Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture)),
            cancellationToken);
        await ReadAsync(connection, transaction, $"SELECT owner_id, kind, done_at FROM {_db.Interactions} WHERE done_at IS NOT NULL",
            r => Count(ModuleDb.ReadId(r, 0), (short)(ActivityFact.InteractionDone + Convert.ToInt16(r.GetValue(1), CultureInfo.InvariantCulture)), Guid.Empty,
                ModuleDb.ReadMoment(r, 2), null, 0),
            cancellationToken);

        foreach (var chunk in months.Chunk(500))
        {
            var sql = new StringBuilder($"INSERT INTO {_db.ActivityMonths} (user_id, fact, subject_id, month, first_prev_at, count, last_seq) VALUES ");
            var parameters = new List<(string, object?)>(chunk.Length * 7);
            for (var i = 0; i < chunk.Length; i++)
            {
                var ((user, fact, subject, month), tally) = chunk[i];
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@u{i}, @f{i}, @s{i}, @m{i}, @p{i}, @c{i}, @q{i})");
                parameters.AddRange([
                    ($"u{i}", _db.Id(user)), ($"f{i}", fact), ($"s{i}", _db.Id(subject)), ($"m{i}", _db.Date(month)),
                    ($"p{i}", tally.FirstPrevious is { } p ? _db.Moment(p) : null), ($"c{i}", tally.Count), ($"q{i}", tally.LastSeq)]);
            }

            await ModuleDb.ExecuteAsync(connection, transaction, sql.ToString(), cancellationToken, [.. parameters]);
        }

        await ModuleDb.ExecuteAsync(connection, transaction, $"INSERT INTO {_db.ActivityMonthsZone} (zone, built_at) VALUES (@zone, @at)", cancellationToken,
            ("zone", zone), ("at", _db.Moment(DateTimeOffset.UtcNow)));
        await transaction.CommitAsync(cancellationToken);
        _builtFor = zone;
    }

    private static DateTimeOffset? Moment(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ModuleDb.ReadMoment(reader, ordinal);

    private static async Task ReadAsync(DbConnection connection, DbTransaction transaction, string sql, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        await using var command = ModuleDb.Command(connection, transaction, sql);
        command.CommandTimeout = 0; // a large history takes longer than the default 30 s to read
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            row(reader);
        }
    }

    private sealed class Tally
    {
        public int Count { get; set; }

        public int FirstSeq { get; set; }

        public DateTimeOffset? FirstPrevious { get; set; }

        public int LastSeq { get; set; }
    }
}

/// <summary>Builds <see cref="ActivityMonths"/> at start when they are not built in the company's zone; a failure is logged and the report reads the history rows.</summary>
internal sealed class ActivityMonthsBuilder(ActivityMonths months, ILogger<ActivityMonthsBuilder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the host's start does not wait for it
        try
        {
            await months.EnsureBuiltAsync(stoppingToken);
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(error, "The activity report's months could not be built; the report reads the history rows until the next start");
        }
    }
}
