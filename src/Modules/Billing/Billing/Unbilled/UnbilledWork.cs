using System.Globalization;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.Billing.Unbilled;

/// <summary>
/// The rules that turn the service desk's work and the contracts into unbilled-work items; pure, so tests call it with
/// any contracts. Descriptions are Ukrainian: they become invoice lines as printed.
/// </summary>
public static class UnbilledWork
{
    public const string HourUnit = "год";
    public const string ServiceUnit = "послуга";

    /// <summary>
    /// One item per resolved billable ticket: the hours logged on it (to the hundredth), or one service when nobody
    /// logged time. No price: the invoice sets it (the contract says nothing of one-off work).
    /// </summary>
    public static IEnumerable<UnbilledCandidate> FromTickets(IEnumerable<ResolvedBillableTicket> tickets) =>
        tickets.Select(t => new UnbilledCandidate(
            UnbilledSource.Ticket,
            t.Id.ToString(),
            t.ClientId,
            ContractId: null,
            TicketId: t.Id,
            Period: null,
            Truncate($"Роботи за зверненням {t.DisplayNumber}: {t.Subject}"),
            t.MinutesLogged > 0 ? Hours(t.MinutesLogged) : 1m,
            t.MinutesLogged > 0 ? HourUnit : ServiceUnit,
            Price: null));

