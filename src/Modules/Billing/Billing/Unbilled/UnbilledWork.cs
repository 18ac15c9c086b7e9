using System.Globalization;
using OrleansCrm.Agreements.Contracts;
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

    /// <summary>The key of hours over for a contract and month: <c>{contract id}/2026-12</c>.</summary>
    public static string KeyOf(Guid contractId, DateOnly month) => $"{contractId}/{month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    /// <summary>Minutes as hours to the hundredth, half away from zero (90 → 1.5, 100 → 1.67).</summary>
    public static decimal Hours(int minutes) => Math.Round(minutes / 60m, 2, MidpointRounding.AwayFromZero);

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..499] + "…";
}
