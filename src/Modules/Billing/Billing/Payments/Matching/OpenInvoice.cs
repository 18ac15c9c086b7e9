namespace OrleansCrm.Billing.Payments.Matching;

/// <summary>An invoice still waiting for money, as the matcher sees it.</summary>
/// <param name="Number">The invoice's number as printed (the purpose text is searched for it).</param>
/// <param name="ClientTaxId">The client's ЄДРПОУ or РНОКПП.</param>
/// <param name="ClientIbans">The client's known accounts.</param>
/// <param name="AmountDue">What is left to pay.</param>
public sealed record OpenInvoice(
    Guid Id,
    string Number,
    Guid ClientId,
    string ClientName,
    string? ClientTaxId,
    IReadOnlyList<string> ClientIbans,
    decimal AmountDue);

/// <summary>A payment to match: what the statement says of it.</summary>
public sealed record IncomingPayment(decimal Amount, string Purpose, string? PayerTaxId, string? PayerIban, string PayerName = "");

/// <summary>Why a suggestion (or a settlement) was made; the reader sees it as <c>Billing.MatchReason_Value</c>.</summary>
public enum MatchReason
{
    /// <summary>The invoice's number is in the purpose and the amount is what it asks: settles by itself.</summary>
    NumberAndAmount = 0,

    /// <summary>The payer's tax id is the client's, the amount is what one open invoice asks and no other: settles by itself.</summary>
    TaxIdAndAmount = 1,

    /// <summary>Number and amount agree, but more than one open invoice carries that number.</summary>
    NumberAndAmountSeveralInvoices = 2,

    /// <summary>Tax id and amount agree with more than one of the client's open invoices.</summary>
    TaxIdAndAmountSeveralInvoices = 3,

    /// <summary>The number is there once Cyrillic and Latin look-alikes (Р/P, С/C, І/I…) are taken as one.</summary>
    NumberLookAlike = 4,

    /// <summary>The number is there with one digit mistyped, missing, added or two digits swapped.</summary>
    NumberTypo = 5,

    /// <summary>The payer's tax id differs from the client's by one digit.</summary>
    TaxIdTypo = 6,

    /// <summary>The payer's account is one of the client's and the amount agrees.</summary>
    IbanAndAmount = 7,

    /// <summary>Less than due, from the invoice's client (or naming the invoice).</summary>
    PartialPayment = 8,

    /// <summary>Several of the client's open invoices add up to the amount.</summary>
    SeveralInvoices = 9,

    /// <summary>The number is in the purpose but the amount is more than due (an overpayment, or another invoice's money).</summary>
    NumberAmountDiffers = 10,

    /// <summary>Only the amount agrees, with few enough open invoices to be worth a look.</summary>
    AmountOnly = 11,
}

/// <summary>One way the payment may settle invoices, ranked by <paramref name="Score"/> (0–100).</summary>
/// <param name="Invoices">The invoices it would settle: one, or several for <see cref="MatchReason.SeveralInvoices"/>.</param>
public sealed record MatchSuggestion(IReadOnlyList<OpenInvoice> Invoices, MatchReason Reason, int Score);

/// <summary>
/// What to do with a payment: settle <see cref="Settles"/> by itself, or leave it unknown with ranked suggestions.
/// </summary>
public sealed record MatchDecision(OpenInvoice? Settles, MatchReason? SettledBy, IReadOnlyList<MatchSuggestion> Suggestions)
{
    public bool IsAutomatic => Settles is not null;
}
