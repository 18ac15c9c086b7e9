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
            .Must((q, to) => q.From is null || to is null || to.Value.DayNumber - q.From.Value.DayNumber <= 366).WithText(SalesTexts.Code("ActivityPeriodInvalid"));
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
/// The report's three grouped reads, straight from the tables (no grain is activated), each on a connection of its own
/// and all at once: the report takes as long as the slowest of them, not their sum (a quarter of the benchmark's data set
/// is 226,000 interactions, 40,000 tasks done and 209,000 moves, benchmarks/results/sales.md).
/// </summary>
public sealed class ActivityReports
{
    private readonly SalesDb _db;
    private readonly CompanyCalendar _calendar;

    internal ActivityReports(SalesDb db, CompanyCalendar calendar)
    {
        _db = db;
        _calendar = calendar;
    }

    public async Task<ActivityReport> BuildAsync(DateOnly fromDay, DateOnly toDay, CancellationToken cancellationToken)
    {
        (string, object?)[] period = [("from", _db.Moment(_calendar.StartOf(fromDay))), ("to", _db.Moment(_calendar.StartOf(toDay.AddDays(1))))];
        var interactions = ReadAsync(
            $"SELECT owner_id, kind, COUNT(*) FROM {_db.Interactions} WHERE done_at >= @from AND done_at < @to GROUP BY owner_id, kind", period, cancellationToken);
        var tasks = ReadAsync(
            $"SELECT executor_id, COUNT(DISTINCT task_id) FROM {_db.TaskHistory} WHERE action = 'Done' AND at >= @from AND at < @to GROUP BY executor_id", period, cancellationToken);
        // Deals moved counts each deal once: its moves are grouped per user and deal first (hashed), then counted per user;
        // COUNT(DISTINCT deal_id) sorted all the span's moves instead, on disk at a quarter's 209,000.
        var moves = ReadAsync($"""
            SELECT by_user, COUNT(*), SUM(moves) FROM (
              SELECT by_user, deal_id, COUNT(*) AS moves FROM {_db.DealStages}
              WHERE by_user IS NOT NULL AND seq > 1 AND entered_at >= @from AND entered_at < @to GROUP BY by_user, deal_id
            ) m GROUP BY by_user
            """, period, cancellationToken);

        await Task.WhenAll(interactions, tasks, moves);
        var rows = new Dictionary<Guid, ActivityReportRow>();
        ActivityReportRow Row(Guid user) => rows.TryGetValue(user, out var row) ? row : rows[user] = new ActivityReportRow(user, 0, 0, 0, 0, 0, 0, 0);
        foreach (var values in await interactions)
        {
            var user = (Guid)values[0];
            var count = Convert.ToInt32(values[2]);
            var row = Row(user);
            rows[user] = (InteractionKind)Convert.ToInt32(values[1]) switch
            {
                InteractionKind.Call => row with { Calls = row.Calls + count },
                InteractionKind.Meeting => row with { Meetings = row.Meetings + count },
                InteractionKind.Email => row with { Emails = row.Emails + count },
                _ => row with { Notes = row.Notes + count },
            };
        }

        foreach (var values in await tasks)
        {
            var user = (Guid)values[0];
            rows[user] = Row(user) with { TasksDone = Convert.ToInt32(values[1]) };
        }

        foreach (var values in await moves)
        {
            var user = (Guid)values[0];
            rows[user] = Row(user) with { DealsMoved = Convert.ToInt32(values[1]), StageMoves = Convert.ToInt32(values[2]) };
        }

        return new ActivityReport(fromDay, toDay, rows.Values.OrderBy(r => r.UserId).ToList());
    }

    /// <summary>One grouped read on its own connection: the user id (column 0) as a Guid, then the counts as read.</summary>
    private async Task<List<object[]>> ReadAsync(string sql, (string, object?)[] period, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(_db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, sql, period);
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
