using System.Globalization;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.Payments.Statements;

/// <summary>
/// An incoming payment read from a bank statement, whatever the file's format.
/// </summary>
/// <param name="BankAccount">The company's account that received it (an IBAN, upper case, no spaces).</param>
/// <param name="DocumentNumber">The payer's payment order number.</param>
/// <param name="Date">The payment order's date (1C: <c>Дата</c>; CSV: the mapped date).</param>
/// <param name="Amount">In hryvnias, whole kopiykas, greater than zero.</param>
/// <param name="PayerTaxId">ЄДРПОУ (8 digits) or РНОКПП (10 digits) as the bank gave it, or null.</param>
/// <param name="PayerIban">The payer's account, upper case, no spaces, or null.</param>
/// <param name="Purpose">Призначення платежу, where the invoice number is looked for.</param>
/// <param name="ReceivedOn">When it reached the account (1C: <c>ДатаПоступило</c>), if the file says.</param>
/// <param name="Line">The file's line the payment starts on, for messages.</param>
public sealed record StatementPayment(
    string BankAccount,
    string DocumentNumber,
    DateOnly Date,
    decimal Amount,
    string PayerName,
    string? PayerTaxId,
    string? PayerIban,
    string Purpose,
    DateOnly? ReceivedOn,
    int Line)
{
    /// <summary>What makes an imported statement idempotent: the same payment read twice has the same key.</summary>
    public PaymentKey Key => new(BankAccount, DocumentNumber, Date, Amount);
}

/// <summary>A payment's identity across imports: bank account, document number, date and amount.</summary>
public readonly record struct PaymentKey(string BankAccount, string DocumentNumber, DateOnly Date, decimal Amount)
{
    /// <summary>One string for a unique index: <c>UA…|123|2026-12-01|1500.00</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{BankAccount}|{DocumentNumber}|{Date:yyyy-MM-dd}|{Amount:0.00}");
}

/// <summary>What is wrong with one line of a statement file, as a code the reader's language renders.</summary>
public sealed record StatementProblem(int Line, ServerText Message);

/// <summary>
/// A statement file read: the incoming payments, how many outgoing documents were skipped, and every problem found.
/// A file with any problem is refused whole (<see cref="Refused"/>): nothing of it may be imported.
/// </summary>
public sealed record StatementReading(IReadOnlyList<StatementPayment> Payments, int SkippedOutgoing, IReadOnlyList<StatementProblem> Problems)
{
    public bool Refused => Problems.Count > 0;

    internal static StatementReading Failed(params StatementProblem[] problems) => new([], 0, problems);
}
