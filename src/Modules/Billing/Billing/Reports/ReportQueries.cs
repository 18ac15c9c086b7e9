using FluentValidation;
using Mediator;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Billing.Reports;

// The money reports as Mediator queries: the endpoints and the pages send them. Who may read them (Director, SalesHead)
// is checked where the caller is known: the endpoints' role policy, the pages' workplace check (MoneyAccess).

/// <summary>The wall's figures and the largest debtors, now.</summary>
public sealed record GetMoneySummary : IQuery<MoneySummary>;

/// <summary>Nothing to get wrong: no arguments. Present because every message has a validator.</summary>
public sealed class GetMoneySummaryValidator : AbstractValidator<GetMoneySummary>
{
}

public sealed class GetMoneySummaryHandler(MoneyReports reports) : IQueryHandler<GetMoneySummary, MoneySummary>
{
    public async ValueTask<MoneySummary> Handle(GetMoneySummary query, CancellationToken cancellationToken) =>
        await reports.SummaryAsync(cancellationToken: cancellationToken);
}

/// <summary>
/// Receivables with aging by client on <paramref name="AsOf"/> (today when null), found by <paramref name="Search"/> (the
/// client's name, tax id, phone or e-mail, as the client search finds them), sorted by one of
/// <see cref="ReceivablesSort.Keys"/> (a leading '-' for descending; by default the largest total first), a page at a time.
/// </summary>
public sealed record GetReceivables(DateOnly? AsOf = null, string? Search = null, string? Sort = null, int Page = 1, int PageSize = 20)
    : IQuery<ReceivablesPage>;

/// <summary>A page of receivables; <see cref="Totals"/> and <see cref="Total"/> (the number of clients) cover every page.</summary>
public sealed record ReceivablesPage(DateOnly AsOf, AgingAmounts Totals, IReadOnlyList<ClientReceivable> Items, int Total);

public static class ReceivablesSort
{
    public const string Name = "name";
    public const string Total = "total";
    public const string Overdue = "overdue";
    public const string NotDue = "notDue";
    public const string Days0To30 = "days0To30";
    public const string Days31To60 = "days31To60";
    public const string Days61To90 = "days61To90";
    public const string Over90 = "over90";
    public const string DaysOverdue = "daysOverdue";

    public static readonly IReadOnlyList<string> Keys = [Name, Total, Overdue, NotDue, Days0To30, Days31To60, Days61To90, Over90, DaysOverdue];

    public static bool IsValid(string? sort) => sort is null || Keys.Contains(sort.StartsWith('-') ? sort[1..] : sort, StringComparer.Ordinal);

    internal static IEnumerable<ClientReceivable> Apply(IEnumerable<ClientReceivable> rows, string? sort)
    {
        var descending = sort is null || sort.StartsWith('-');
        var key = sort is null ? Total : sort.TrimStart('-');
        if (key == Name)
        {
            var byName = descending ? rows.OrderByDescending(r => r.ClientName, StringComparer.CurrentCulture) : rows.OrderBy(r => r.ClientName, StringComparer.CurrentCulture);
            return byName.ThenBy(r => r.ClientId);
        }

        Func<ClientReceivable, decimal> value = key switch
        {
            Overdue => r => r.Aging.Overdue,
            NotDue => r => r.Aging.NotDue,
            Days0To30 => r => r.Aging.Days0To30,
            Days31To60 => r => r.Aging.Days31To60,
            Days61To90 => r => r.Aging.Days61To90,
            Over90 => r => r.Aging.Over90,
            DaysOverdue => r => r.DaysOverdue,
            _ => r => r.Aging.Total,
        };
        var ordered = descending ? rows.OrderByDescending(value) : rows.OrderBy(value);
        return ordered.ThenBy(r => r.ClientName, StringComparer.CurrentCulture).ThenBy(r => r.ClientId);
    }
}

public sealed class GetReceivablesValidator : AbstractValidator<GetReceivables>
{
    public const int MaxPageSize = 200;

