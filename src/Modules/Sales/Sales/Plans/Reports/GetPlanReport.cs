using FluentValidation;
using Mediator;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>
/// <c>GET /api/reports/plan?period=</c>: the month's plan against actual, for the company and per manager. Amounts in
/// hryvnias. Actual: deals won in the month (by owner). Paid: what the manager's clients paid against invoices in the
/// month (Billing's allocations by the day the money came). The company's plan is the department's own line when there
/// is one, else the sum of the managers' lines; its actual and paid count every deal and every client.
/// </summary>
public sealed record PlanReport(
    string Period,
    decimal PlanAmount,
    int PlanCount,
    decimal ActualAmount,
    int ActualCount,
    decimal PaidAmount,
    IReadOnlyList<PlanReportLine> Items);

public sealed record PlanReportLine(Guid UserId, string Name, decimal PlanAmount, decimal ActualAmount, decimal PaidAmount, int PlanCount, int ActualCount);

/// <summary>A Manager gets the company's totals and their own line only.</summary>
public sealed record GetPlanReport(string? Period) : IQuery<PlanReport>
{
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed class GetPlanReportValidator : AbstractValidator<GetPlanReport>
{
    public GetPlanReportValidator() =>
        RuleFor(q => q.Period).Must(p => SalesPeriods.TryParse(p, out _)).When(q => q.Period is not null).WithText(SalesTexts.Code("Plans_PeriodInvalid"));
}

public sealed class GetPlanReportHandler(PlanFigures figures) : IQueryHandler<GetPlanReport, PlanReport>
{
    public async ValueTask<PlanReport> Handle(GetPlanReport query, CancellationToken cancellationToken) =>
        await figures.ReportAsync(query.Period, query.Caller, cancellationToken);
}

/// <summary>The month's figures: the report, and the company's part the wall's plan tile shows.</summary>
public sealed class PlanFigures(PlanStore plans, PlanReadings readings, PlanNames names, CompanyCalendar calendar, ISender sender)
{
    public async Task<PlanReport> ReportAsync(string? periodKey, SalesCaller caller, CancellationToken cancellationToken)
    {
        var period = periodKey is not null && SalesPeriods.TryParse(periodKey, out var asked) ? asked : calendar.ThisMonth;
        var company = await CompanyAsync(period, cancellationToken);

        var users = company.Lines.Where(l => l.UserId is not null).Select(l => l.UserId!.Value)
            .Union(company.Won.Select(w => w.OwnerId))
            .Where(caller.MaySee).ToList();
        if (!caller.SeesAll && caller.UserId is { } self && !users.Contains(self))
        {
            users.Add(self); // a manager with no plan and no win still sees their (empty) line
        }

        var named = await names.OfAsync(users, cancellationToken);
        var items = new List<PlanReportLine>();
        foreach (var user in users)
        {
            // A CRM has tens of managers: one query each for their clients is cheaper than listing every client's manager.
            var clients = await sender.Send(new FindClientIdsOfManager(user), cancellationToken);
            var paid = clients.Sum(c => company.PaidByClient.GetValueOrDefault(c));
            var plan = company.Lines.FirstOrDefault(l => l.UserId == user);
            var won = company.Won.FirstOrDefault(w => w.OwnerId == user);
            items.Add(new PlanReportLine(user, named.GetValueOrDefault(user) ?? user.ToString(), plan?.Amount ?? 0, won?.Amount ?? 0, paid,
                plan?.Count ?? 0, won?.Count ?? 0));
        }

        return new PlanReport(SalesPeriods.Key(period), company.PlanAmount, company.PlanCount, company.ActualAmount, company.ActualCount, company.PaidAmount,
            items.OrderBy(i => i.Name, StringComparer.CurrentCulture).ToList());
    }

    /// <summary>The company's figures for a month, and what they were made of.</summary>
    public async Task<CompanyFigures> CompanyAsync(DateOnly period, CancellationToken cancellationToken)
    {
        var next = period.AddMonths(1);
        var lines = await plans.ReadAsync(period, period, cancellationToken);
        var won = await readings.WonAsync(calendar.StartOf(period), calendar.StartOf(next), cancellationToken);
        var paid = await sender.Send(new GetPaidByClient(period, next.AddDays(-1)), cancellationToken);
        var department = lines.FirstOrDefault(l => l.UserId is null);
        var managers = lines.Where(l => l.UserId is not null).ToList();
        return new CompanyFigures(
            period, department?.Amount ?? managers.Sum(l => l.Amount), department?.Count ?? managers.Sum(l => l.Count),
            won.Sum(w => w.Amount), won.Sum(w => w.Count), paid.Values.Sum(), lines, won, paid);
    }

    /// <summary>Deals won today (the company's day): how many and for how much.</summary>
    public async Task<(int Count, decimal Amount)> WonTodayAsync(CancellationToken cancellationToken)
    {
        var today = calendar.Today;
        var won = await readings.WonAsync(calendar.StartOf(today), calendar.StartOf(today.AddDays(1)), cancellationToken);
        return (won.Sum(w => w.Count), won.Sum(w => w.Amount));
    }
}

public sealed record CompanyFigures(
    DateOnly Period,
    decimal PlanAmount,
    int PlanCount,
    decimal ActualAmount,
    int ActualCount,
    decimal PaidAmount,
    IReadOnlyList<PlanLine> Lines,
    IReadOnlyList<WonDeals> Won,
    IReadOnlyDictionary<Guid, decimal> PaidByClient);
