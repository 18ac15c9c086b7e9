using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Money;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.MonthlyRun;

/// <summary>
/// What the monthly run bills a contract for one period, decided without storage: the lines (a subscription's monthly
/// fee "Абонентське обслуговування за грудень 2026", prorated by the days in force, and its contract lines every month;
/// a one-off contract's lines once),
/// or why it bills nothing, or why it cannot be billed (a reason the run lists, in the reader's language).
/// </summary>
public static class ContractBilling
{
    public const string MonthUnit = "міс.";

    /// <summary>Lines to bill, or null with <paramref name="skip"/> (nothing due) or <paramref name="failure"/> (cannot bill).</summary>
    public static IReadOnlyList<DocumentLine>? Lines(BillableContract contract, DateOnly period, out ServerText? skip, out ServerText? failure) =>
        Lines(contract, period, NoDays, out _, out skip, out failure);

    /// <summary>
    /// As above, leaving out of the fee the days <paramref name="billedApart"/> (billed already as unbilled-work items of
    /// the days a resumption brought back); <paramref name="feeDays"/> are the days the fee line bills.
    /// </summary>
    public static IReadOnlyList<DocumentLine>? Lines(
        BillableContract contract, DateOnly period, IReadOnlySet<DateOnly> billedApart, out IReadOnlyList<DayRange> feeDays, out ServerText? skip, out ServerText? failure)
    {
        skip = null;
        failure = null;
        feeDays = [];
        // A suspended contract whose suspensions are not known (its row predates them) is not billed at all, as before; one
        // priced for a month outside its term (a package's proposal before it starts) is priced for the whole month.
        var monthDays = DateTime.DaysInMonth(period.Year, period.Month);
        var inTerm = contract.StartsOn <= period.AddDays(monthDays - 1) && (contract.EndsOn is not { } end || end >= period);
        IReadOnlyList<DateOnly> inForce = contract.Status == ContractStatus.Suspended && contract.Suspensions is not { Count: > 0 } ? []
            : inTerm ? contract.DaysInForceOf(period) : [.. Enumerable.Range(0, monthDays).Select(period.AddDays)];
        if (contract.Status == ContractStatus.Draft || inForce.Count == 0)
        {
            skip = BillingTexts.Say("RunSkipStatus", BillingTexts.Label(contract.Status));
            return null;
        }

        IReadOnlyList<DateOnly> days = billedApart.Count == 0 ? inForce : [.. inForce.Where(d => !billedApart.Contains(d))];
        var terms = contract.Terms;
        var lines = new List<DocumentLine>();
        if (contract.Kind is ContractKind.Support or ContractKind.Its && terms.MonthlyFee > 0 && days.Count > 0)
        {
            lines.Add(FeeFor(period, terms, days.Count));
            feeDays = FeeDays.Ranges(days);
        }

        lines.AddRange(terms.Lines.Select(l => new DocumentLine(l.Service, l.Quantity, l.Unit, l.Price, l.VatRate)));
        if (lines.Count == 0)
        {
            skip = BillingTexts.Say("RunSkipNothingToBill");
            return null;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line.Service) || line.Quantity <= 0 || line.Price < 0)
            {
                failure = BillingTexts.Say("RunLineInvalid", i + 1, line.Service ?? "");
                return null;
            }

            if (!VatRates.IsAllowed(line.VatRate))
            {
                failure = BillingTexts.Say("RunLineVatInvalid", i + 1, line.VatRate?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
                return null;
            }
        }

        return lines;
    }

    private static readonly IReadOnlySet<DateOnly> NoDays = new HashSet<DateOnly>();

    /// <summary>
    /// The month's fee for the days the contract was in force (within its term, not suspended) out of the month's days;
    /// a part of the month says so on the line ("(20 з 30 дн.)") and its price is that share, rounded to the kopiyka.
    /// </summary>
    public static DocumentLine FeeFor(DateOnly period, ContractTerms terms, int days)
    {
        var monthDays = DateTime.DaysInMonth(period.Year, period.Month);
        return days >= monthDays
            ? new DocumentLine(FeeLine(period), 1, MonthUnit, terms.MonthlyFee, terms.VatRate)
            : new DocumentLine($"{FeeLine(period)} ({days} з {monthDays} дн.)", 1, MonthUnit,
                Math.Round(terms.MonthlyFee * days / monthDays, 2, MidpointRounding.AwayFromZero), terms.VatRate);
    }

    /// <summary>Whether the contract is billed once only (its lines, in the first period it is billed).</summary>
    public static bool BilledOnce(BillableContract contract) => contract.Kind is ContractKind.OneOff or ContractKind.Qes;

    /// <summary>"Абонентське обслуговування за грудень 2026".</summary>
    public static string FeeLine(DateOnly period) =>
        $"Абонентське обслуговування за {UaFormat.Period(period, period.AddMonths(1).AddDays(-1))}";

    /// <summary>Why a client cannot be billed (none, or no tax id to print), or null when it can.</summary>
    public static ServerText? ClientProblem(BillableContract contract, BillingClient? client) =>
        client is null ? BillingTexts.Say("RunClientMissing", contract.ClientId.ToString())
        : string.IsNullOrWhiteSpace(client.TaxId) ? BillingTexts.Say("RunClientNoTaxId", client.Name)
        : null;
}
