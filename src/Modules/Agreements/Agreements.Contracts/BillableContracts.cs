using Mediator;

namespace OrleansCrm.Agreements.Contracts;

/// <summary>
/// A contract as the monthly run bills it for one period: the terms in force on the period's first day (or on the
/// contract's start, when it starts within the period).
/// </summary>
public sealed record BillableContract(
    Guid ContractId,
    string Number,
    DateOnly SignedOn,
    Guid ClientId,
    ContractKind Kind,
    ContractStatus Status,
    DateOnly StartsOn,
    DateOnly? EndsOn,
    ContractTerms Terms);

/// <summary>
/// The contracts to bill for the calendar month <paramref name="Period"/> (its first day): every contract in force on at
/// least one day of it (Active, or ended within it), each with the terms in force then. For the monthly run's preview
/// and run (Billing); read from the contracts' list table, so a run for thousands of contracts is one query.
/// </summary>
public sealed record ListBillableContracts(DateOnly Period) : IQuery<IReadOnlyList<BillableContract>>;

/// <summary>A client's contracts, newest first, for another module's card or package (Billing's document package).</summary>
public sealed record ListClientContracts(Guid ClientId) : IQuery<IReadOnlyList<BillableContract>>;

/// <summary>The contract's document as printed today: DOCX (editable) or PDF. Null when no contract has this id.</summary>
public sealed record RenderContractDocument(Guid ContractId, ContractDocumentFormat Format) : IQuery<ContractDocumentFile?>;

public enum ContractDocumentFormat
{
    Docx = 0,
    Pdf = 1,
}

public sealed record ContractDocumentFile(string FileName, string ContentType, byte[] Content);
