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
/// sales.activity_months (migration 0055): the activity report's facts per person, fact and company month, so a report over
/// whole months reads some thousands of rows instead of every move and interaction. The writers keep it in their own
/// transaction, which commits once (a deal's projection follows its state write, the task and interaction stores write in
/// one transaction): a person's move of a deal, a task done, an interaction done. A move or completion that is the
/// subject's first in the month by that person is counted under the day of their previous one, so a report knows whether
/// the deal or task was already counted earlier in its span without a row per deal.
/// The months are the company's: when the zone they were built in is not <c>Company:TimeZone</c> (the first start after
/// 0055, or the setting changed), <see cref="EnsureBuiltAsync"/> builds them again from the history rows, and until that is
/// done the report reads only those rows (<see cref="Ready"/>).
/// </summary>
public sealed class ActivityMonths
{
    /// <summary>The longest report span in days: a previous move further back than this before a month counts as none.</summary>
    public const int LongestSpanDays = 366;

    private readonly SalesDb _db;
    private readonly CompanyCalendar _calendar;
    private readonly string _counted;
    private readonly string _moved;
    private volatile string? _builtFor;

    internal ActivityMonths(SalesDb db, CompanyCalendar calendar)
    {
        _db = db;
        _calendar = calendar;
        // A row per writing connection (PostgreSQL): writers committing side by side do not queue on one hot row.
        var slot = db.IsPostgres ? "pg_backend_pid() % 16" : "0";
        _counted = $"""
            INSERT INTO {db.ActivityMonths} AS t (user_id, fact, month, prev_day, slot, subjects, count) VALUES (@user, @fact, @month, @prev_day, {slot}, @subjects, @count)
            ON CONFLICT (user_id, fact, month, prev_day, slot) DO UPDATE SET subjects = t.subjects + excluded.subjects, count = t.count + excluded.count
            """;
        // Runs before the stay's own row is written, and counts only a stay that has no row yet: a stay written again
        // (when it is left) or a batch run again counts nothing more.
        _moved = $"""
            INSERT INTO {db.ActivityMonths} AS t (user_id, fact, month, prev_day, slot, subjects, count)
            SELECT @user, @fact, @month, @prev_day, {slot}, @subjects, @count
            WHERE NOT EXISTS (SELECT 1 FROM {db.DealStages} WHERE deal_id = @deal AND seq = @seq)
            ON CONFLICT (user_id, fact, month, prev_day, slot) DO UPDATE SET subjects = t.subjects + excluded.subjects, count = t.count + excluded.count
            """;
    }

    /// <summary>Whether the months are built in the company's zone, so the report may read them.</summary>
    public bool Ready => _builtFor == _calendar.Zone.Id;

    /// <summary>A task done by <paramref name="executor"/> at <paramref name="at"/>, in the task store's transaction.</summary>
    /// <param name="previous">When they last finished the task before this (it was returned); null if never.</param>
    public SqlStatement TaskDone(Guid executor, DateTimeOffset at, DateTimeOffset? previous) =>
        Fill(new SqlStatement(_counted), ActivityFact.TaskDone, executor, at, previous);

    /// <summary>An interaction of <paramref name="kind"/> done by <paramref name="owner"/> at <paramref name="doneAt"/>, in the interaction store's transaction.</summary>
    public SqlStatement InteractionDone(Guid owner, InteractionKind kind, DateTimeOffset doneAt) =>
        Fill(new SqlStatement(_counted), ActivityFact.InteractionDone + (short)kind, owner, doneAt, null);

    /// <summary>
    /// A person's move of a deal into its stay <paramref name="seq"/>, for Deals' projection to run before it writes that
    /// stay's row (it counts only a stay not stored yet).
    /// </summary>
    /// <param name="previous">When the same person last moved the deal before this; null if never.</param>
    public SqlStatement DealMoved(Guid user, Guid deal, int seq, DateTimeOffset at, DateTimeOffset? previous) =>
        Fill(new SqlStatement(_moved), ActivityFact.DealMoved, user, at, previous).Add("@deal", _db.Id(deal)).Add("@seq", seq);

