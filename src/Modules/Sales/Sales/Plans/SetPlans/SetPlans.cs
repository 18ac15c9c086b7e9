using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Plans.Board;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Plans.SetPlans;

/// <summary>One line of <c>PUT /api/plans/{period}</c>: a manager's plan, or the department's own when <see cref="UserId"/> is null.</summary>
public sealed record PlanItem(Guid? UserId, decimal Amount, int Count);

/// <summary>The body of <c>PUT /api/plans/{period}</c>.</summary>
public sealed record PlanItems(IReadOnlyList<PlanItem>? Items);

/// <summary>A month's plans, replacing the period's lines whole (a manager left out has no plan for it).</summary>
public sealed record SetPlans(string Period, IReadOnlyList<PlanItem>? Items) : ICommand<MonthPlans>;

/// <summary>A month's plans as <c>GET /api/plans/{period}</c> answers them; <see cref="PlanRow.UserId"/> null is the department's line.</summary>
public sealed record MonthPlans(string Period, IReadOnlyList<PlanRow> Items);

public sealed record PlanRow(Guid? UserId, string? Name, decimal Amount, int Count);

/// <summary><c>GET /api/plans/{period}</c>: a Manager gets their own line and the department's.</summary>
public sealed record GetPlans(string Period) : IQuery<MonthPlans>
{
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed class SetPlansValidator : AbstractValidator<SetPlans>
{
    /// <summary>A hundred million hryvnias a month: beyond it a typo, not a plan.</summary>
    public const decimal MaxAmount = 100_000_000m;

    public const int MaxItems = 500;

    public SetPlansValidator()
    {
        RuleFor(c => c.Period).Must(p => SalesPeriods.TryParse(p, out _)).WithText(SalesTexts.Code("Plans_PeriodInvalid"));
        RuleFor(c => c.Items).NotNull().WithText(SalesTexts.Code("Plans_ItemsRequired"));
        RuleFor(c => c.Items!.Count).LessThanOrEqualTo(MaxItems).When(c => c.Items is not null).OverridePropertyName("items")
            .WithText(SalesTexts.Code("Plans_TooManyLines"), MaxItems);
        RuleForEach(c => c.Items).NotNull().WithText(SalesTexts.Code("Plans_LineMissing")).ChildRules(item =>
        {
            item.RuleFor(i => i.UserId).NotEqual(Guid.Empty).WithText(SalesTexts.Code("Plans_UserInvalid"));
            item.RuleFor(i => i.Amount).InclusiveBetween(0m, MaxAmount).WithText(SalesTexts.Code("Plans_AmountInvalid"), MaxAmount)
                .PrecisionScale(14, 2, ignoreTrailingZeros: true).WithText(SalesTexts.Code("Plans_AmountInvalid"), MaxAmount);
            item.RuleFor(i => i.Count).Within(0, 100_000);
        });
        RuleForEach(c => c.Items).Must((command, item) => item is null || command.Items!.Count(i => i is not null && i.UserId == item.UserId) == 1)
            .When(c => c.Items is not null).WithText(SalesTexts.Code("Plans_PlanLineRepeated"));
    }
}

public sealed class GetPlansValidator : AbstractValidator<GetPlans>
{
    public GetPlansValidator() => RuleFor(q => q.Period).Must(p => SalesPeriods.TryParse(p, out _)).WithText(SalesTexts.Code("Plans_PeriodInvalid"));
}

public sealed class SetPlansHandler(PlanStore store, PlanNames names, IGrainFactory grains) : ICommandHandler<SetPlans, MonthPlans>, IQueryHandler<GetPlans, MonthPlans>
{
    public async ValueTask<MonthPlans> Handle(SetPlans command, CancellationToken cancellationToken)
    {
        SalesPeriods.TryParse(command.Period, out var period);
        await store.ReplaceAsync(period, command.Items!.Select(i => new PlanLine(i.UserId, i.Amount, i.Count)).ToList(), cancellationToken);
        await PlanBoard.ChangedAsync(grains);
        return await ReadAsync(period, SalesCaller.System, cancellationToken);
    }

    public async ValueTask<MonthPlans> Handle(GetPlans query, CancellationToken cancellationToken)
    {
        SalesPeriods.TryParse(query.Period, out var period);
        return await ReadAsync(period, query.Caller, cancellationToken);
    }

    private async Task<MonthPlans> ReadAsync(DateOnly period, SalesCaller caller, CancellationToken cancellationToken)
    {
        var lines = (await store.ReadAsync(period, period, cancellationToken))
            .Where(l => l.UserId is not { } user || caller.MaySee(user)).ToList();
        var named = await names.OfAsync(lines.Where(l => l.UserId is not null).Select(l => l.UserId!.Value), cancellationToken);
        var rows = lines.Select(l => new PlanRow(l.UserId, l.UserId is { } user ? named.GetValueOrDefault(user) : null, l.Amount, l.Count))
            .OrderBy(r => r.UserId is null ? 0 : 1).ThenBy(r => r.Name, StringComparer.CurrentCulture).ToList();
        return new MonthPlans(SalesPeriods.Key(period), rows);
    }
}
