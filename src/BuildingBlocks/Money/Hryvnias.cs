namespace OrleansCrm.BuildingBlocks.Money;

/// <summary>
/// Amounts are hryvnias held as <see cref="decimal"/> and rounded to the kopiyka half away from zero
/// (<see cref="MidpointRounding.AwayFromZero"/>: 0.005 becomes 0.01), which is how Ukrainian accounting and tax rules round
/// (ПКУ counts VAT to the kopiyka by the arithmetic rule); .NET's default banker's rounding would turn 0.125 into 0.12.
/// </summary>
public static class Hryvnias
{
    /// <summary>Rounds to whole kopiykas, half away from zero.</summary>
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>Whether the amount is already a whole number of kopiykas.</summary>
    public static bool IsWholeKopiykas(decimal amount) => Round(amount) == amount;
}
