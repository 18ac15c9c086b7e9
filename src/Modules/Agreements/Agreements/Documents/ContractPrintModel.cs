using OrleansCrm.BuildingBlocks.Printing;
namespace OrleansCrm.Agreements.Documents;

/// <summary>
/// The facts a contract's text is filled with, independent of storage: the agreements module builds it from a contract
/// and the requisites in force on its date. <see cref="MonthlyFeeInWords"/> comes computed, like every total in words.
/// </summary>
public sealed record ContractPrintModel
{
    public required string Number { get; init; }
    public required DateOnly SignedOn { get; init; }
    public required string City { get; init; }
    public required DateOnly StartsOn { get; init; }
    public required DateOnly EndsOn { get; init; }
    public required bool AutoRenew { get; init; }
    public required decimal MonthlyFee { get; init; }
    public required string MonthlyFeeInWords { get; init; }

    /// <summary>In percent (20, 7, 0); null when exempt. Ignored when the supplier does not pay VAT.</summary>
    public decimal? VatRate { get; init; }

    /// <summary>Whether <see cref="MonthlyFee"/> already includes VAT (the issue's <c>pricesIncludeVat</c>).</summary>
    public bool PricesIncludeVat { get; init; }

    public required decimal IncludedHours { get; init; }

    /// <summary>The price of an hour beyond the included ones, before VAT like the fee.</summary>
    public required decimal ExtraHourRate { get; init; }

    public required int PaymentDays { get; init; }
    public required IReadOnlyList<string> Services { get; init; }
    public required PrintedParty Supplier { get; init; }
    public required PrintedParty Client { get; init; }
}
