using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Activities.Tasks;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Activities.Report;

/// <summary>
/// The manager activity report for the company's days <see cref="From"/> to <see cref="To"/> (both included): per user,
/// interactions done by kind, tasks they finished (each task once, however often it was returned), and deals they moved
/// to another stage (stage-history rows after the first with <c>by_user</c> = them). SalesHead and Director.
/// </summary>
public sealed record GetActivityReport(DateOnly? From, DateOnly? To) : IQuery<ActivityReport>
{
    [JsonIgnore]
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed record ActivityReport(DateOnly From, DateOnly To, IReadOnlyList<ActivityReportRow> Items);

public sealed record ActivityReportRow(Guid UserId, int Calls, int Meetings, int Emails, int Notes, int TasksDone, int DealsMoved, int StageMoves)
{
    public int InteractionsDone => Calls + Meetings + Emails + Notes;
}

public sealed class GetActivityReportValidator : AbstractValidator<GetActivityReport>
{
    public GetActivityReportValidator()
    {
        RuleFor(q => q.From).NotEmpty().WithText(SalesTexts.Code("ActivityPeriodInvalid"));
        RuleFor(q => q.To).NotEmpty().WithText(SalesTexts.Code("ActivityPeriodInvalid"))
            .GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null).WithText(SalesTexts.Code("ActivityPeriodInvalid"))
            .Must((q, to) => q.From is null || to is null || to.Value.DayNumber - q.From.Value.DayNumber <= ActivityMonths.LongestSpanDays).WithText(SalesTexts.Code("ActivityPeriodInvalid"));
    }
}

public sealed class GetActivityReportHandler(ActivityReports reports) : IQueryHandler<GetActivityReport, ActivityReport>
{
    public async ValueTask<ActivityReport> Handle(GetActivityReport query, CancellationToken cancellationToken)
    {
        if (!query.Caller.SeesAll)
        {
            throw new ForbiddenException(SalesTexts.Say("ActivityReportNeedsRole"));
        }

        return await reports.BuildAsync(query.From!.Value, query.To!.Value, cancellationToken);
    }
}

/// <summary>
/// The report's reads, straight from the tables (no grain is activated), each on a connection of its own and all at once.
/// The span's whole months come from <see cref="ActivityMonths"/>; the days at either end, or the whole span until the
/// months are built, from the history rows. Both count a deal moved or a task done once in the span: a move counts as a
/// deal when the person's previous move of that deal is before the span, so the figures add up across months and days
/// without grouping by deal (a quarter of the benchmark's data set is
/// 226,000 interactions, 40,000 tasks done and 209,000 moves of 33,600 deals, benchmarks/results/sales.md).
/// </summary>
public sealed class ActivityReports
{
    private readonly SalesDb _db;
    private readonly CompanyCalendar _calendar;
    private readonly ActivityMonths _months;

    internal ActivityReports(SalesDb db, CompanyCalendar calendar, ActivityMonths months)
    {
        _db = db;
        _calendar = calendar;
        _months = months;
    }

    public Task<ActivityReport> BuildAsync(DateOnly fromDay, DateOnly toDay, CancellationToken cancellationToken) =>
        BuildAsync(fromDay, toDay, _months.Ready, cancellationToken);

