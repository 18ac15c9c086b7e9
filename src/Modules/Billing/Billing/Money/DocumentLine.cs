namespace OrleansCrm.Billing.Money;

/// <summary>
/// One line of an invoice, act or proposal: the service, how much of it (hours, months, pieces), the unit's name as printed,
/// the price of one unit, and the line's VAT rate (<see cref="VatRates"/>; null is exempt). Whether the price includes VAT
/// is the document's choice (<see cref="DocumentTotals.Calculate"/>), not the line's.
/// </summary>
public sealed record DocumentLine(string Service, decimal Quantity, string Unit, decimal Price, int? VatRate);
