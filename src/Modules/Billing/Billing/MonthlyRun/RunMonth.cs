using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.MonthlyRun;

/// <summary><c>GET /api/billing/runs/preview?period=2026-12</c>.</summary>
public sealed record PreviewRun(string Period) : IQuery<RunPreview>;

/// <summary><c>POST /api/billing/runs {period}</c>: documents dated today.</summary>
public sealed record RunMonth(string Period) : ICommand<RunResult>;

public sealed class PreviewRunValidator : AbstractValidator<PreviewRun>
{
    public PreviewRunValidator() => RuleFor(q => q.Period).NotEmpty().Must(p => BillingPeriods.TryParse(p, out _)).WithText(BillingTexts.Code("PeriodInvalid"));
}

public sealed class RunMonthValidator : AbstractValidator<RunMonth>
{
    public RunMonthValidator() => RuleFor(q => q.Period).NotEmpty().Must(p => BillingPeriods.TryParse(p, out _)).WithText(BillingTexts.Code("PeriodInvalid"));
}

/// <summary>Both read the contracts to bill from Agreements (one query), then hand them to <see cref="MonthlyRunService"/>.</summary>
public sealed class RunMonthHandler(ISender sender, MonthlyRunService run, CompanyCalendar calendar)
    : IQueryHandler<PreviewRun, RunPreview>, ICommandHandler<RunMonth, RunResult>
{
    public async ValueTask<RunPreview> Handle(PreviewRun query, CancellationToken cancellationToken)
    {
        BillingPeriods.TryParse(query.Period, out var period);
        var contracts = await sender.Send(new ListBillableContracts(period), cancellationToken);
        return await run.PreviewAsync(period, contracts, cancellationToken);
    }

    public async ValueTask<RunResult> Handle(RunMonth command, CancellationToken cancellationToken)
    {
        BillingPeriods.TryParse(command.Period, out var period);
        var contracts = await sender.Send(new ListBillableContracts(period), cancellationToken);
        return await run.RunAsync(period, contracts, calendar.Today, cancellationToken);
    }
}