    /// <param name="byMonth">Whether whole months are read from their rows (tests compare the two ways).</param>
    internal async Task<ActivityReport> BuildAsync(DateOnly fromDay, DateOnly toDay, bool byMonth, CancellationToken cancellationToken)
    {
        var from = _calendar.StartOf(fromDay);
        var to = _calendar.StartOf(toDay.AddDays(1));
        var firstMonth = fromDay.Day == 1 ? fromDay : new DateOnly(fromDay.Year, fromDay.Month, 1).AddMonths(1);
        // The last month is whole when the span ends on its last day, or on today or later: nothing is done after now
        // (moves and tasks are stamped as they happen, and an interaction cannot be logged as done later than now).
        var endMonth = new DateOnly(toDay.Year, toDay.Month, 1);
        endMonth = toDay.AddDays(1).Day == 1 || toDay >= _calendar.Today ? endMonth.AddMonths(1) : endMonth;
        var whole = byMonth && firstMonth < endMonth;
        List<(DateTimeOffset From, DateTimeOffset To)> edges = whole
            ? [.. new[] { (from, _calendar.StartOf(firstMonth)), (_calendar.StartOf(endMonth), to) }.Where(e => e.Item1 < e.Item2)]
            : [(from, to)];

        List<(string, object?)> parameters = [("from", _db.Moment(from)), ("from_day", _db.Date(fromDay)), ("m1", _db.Date(firstMonth)), ("m2", _db.Date(endMonth))];
        for (var i = 0; i < edges.Count; i++)
        {
            parameters.AddRange([($"a{i}", _db.Moment(edges[i].From)), ($"b{i}", _db.Moment(edges[i].To))]);
        }

        // Each read's rows are (person, fact, deals or tasks counted once, count).
        var reads = new List<Task<List<object[]>>>();
        if (whole)
        {
            reads.Add(ReadAsync($"""
                SELECT user_id, fact, SUM(CASE WHEN prev_day < @from_day THEN subjects ELSE 0 END), SUM(count)
                FROM {_db.ActivityMonths} WHERE month >= @m1 AND month < @m2 GROUP BY user_id, fact
                """, parameters, cancellationToken));
        }

        if (edges.Count > 0)
        {
            reads.Add(ReadAsync(Edges(edges.Count, i => $"""
                SELECT owner_id, {(int)ActivityFact.InteractionDone} + kind, 0, COUNT(*) FROM {_db.Interactions}
                WHERE done_at >= @a{i} AND done_at < @b{i} GROUP BY owner_id, kind
                """), parameters, cancellationToken));
            reads.Add(ReadAsync(Edges(edges.Count, i => $"""
                SELECT executor_id, {(int)ActivityFact.TaskDone}, SUM(CASE WHEN prev_done_at IS NULL OR prev_done_at < @from THEN 1 ELSE 0 END), COUNT(*)
                FROM {_db.TaskHistory} WHERE action = 'Done' AND at >= @a{i} AND at < @b{i} GROUP BY executor_id
                """), parameters, cancellationToken));
            reads.Add(ReadAsync(Edges(edges.Count, i => $"""
                SELECT by_user, {(int)ActivityFact.DealMoved}, SUM(CASE WHEN prev_move_at IS NULL OR prev_move_at < @from THEN 1 ELSE 0 END), COUNT(*)
                FROM {_db.DealStages} WHERE by_user IS NOT NULL AND seq > 1 AND entered_at >= @a{i} AND entered_at < @b{i} GROUP BY by_user
                """), parameters, cancellationToken));
        }

        await Task.WhenAll(reads);
        var rows = new Dictionary<Guid, ActivityReportRow>();
        foreach (var values in reads.SelectMany(r => r.Result))
        {
            var user = (Guid)values[0];
            var fact = Convert.ToInt32(values[1], CultureInfo.InvariantCulture);
            var once = Convert.ToInt32(values[2], CultureInfo.InvariantCulture);
            var count = Convert.ToInt32(values[3], CultureInfo.InvariantCulture);
            var row = rows.TryGetValue(user, out var known) ? known : new ActivityReportRow(user, 0, 0, 0, 0, 0, 0, 0);
            rows[user] = fact switch
            {
                (int)ActivityFact.DealMoved => row with { DealsMoved = row.DealsMoved + once, StageMoves = row.StageMoves + count },
                (int)ActivityFact.TaskDone => row with { TasksDone = row.TasksDone + once },
                _ => (InteractionKind)(fact - (int)ActivityFact.InteractionDone) switch
                {
                    InteractionKind.Call => row with { Calls = row.Calls + count },
                    InteractionKind.Meeting => row with { Meetings = row.Meetings + count },
                    InteractionKind.Email => row with { Emails = row.Emails + count },
                    _ => row with { Notes = row.Notes + count },
                },
            };
        }

        return new ActivityReport(fromDay, toDay, rows.Values.OrderBy(r => r.UserId).ToList());
    }

    /// <summary>One grouped read per span at the ends, joined (each is a range of one index).</summary>
    private static string Edges(int count, Func<int, string> select) => string.Join("\nUNION ALL\n", Enumerable.Range(0, count).Select(select));

    /// <summary>One grouped read on its own connection: the user id (column 0) as a Guid, then the counts as read.</summary>
    private async Task<List<object[]>> ReadAsync(string sql, IReadOnlyList<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(_db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, sql, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<object[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            values[0] = ModuleDb.ReadId(reader, 0);
            rows.Add(values);
        }

        return rows;
    }
}

internal static class ActivityReportEndpoints
{
    public static IEndpointRouteBuilder MapActivityReportEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/activity", async Task<Ok<ActivityReport>> (DateOnly? from, DateOnly? to, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetActivityReport(from, to) { Caller = SalesCaller.From(user) }, cancellationToken)))
        .WithTags("Sales")
        .RequireAuthorization(policy => policy.RequireRole(SalesCaller.HeadRoles))
        .WithSummary("Manager activity: interactions done by kind, tasks done, deals moved, per user")
        .WithDescription("from and to are the company's days (yyyy-MM-dd), both included, at most a year apart. SalesHeads and Directors.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }
}
