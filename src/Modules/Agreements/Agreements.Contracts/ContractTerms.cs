namespace OrleansCrm.Agreements.Contracts;

// Stored by number in grain state (StoredEnums.txt in Host.Tests guards it): keep every value; a new member takes a new one.
public enum ContractKind
{
    /// <summary>Support subscription: a monthly fee, included hours, services covered.</summary>
    Support = 0,
    /// <summary>One-off services: lines billed once.</summary>
    OneOff = 1,
    /// <summary>ITS subscription (1C's information and technology support).</summary>
    Its = 2,
    /// <summary>Qualified electronic signature (КЕП) issuance; the template varies for budget institutions.</summary>
    Qes = 3,
}

// Stored by number in grain state (StoredEnums.txt in Host.Tests guards it): keep every value; a new member takes a new one.
public enum ContractStatus
{
    Draft = 0,
    Active = 1,
    Suspended = 2,
    Terminated = 3,
    Expired = 4,
}

/// <summary>A priced line of a contract, billed every period (or once, for a one-off contract).</summary>
/// <param name="VatRate">In percent (20, 7, 0); null when the line is exempt from VAT.</param>
[GenerateSerializer, Immutable]
public sealed record ContractLine(
    [property: Id(0)] string Service,
    [property: Id(1)] decimal Quantity,
    [property: Id(2)] string Unit,
    [property: Id(3)] decimal Price,
    [property: Id(4)] int? VatRate);

/// <summary>
/// What a contract charges from <see cref="EffectiveFrom"/> on: the contract's first terms, then one per supplementary
/// agreement. Fees and prices are before VAT unless <see cref="PricesIncludeVat"/>.
/// </summary>
/// <param name="VatRate">The fee's VAT rate in percent (20, 7, 0); null when exempt.</param>
[GenerateSerializer, Immutable]
public sealed record ContractTerms(
    [property: Id(0)] DateOnly EffectiveFrom,
    [property: Id(1)] decimal MonthlyFee,
    [property: Id(2)] decimal IncludedHours,
    [property: Id(3)] int? VatRate,
    [property: Id(4)] bool PricesIncludeVat,
    [property: Id(5)] decimal ExtraHourRate,
    [property: Id(6)] IReadOnlyList<ContractLine> Lines,
    [property: Id(7)] IReadOnlyList<string> Services);