    /// <summary>
    /// For each month, each client whose time on non-billable tickets goes beyond the hours its contracts in force that
    /// month include: one item for the hours over, at the extra-hour rate. The included hours of all the client's
    /// contracts count together; the item belongs to the contract with the most included hours (the earliest on a tie),
    /// whose rate it takes. A client without included hours gets none (its billable tickets are items of their own).
    /// </summary>
    public static IEnumerable<UnbilledCandidate> FromHours(IEnumerable<ClientMonthMinutes> minutes, IReadOnlyDictionary<DateOnly, IReadOnlyList<BillableContract>> contractsByMonth)
    {
        foreach (var logged in minutes)
        {
            if (!contractsByMonth.TryGetValue(logged.Month, out var contracts))
            {
                continue;
            }

            var covering = contracts.Where(c => c.ClientId == logged.ClientId && c.Terms.IncludedHours > 0).ToList();
            if (covering.Count == 0)
            {
                continue;
            }

            var included = covering.Sum(c => c.Terms.IncludedHours);
            var over = Hours(logged.Minutes - logged.BillableMinutes) - included;
            if (over <= 0)
            {
                continue;
            }

            var contract = covering.OrderByDescending(c => c.Terms.IncludedHours).ThenBy(c => c.StartsOn).ThenBy(c => c.ContractId).First();
            yield return new UnbilledCandidate(
                UnbilledSource.HoursOver,
                KeyOf(contract.ContractId, logged.Month),
                logged.ClientId,
                contract.ContractId,
                TicketId: null,
                logged.Month,
                Truncate($"Роботи понад включені години ({included.ToString("0.##", CultureInfo.InvariantCulture)} год) за {logged.Month:MM.yyyy}, договір № {contract.Number}"),
                over,
                HourUnit,
                contract.Terms.ExtraHourRate);
        }
    }

    /// <summary>
    /// Hours over (from <see cref="FromHours"/>) less what is settled already for the same client and month: hours logged
    /// late, after the month's item was invoiced or written off, become an item of their own for the hours beyond the
    /// settled ones only (<c>{contract id}/2026-12/2</c>, then <c>/3</c>…), which follows the time while it is open like the
    /// first one. Nothing settled: the candidate as found. All settled already: none (an open late item is then pruned).
    /// </summary>
    public static IEnumerable<UnbilledCandidate> BeyondSettled(IEnumerable<UnbilledCandidate> hours, IReadOnlyList<StoredHours> stored)
    {
        foreach (var candidate in hours)
        {
            var mine = stored.Where(s => s.ClientId == candidate.ClientId && s.Period == candidate.Period).ToList();
            var settled = mine.Where(s => !s.Open).Sum(s => s.Quantity);
            if (settled == 0)
            {
                yield return candidate;
                continue;
            }

            var rest = candidate.Quantity - settled;
            if (rest <= 0)
            {
                continue;
            }

            yield return candidate with
            {
                SourceKey = mine.FirstOrDefault(s => s.Open)?.SourceKey ?? $"{candidate.SourceKey}/{mine.Count + 1}",
                Quantity = rest,
                Description = Truncate($"{candidate.Description}, понад уже враховані {settled.ToString("0.##", CultureInfo.InvariantCulture)} год"),
            };
        }
    }

    /// <summary>
    /// The monthly fee for the days of <paramref name="period"/> a contract was in force that nothing billed: neither the
    /// run's invoice (<paramref name="runInvoices"/>: the days its fee line billed, null for an invoice made before they
    /// were kept, which is taken to have billed them all) nor a fee-days item already found (<paramref name="billedApart"/>,
    /// whatever became of it). Only contracts a suspension touched in the month are looked at: those are the ones whose
    /// days come back into force after a run (a resumption). Without a run invoice the run is left to bill them until the
    /// month has been run (<paramref name="runDone"/>); after that the contract was skipped (suspended then), and its days
    /// become items. One item per run of consecutive days, priced as the run prorates (<see cref="FeeDays.LineFor"/>).
    /// </summary>
    public static IEnumerable<UnbilledCandidate> FromFeeDays(
        DateOnly period, IEnumerable<BillableContract> contracts, IReadOnlyDictionary<Guid, IReadOnlyList<DayRange>?> runInvoices,
        IReadOnlyDictionary<Guid, HashSet<DateOnly>> billedApart, bool runDone)
    {
        foreach (var contract in contracts.Where(c => SuspendedWithin(c, period)))
        {
            HashSet<DateOnly> covered = [];
            if (runInvoices.TryGetValue(contract.ContractId, out var billed))
            {
                if (billed is null)
                {
                    continue;
                }

                covered.UnionWith(billed.SelectMany(r => r.Each()));
            }
            else if (!runDone)
            {
                continue;
            }

            if (billedApart.TryGetValue(contract.ContractId, out var apart))
            {
                covered.UnionWith(apart);
            }

            foreach (var days in FeeDays.Ranges(contract.DaysInForceOf(period).Where(d => !covered.Contains(d))))
            {
                var line = FeeDays.LineFor(period, contract.Terms, days);
                yield return new UnbilledCandidate(
                    UnbilledSource.FeeDays,
                    FeeDaysKey(contract.ContractId, days),
                    contract.ClientId,
                    contract.ContractId,
                    TicketId: null,
                    period,
                    Truncate($"{line.Service}, договір № {contract.Number}"),
                    line.Quantity,
                    line.Unit,
                    line.Price);
            }
        }
    }

    /// <summary>Whether a contract's monthly fee is billed and a suspension of it covers a day of the month.</summary>
    private static bool SuspendedWithin(BillableContract contract, DateOnly period)
    {
        var monthEnd = period.AddMonths(1).AddDays(-1);
        return contract.Kind is ContractKind.Support or ContractKind.Its && contract.Terms.MonthlyFee > 0 && contract.Status != ContractStatus.Draft
            && contract.Suspensions is { Count: > 0 } suspensions && suspensions.Any(s => s.From <= monthEnd && (s.To is not { } to || to >= period));
    }

    /// <summary>The key of a fee-days item: <c>{contract id}/2026-12/20-31</c> (the month, the first and last day).</summary>
    public static string FeeDaysKey(Guid contractId, DayRange days) =>
        $"{contractId}/{days.From.ToString("yyyy-MM", CultureInfo.InvariantCulture)}/{days.From.Day}-{days.To.Day}";

    /// <summary>The days a fee-days key names, or null for a key of another shape.</summary>
    public static DayRange? DaysOfKey(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3 || !DateOnly.TryParseExact(parts[1] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return null;
        }

        var days = parts[2].Split('-');
        return days.Length == 2 && int.TryParse(days[0], CultureInfo.InvariantCulture, out var from) && int.TryParse(days[1], CultureInfo.InvariantCulture, out var to)
            && from >= 1 && to >= from && to <= DateTime.DaysInMonth(month.Year, month.Month)
            ? new DayRange(month.AddDays(from - 1), month.AddDays(to - 1)) : null;
    }

    /// <summary>The key of hours over for a contract and month: <c>{contract id}/2026-12</c>.</summary>
    public static string KeyOf(Guid contractId, DateOnly month) => $"{contractId}/{month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    /// <summary>Minutes as hours to the hundredth, half away from zero (90 → 1.5, 100 → 1.67).</summary>
    public static decimal Hours(int minutes) => Math.Round(minutes / 60m, 2, MidpointRounding.AwayFromZero);

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..499] + "…";
}

/// <summary>An hours-over item as stored: the sync subtracts the settled ones' hours from the month's hours over.</summary>
public sealed record StoredHours(string SourceKey, Guid ClientId, DateOnly Period, decimal Quantity, bool Open);
