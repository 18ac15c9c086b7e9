using OrleansCrm.Billing.Money;
using OrleansCrm.BuildingBlocks.Printing;

namespace OrleansCrm.Billing.Documents;

/// <summary>What a new document is made of, before it is stored (a draft) or issued.</summary>
/// <param name="Period">The month billed (its first day) for the monthly run's documents; null for manual ones.</param>
public sealed record NewDocument(
    DocumentKind Kind,
    Guid ClientId,
    Guid? ContractId,
    DateOnly? Period,
    DateOnly IssuedOn,
    DateOnly? DueOn,
    IReadOnlyList<DocumentLine> Lines,
    bool PricesIncludeVat,
    PrintedParty Buyer,
    DocumentBasis? Basis,
    string? Note = null,
    IReadOnlyList<MonthlyRun.DayRange>? FeeDays = null);

/// <summary>A document as stored: its columns (money in hryvnias here, kopiykas in the table) and its body.</summary>
public sealed record StoredDocument(
    Guid Id,
    DocumentKind Kind,
    DocumentStatus Status,
    string? Number,
    Guid ClientId,
    Guid? ContractId,
    DateOnly? Period,
    DateOnly? IssuedOn,
    DateOnly? DueOn,
    decimal Net,
    decimal Vat,
    decimal Total,
    decimal Paid,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? CancelReason,
    DocumentBody Body);
