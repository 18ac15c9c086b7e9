using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>
/// <c>GET /api/reports/funnel</c>, built from stage history rather than current stages. The deals counted are those that
/// entered the pipeline from <see cref="From"/> to <see cref="To"/> (their first stay in it began then; a deal handed to
/// claims and back still counts once). For each stage, in the pipeline's order: how many of them ever entered it and their
/// amount, the conversion from the stage before (reached here / reached there), and the median hours of the stays that
/// ended (a deal still in a stage has no duration yet). Won and lost are where those deals ended. The forecast is over
/// the pipeline's open deals now: amount × the stage's probability, by expected close month.
/// </summary>
public sealed record Funnel(
    Guid PipelineId,
    DateOnly From,
    DateOnly To,
    Guid? OwnerId,
    int Entered,
    IReadOnlyList<FunnelStage> Stages,
    int Won,
    decimal WonAmount,
    int Lost,
    decimal LostAmount,
    IReadOnlyList<ForecastMonth> Forecast,
    FunnelPlan Plan,
    IReadOnlyList<FunnelOwner> Owners);

/// <param name="Conversion">A share (0.5 is half); null for the first stage, or when none reached the stage before.</param>
public sealed record FunnelStage(string Code, string Name, decimal Probability, int Reached, decimal Amount, decimal? Conversion, double? MedianHoursInStage);

/// <param name="Month">The expected close month (yyyy-MM); null for open deals without a date.</param>
/// <param name="Weighted">Each deal's amount × its stage's probability, summed.</param>
public sealed record ForecastMonth(string? Month, int Deals, decimal Amount, decimal Weighted);

/// <summary>The plans of the months the period touches: the department's own lines where set, else its managers'.</summary>
public sealed record FunnelPlan(decimal Amount, int Count, decimal WonAmount, int Won);

/// <summary>One owner's part of the funnel, against their plans for the months the period touches.</summary>
public sealed record FunnelOwner(Guid OwnerId, string Name, int Entered, int Won, decimal WonAmount, int Lost, decimal PlanAmount, int PlanCount);

/// <param name="From">Default: the 1st of this month.</param>
/// <param name="To">Included; default today.</param>
/// <param name="OwnerId">One manager's deals; a Manager's own by default, and only theirs.</param>
public sealed record GetFunnel(Guid PipelineId, DateOnly? From, DateOnly? To, Guid? OwnerId) : IQuery<Funnel>
{
    /// <summary>A year and a bit: enough for any report, and a bound on what one request reads.</summary>
    public const int MaxDays = 400;

    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed class GetFunnelValidator : AbstractValidator<GetFunnel>
{
    public GetFunnelValidator()
    {
        RuleFor(q => q.PipelineId).NotEmpty().WithText(SalesTexts.Code("Plans_PipelineRequired"));
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null).WithText(SalesTexts.Code("Plans_FunnelToBeforeFrom"));
        RuleFor(q => q.To).Must((q, to) => to!.Value.DayNumber - q.From!.Value.DayNumber <= GetFunnel.MaxDays)
            .When(q => q.From is not null && q.To is not null && q.To >= q.From)
            .WithText(SalesTexts.Code("Plans_FunnelTooLong"), (_, _) => [GetFunnel.MaxDays]);
    }
}

