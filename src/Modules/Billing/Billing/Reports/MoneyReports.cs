using Mediator;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Billing.Reports;

/// <summary>The wall's figures and largest debtors (<c>GET /api/billing/summary</c>), in hryvnias.</summary>
/// <param name="Today">The company's calendar day the figures are for.</param>
/// <param name="Overdue">Open invoices' amounts past due: not part of <see cref="Expected7"/> or <see cref="Expected30"/>.</param>
public sealed record MoneySummary(
    decimal CashToday, decimal CashMonth, decimal InvoicedMonth, decimal PaidMonth, decimal Expected7, decimal Expected30, decimal Overdue,
    DateTimeOffset At, DateOnly Today, IReadOnlyList<Debtor> Debtors)
{
    public MoneyChanged ToEvent() => new(CashToday, CashMonth, InvoicedMonth, PaidMonth, Expected7, Expected30, Overdue, At);
}

/// <summary>A client with amounts past due: what is owed by aging bucket and the days the oldest unpaid invoice is late.</summary>
public sealed record Debtor(Guid ClientId, string ClientName, decimal Overdue, decimal Total, int DaysOverdue, AgingAmounts Aging);

/// <summary>A client's receivables on a day, by aging bucket.</summary>
public sealed record ClientReceivable(Guid ClientId, string ClientName, int Invoices, DateOnly OldestDueOn, int DaysOverdue, AgingAmounts Aging);

/// <summary>
/// One month (2026-12): the invoices issued in it, what has been paid of those invoices so far, and the cash received in
/// it (whatever it paid).
/// </summary>
public sealed record MonthMoney(string Month, decimal Invoiced, decimal Paid, decimal Received);

/// <summary>An open invoice's amount due within the window asked about.</summary>
public sealed record ExpectedInvoice(Guid Id, string? Number, DateOnly DueOn, decimal Amount);

/// <summary>One client's expected receipts: the sum and the invoices behind it, earliest due first.</summary>
public sealed record ClientExpected(Guid ClientId, string ClientName, decimal Amount, IReadOnlyList<ExpectedInvoice> Invoices);

/// <summary>
/// The money figures, read from the documents and payments tables on the company's calendar day (see
/// <see cref="MoneyReadings"/> for what counts). Expected receipts for N days are open invoices' amounts due from today
/// to today + N − 1; amounts already past due are <c>overdue</c>, apart, since they are debts rather than receipts
/// to plan on. Clients are named through the Clients module.
/// </summary>
public sealed class MoneyReports
{
    /// <summary>Debtors the summary names: the wall shows five, the rest are a glance further.</summary>
    public const int SummaryDebtors = 10;

    private readonly MoneyReadings _readings;
    private readonly CompanyCalendar _calendar;
    private readonly ISender _sender;

    internal MoneyReports(MoneyReadings readings, CompanyCalendar calendar, ISender sender)
    {
        _readings = readings;
        _calendar = calendar;
        _sender = sender;
    }

    public CompanyCalendar Calendar => _calendar;

    /// <param name="debtors">False for the figures alone (the live event carries no debtors): no names to look up.</param>
    public async Task<MoneySummary> SummaryAsync(bool debtors = true, CancellationToken cancellationToken = default)
    {
        var at = _calendar.Now;
        var today = _calendar.Today;
        var month = await _readings.MonthToDateAsync(today, cancellationToken);
        var open = await _readings.ReceivablesAsync(today, today, cancellationToken);

        long Due(int days) => open.Where(r => r.DueOn >= today && r.DueOn < today.AddDays(days)).Sum(r => r.Outstanding);
        var overdue = open.Where(r => r.DueOn < today).Sum(r => r.Outstanding);

        List<ClientReceivable> byClient = !debtors ? [] : ByClient(open, today).Where(c => c.Aging.Overdue > 0)
            .OrderByDescending(c => c.Aging.Overdue).ThenByDescending(c => c.Aging.Total).ThenBy(c => c.ClientId)
            .Take(SummaryDebtors).ToList();
        var names = await NamesAsync(byClient.Select(c => c.ClientId), cancellationToken);
        var largest = byClient.Select(c => new Debtor(c.ClientId, NameOf(names, c.ClientId), c.Aging.Overdue, c.Aging.Total, c.DaysOverdue, c.Aging)).ToList();

        return new MoneySummary(
            Hryvnias(month.CashToday), Hryvnias(month.CashMonth), Hryvnias(month.InvoicedMonth), Hryvnias(month.PaidMonth),
            Hryvnias(Due(7)), Hryvnias(Due(30)), Hryvnias(overdue), at, today, largest);
    }

