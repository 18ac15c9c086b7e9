using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Money;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.MonthlyRun;

/// <summary>
/// What the monthly run bills a contract for one period, decided without storage: the lines (a subscription's monthly
/// fee "Абонентське обслуговування за грудень 2026" and its contract lines every month; a one-off contract's lines once),
/// or why it bills nothing, or why it cannot be billed (a reason the run lists, in the reader's language).
/// </summary>
public static class ContractBilling
{
    public const string MonthUnit = "міс.";

    /// <summary>Lines to bill, or null with <paramref name="skip"/> (nothing due) or <paramref name="failure"/> (cannot bill).</summary>
    public static IReadOnlyList<DocumentLine>? Lines(BillableContract contract, DateOnly period, out ServerText? skip, out ServerText? failure)
    {
        skip = null;
        failure = null;
        if (contract.Status is ContractStatus.Draft or ContractStatus.Suspended)
        {
            skip = BillingTexts.Say("RunSkipStatus", BillingTexts.Label(contract.Status));
            return null;
        }

        var terms = contract.Terms;
        var lines = new List<DocumentLine>();
        if (contract.Kind is ContractKind.Support or ContractKind.Its && terms.MonthlyFee > 0)
        {
            lines.Add(new DocumentLine(FeeLine(period), 1, MonthUnit, terms.MonthlyFee, terms.VatRate));
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
