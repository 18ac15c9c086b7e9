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

/// <summary>The report's three grouped reads, straight from the tables (no grain is activated).</summary>
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
        var from = _calendar.StartOf(fromDay);
        var to = _calendar.StartOf(toDay.AddDays(1));
        var rows = new Dictionary<Guid, ActivityReportRow>();
        ActivityReportRow Row(Guid user) => rows.TryGetValue(user, out var row) ? row : rows[user] = new ActivityReportRow(user, 0, 0, 0, 0, 0, 0, 0);
        (string, object?)[] period = [("from", _db.Moment(from)), ("to", _db.Moment(to))];

        await using var connection = DatabaseConnections.Create(_db.Options);
        await connection.OpenAsync(cancellationToken);
        await using (var interactions = ModuleDb.Command(connection, null,
            $"SELECT owner_id, kind, COUNT(*) FROM {_db.Interactions} WHERE done_at >= @from AND done_at < @to GROUP BY owner_id, kind", period))
        await using (var reader = await interactions.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var user = ModuleDb.ReadId(reader, 0);
                var count = Convert.ToInt32(reader.GetValue(2));
                var row = Row(user);
                rows[user] = (InteractionKind)Convert.ToInt32(reader.GetValue(1)) switch
                {
                    InteractionKind.Call => row with { Calls = row.Calls + count },
                    InteractionKind.Meeting => row with { Meetings = row.Meetings + count },
                    InteractionKind.Email => row with { Emails = row.Emails + count },
                    _ => row with { Notes = row.Notes + count },
                };
            }
        }

        await using (var tasks = ModuleDb.Command(connection, null,
            $"SELECT executor_id, COUNT(DISTINCT task_id) FROM {_db.TaskHistory} WHERE action = 'Done' AND at >= @from AND at < @to GROUP BY executor_id", period))
        await using (var reader = await tasks.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var user = ModuleDb.ReadId(reader, 0);
                rows[user] = Row(user) with { TasksDone = Convert.ToInt32(reader.GetValue(1)) };
            }
        }

        await using (var moves = ModuleDb.Command(connection, null, $"""
            SELECT by_user, COUNT(DISTINCT deal_id), COUNT(*) FROM {_db.DealStages}
            WHERE by_user IS NOT NULL AND seq > 1 AND entered_at >= @from AND entered_at < @to GROUP BY by_user
            """, period))
        await using (var reader = await moves.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var user = ModuleDb.ReadId(reader, 0);
                rows[user] = Row(user) with { DealsMoved = Convert.ToInt32(reader.GetValue(1)), StageMoves = Convert.ToInt32(reader.GetValue(2)) };
            }
        }

        return new ActivityReport(fromDay, toDay, rows.Values.OrderBy(r => r.UserId).ToList());
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