    public GetReceivablesValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
        RuleFor(q => q.Search).MaximumLength(200);
        RuleFor(q => q.Sort).Must(ReceivablesSort.IsValid).WithText(BillingTexts.Code("ReceivablesSortInvalid"), string.Join(", ", ReceivablesSort.Keys));
        RuleFor(q => q.AsOf).InclusiveBetween(new DateOnly(2000, 1, 1), new DateOnly(2100, 12, 31));
    }
}

public sealed class GetReceivablesHandler(MoneyReports reports, ISender sender) : IQueryHandler<GetReceivables, ReceivablesPage>
{
    /// <summary>Clients a search text may find: as many as the ticket list's search by client.</summary>
    private const int MaxClientsSearched = 200;

    public async ValueTask<ReceivablesPage> Handle(GetReceivables query, CancellationToken cancellationToken)
    {
        var (asOf, clients) = await reports.ReceivablesAsync(query.AsOf, cancellationToken);
        IEnumerable<ClientReceivable> rows = clients;
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            // The client search finds tax ids, phones and e-mails too; a part of a name is matched here as well, so a
            // debtor is found by what the page shows.
            var found = (await sender.Send(new FindClientIds(text, MaxClientsSearched), cancellationToken)).ToHashSet();
            rows = rows.Where(r => found.Contains(r.ClientId) || r.ClientName.Contains(text, StringComparison.CurrentCultureIgnoreCase));
        }

        var matching = rows.ToList();
        var totals = matching.Aggregate(AgingAmounts.Zero, (sum, r) => sum.Plus(r.Aging));
        var page = ReceivablesSort.Apply(matching, query.Sort).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        return new ReceivablesPage(asOf, totals, page, matching.Count);
    }
}

/// <summary>Expected receipts for the next <paramref name="Days"/> days (today included), by client with their invoices.</summary>
public sealed record GetExpectedReceipts(int Days) : IQuery<ExpectedReceipts>;

/// <param name="To">The last day counted.</param>
/// <param name="Overdue">Open invoices' amounts past due today: counted apart, not in <see cref="Total"/>.</param>
public sealed record ExpectedReceipts(int Days, DateOnly From, DateOnly To, decimal Total, decimal Overdue, IReadOnlyList<ClientExpected> Clients);

public sealed class GetExpectedReceiptsValidator : AbstractValidator<GetExpectedReceipts>
{
    public const int MaxDays = 92;

    public GetExpectedReceiptsValidator() => RuleFor(q => q.Days).InclusiveBetween(1, MaxDays);
}

public sealed class GetExpectedReceiptsHandler(MoneyReports reports) : IQueryHandler<GetExpectedReceipts, ExpectedReceipts>
{
    public async ValueTask<ExpectedReceipts> Handle(GetExpectedReceipts query, CancellationToken cancellationToken)
    {
        var (from, to, overdue, clients) = await reports.ExpectedAsync(query.Days, cancellationToken);
        return new ExpectedReceipts(query.Days, from, to, clients.Sum(c => c.Amount), overdue, clients);
    }
}

/// <summary>Invoiced against paid for the last <paramref name="Months"/> months, this one included.</summary>
public sealed record GetMonthlyMoney(int Months = 12) : IQuery<MonthlyMoney>;

public sealed record MonthlyMoney(IReadOnlyList<MonthMoney> Months);

public sealed class GetMonthlyMoneyValidator : AbstractValidator<GetMonthlyMoney>
{
    public const int MaxMonths = 36;

    public GetMonthlyMoneyValidator() => RuleFor(q => q.Months).InclusiveBetween(1, MaxMonths);
}

public sealed class GetMonthlyMoneyHandler(MoneyReports reports) : IQueryHandler<GetMonthlyMoney, MonthlyMoney>
{
    public async ValueTask<MonthlyMoney> Handle(GetMonthlyMoney query, CancellationToken cancellationToken) =>
        new(await reports.MonthlyAsync(query.Months, cancellationToken));
}