    private SqlStatement Fill(SqlStatement statement, ActivityFact fact, Guid user, DateTimeOffset at, DateTimeOffset? previous)
    {
        var (month, previousDay, subjects) = Key(at, previous);
        return statement.Add("@user", _db.Id(user)).Add("@fact", (short)fact).Add("@month", _db.Date(month)).Add("@prev_day", _db.Date(previousDay))
            .Add("@subjects", subjects).Add("@count", 1);
    }

    /// <summary>
    /// The month of a fact and the row it counts in: the subject's first in the month by this person is one subject under
    /// the day of the previous one (<see cref="DateOnly.MinValue"/> for none, or one too long ago for any report that
    /// holds this month to start after it); a later one is counted on the month's own first day, with no subject.
    /// </summary>
    private (DateOnly Month, DateOnly PreviousDay, int Subjects) Key(DateTimeOffset at, DateTimeOffset? previous)
    {
        var day = _calendar.DateOf(at);
        var month = new DateOnly(day.Year, day.Month, 1);
        if (previous is not { } earlier)
        {
            return (month, DateOnly.MinValue, 1);
        }

        var previousDay = _calendar.DateOf(earlier);
        return previousDay >= month ? (month, month, 0)
            : previousDay < month.AddDays(-LongestSpanDays) ? (month, DateOnly.MinValue, 1)
            : (month, previousDay, 1);
    }

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
        var months = new Dictionary<(Guid User, short Fact, DateOnly Month, DateOnly PreviousDay), (int Subjects, int Count)>();
        void Count(Guid user, short fact, DateTimeOffset at, DateTimeOffset? previous)
        {
            var (month, previousDay, subjects) = Key(at, previous);
            var sum = months.GetValueOrDefault((user, fact, month, previousDay));
            months[(user, fact, month, previousDay)] = (sum.Subjects + subjects, sum.Count + 1);
        }

        await ReadAsync(connection, transaction, $"SELECT by_user, entered_at, prev_move_at FROM {_db.DealStages} WHERE by_user IS NOT NULL AND seq > 1",
            r => Count(ModuleDb.ReadId(r, 0), (short)ActivityFact.DealMoved, ModuleDb.ReadMoment(r, 1), Moment(r, 2)), cancellationToken);
        await ReadAsync(connection, transaction, $"SELECT executor_id, at, prev_done_at FROM {_db.TaskHistory} WHERE action = 'Done'",
            r => Count(ModuleDb.ReadId(r, 0), (short)ActivityFact.TaskDone, ModuleDb.ReadMoment(r, 1), Moment(r, 2)), cancellationToken);
        await ReadAsync(connection, transaction, $"SELECT owner_id, kind, done_at FROM {_db.Interactions} WHERE done_at IS NOT NULL",
            r => Count(ModuleDb.ReadId(r, 0), (short)(ActivityFact.InteractionDone + Convert.ToInt16(r.GetValue(1), CultureInfo.InvariantCulture)), ModuleDb.ReadMoment(r, 2), null),
            cancellationToken);

        foreach (var chunk in months.Chunk(500))
        {
            var sql = new StringBuilder($"INSERT INTO {_db.ActivityMonths} (user_id, fact, month, prev_day, slot, subjects, count) VALUES ");
            var parameters = new List<(string, object?)>(chunk.Length * 6);
            for (var i = 0; i < chunk.Length; i++)
            {
                var ((user, fact, month, previousDay), (subjects, count)) = chunk[i];
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@u{i}, @f{i}, @m{i}, @p{i}, 0, @s{i}, @c{i})");
                parameters.AddRange([($"u{i}", _db.Id(user)), ($"f{i}", fact), ($"m{i}", _db.Date(month)), ($"p{i}", _db.Date(previousDay)), ($"s{i}", subjects), ($"c{i}", count)]);
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
