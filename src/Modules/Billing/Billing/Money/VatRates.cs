namespace OrleansCrm.Billing.Money;

/// <summary>
/// VAT rates per document line, in percent: 20 (basic), 7 (reduced), 0 (zero-rated), or null for a supply exempt from VAT
/// (software licences under п. 26¹ підрозд. 2 розд. XX ПКУ, for instance). One invoice may mix exempt and taxed lines,
/// so the rate belongs to the line, not the document.
/// </summary>
public static class VatRates
{
    public const int Basic = 20;
    public const int Reduced = 7;
    public const int Zero = 0;

    public static readonly IReadOnlyList<int> Allowed = [Basic, Reduced, Zero];

    /// <summary>20, 7, 0 or null (exempt).</summary>
    public static bool IsAllowed(int? rate) => rate is null or Basic or Reduced or Zero;
}