    /// <summary>Every client owing something on <paramref name="asOf"/> (today when null), named, by aging bucket.</summary>
    public async Task<(DateOnly AsOf, IReadOnlyList<ClientReceivable> Clients)> ReceivablesAsync(DateOnly? asOf, CancellationToken cancellationToken = default)
    {
        var today = _calendar.Today;
        var day = asOf ?? today;
        var open = await _readings.ReceivablesAsync(day, today, cancellationToken);
        var clients = ByClient(open, day);
        var names = await NamesAsync(clients.Select(c => c.ClientId), cancellationToken);
        return (day, clients.Select(c => c with { ClientName = NameOf(names, c.ClientId) }).ToList());
    }

    /// <summary>Open invoices' amounts due from today through today + <paramref name="days"/> − 1, by client, and what is overdue.</summary>
    public async Task<(DateOnly From, DateOnly To, decimal Overdue, IReadOnlyList<ClientExpected> Clients)> ExpectedAsync(int days, CancellationToken cancellationToken = default)
    {
        var today = _calendar.Today;
        var open = await _readings.ReceivablesAsync(today, today, cancellationToken);
        var end = today.AddDays(days);
        var due = open.Where(r => r.DueOn >= today && r.DueOn < end).ToList();
        var names = await NamesAsync(due.Select(r => r.ClientId), cancellationToken);
        var clients = due.GroupBy(r => r.ClientId)
            .Select(g => new ClientExpected(
                g.Key, NameOf(names, g.Key), Hryvnias(g.Sum(r => r.Outstanding)),
                g.OrderBy(r => r.DueOn).ThenBy(r => r.Number, StringComparer.Ordinal)
                    .Select(r => new ExpectedInvoice(r.Id, r.Number, r.DueOn, Hryvnias(r.Outstanding))).ToList()))
            .OrderByDescending(c => c.Amount).ThenBy(c => c.ClientName, StringComparer.CurrentCulture)
            .ToList();
        return (today, end.AddDays(-1), Hryvnias(open.Where(r => r.DueOn < today).Sum(r => r.Outstanding)), clients);
    }

    /// <summary>The last <paramref name="months"/> months, this one included, oldest first.</summary>
    public async Task<IReadOnlyList<MonthMoney>> MonthlyAsync(int months, CancellationToken cancellationToken = default)
    {
        var today = _calendar.Today;
        var last = new DateOnly(today.Year, today.Month, 1);
        var totals = await _readings.MonthlyAsync(last.AddMonths(1 - months), last, cancellationToken);
        return totals.Select(m => new MonthMoney(m.Month, Hryvnias(m.Invoiced), Hryvnias(m.Paid), Hryvnias(m.Received))).ToList();
    }

    public static decimal Hryvnias(long kopiykas) => kopiykas / 100m;

    private static List<ClientReceivable> ByClient(IReadOnlyList<Receivable> open, DateOnly asOf) =>
        open.GroupBy(r => r.ClientId).Select(g =>
        {
            var aging = g.Aggregate(AgingAmounts.Zero, (sum, r) => sum.Add(Aging.Of(r.DueOn, asOf), Hryvnias(r.Outstanding)));
            var oldest = g.Min(r => r.DueOn);
            return new ClientReceivable(g.Key, "", g.Count(), oldest, Math.Max(0, Aging.DaysLate(oldest, asOf)), aging);
        }).ToList();

    private async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var batch in ids.Distinct().Chunk(OrleansCrm.BuildingBlocks.Names.INamesQuery.Max))
        {
            foreach (var (id, name) in await _sender.Send(new GetClientNames(batch), cancellationToken))
            {
                names[id] = name;
            }
        }

        return names;
    }

    /// <summary>A client the Clients module does not know (removed, or written by a test) still shows, by its id.</summary>
    private static string NameOf(IReadOnlyDictionary<Guid, string> names, Guid id) => names.TryGetValue(id, out var name) ? name : id.ToString("D");
}