public sealed class GetFunnelHandler(FunnelReadings readings, PlanStore plans, PlanNames names, CompanyCalendar calendar) : IQueryHandler<GetFunnel, Funnel>
{
    public async ValueTask<Funnel> Handle(GetFunnel query, CancellationToken cancellationToken)
    {
        var caller = query.Caller;
        var owner = query.OwnerId ?? (caller.SeesAll ? null : caller.UserId);
        if (!caller.SeesAll && (owner is null || owner != caller.UserId))
        {
            throw new ForbiddenException(SalesTexts.Say("Plans_NotYourDeals"));
        }

        var from = query.From ?? calendar.ThisMonth;
        var to = query.To ?? calendar.Today;
        if (to < from)
        {
            throw SalesTexts.Invalid("to", SalesTexts.Say("Plans_FunnelToBeforeFrom"));
        }

        // The pipeline's stages, the funnel's reads and the plans at once, each on its own connection.
        var stagesRead = readings.StagesAsync(query.PipelineId, cancellationToken);
        var rawRead = readings.ReadAsync(query.PipelineId, calendar.StartOf(from), calendar.StartOf(to.AddDays(1)), owner, cancellationToken);
        // Against plan: the months the period touches (a funnel for the 10th to the 20th is measured against the month's plan).
        var linesRead = plans.ReadByPeriodAsync(SalesPeriods.Of(from), SalesPeriods.Of(to), cancellationToken);
        await Task.WhenAll(stagesRead, rawRead, linesRead);
        var stages = await stagesRead ?? throw new NotFoundException(SalesTexts.Say("Plans_PipelineNotFound", query.PipelineId.ToString()));
        var raw = await rawRead;
        var lines = await linesRead;

        var funnel = new List<FunnelStage>();
        int? previous = null;
        foreach (var stage in stages)
        {
            var reached = raw.Reached.GetValueOrDefault(stage.Code);
            decimal? conversion = previous is > 0 ? decimal.Round((decimal)reached.Deals / previous.Value, 4) : null;
            double? median = raw.MedianHours.TryGetValue(stage.Code, out var hours) ? Math.Round(hours, 2) : null;
            funnel.Add(new FunnelStage(stage.Code, stage.Name, stage.Probability, reached.Deals, reached.Amount, conversion, median));
            previous = reached.Deals;
        }

        var probability = stages.ToDictionary(s => s.Code, s => s.Probability);
        var forecast = raw.Open
            .GroupBy(o => o.Month)
            .Select(g => new ForecastMonth(g.Key, g.Sum(o => o.Deals), g.Sum(o => o.Amount),
                decimal.Round(g.Sum(o => o.Amount * probability.GetValueOrDefault(o.Stage)), 2)))
            .OrderBy(m => m.Month is null ? 1 : 0).ThenBy(m => m.Month, StringComparer.Ordinal).ToList();

        var planOf = (Guid? user) => lines.Where(l => l.Line.UserId == user).Aggregate((Amount: 0m, Count: 0), (sum, l) => (sum.Amount + l.Line.Amount, sum.Count + l.Line.Count));
        var department = owner is { } one ? planOf(one) : DepartmentPlan(lines);

        var named = await names.OfAsync(raw.Owners.Select(o => o.OwnerId), cancellationToken);
        var owners = raw.Owners.Select(o =>
        {
            var plan = planOf(o.OwnerId);
            return new FunnelOwner(o.OwnerId, named.GetValueOrDefault(o.OwnerId) ?? o.OwnerId.ToString(), o.Entered, o.Won, o.WonAmount, o.Lost, plan.Amount, plan.Count);
        }).OrderBy(o => o.Name, StringComparer.CurrentCulture).ToList();

        var won = raw.Owners.Sum(o => o.Won);
        var wonAmount = raw.Owners.Sum(o => o.WonAmount);
        return new Funnel(query.PipelineId, from, to, owner, raw.Owners.Sum(o => o.Entered), funnel,
            won, wonAmount, raw.Owners.Sum(o => o.Lost), raw.Owners.Sum(o => o.LostAmount),
            forecast, new FunnelPlan(department.Amount, department.Count, wonAmount, won), owners);
    }

    /// <summary>Per month, the department's own line where it has one, else the sum of its managers' lines.</summary>
    private static (decimal Amount, int Count) DepartmentPlan(IReadOnlyList<(string Period, PlanLine Line)> lines)
    {
        var (amount, count) = (0m, 0);
        foreach (var month in lines.GroupBy(l => l.Period))
        {
            var own = month.Select(l => l.Line).FirstOrDefault(l => l.UserId is null);
            amount += own?.Amount ?? month.Sum(l => l.Line.Amount);
            count += own?.Count ?? month.Sum(l => l.Line.Count);
        }

        return (amount, count);
    }
}
