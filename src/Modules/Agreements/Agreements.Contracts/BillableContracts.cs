using Mediator;

namespace OrleansCrm.Agreements.Contracts;

/// <summary>
/// A contract as the monthly run bills it for one period: the terms in force on the period's first day (or on the
/// contract's start, when it starts within the period), and the times it was suspended (the fee leaves those days out).
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
    ContractTerms Terms,
    IReadOnlyList<SuspensionPeriod>? Suspensions = null)
{
    /// <summary>
    /// How many days of the month starting <paramref name="period"/> the contract was in force: within its term (start
    /// to last day) and not suspended.
    /// </summary>
    public int DaysInForce(DateOnly period) => DaysInForceOf(period).Count;

    /// <summary>
    /// The days of the month starting <paramref name="period"/> on which the contract was in force, in order: Billing bills
    /// the fee for these and keeps which of them it billed, so a day that comes back into force (a resumption) is billed
    /// once, later.
    /// </summary>
    public IReadOnlyList<DateOnly> DaysInForceOf(DateOnly period)
    {
        var first = period < StartsOn ? StartsOn : period;
        var monthEnd = period.AddMonths(1).AddDays(-1);
        var last = EndsOn is { } end && end < monthEnd ? end : monthEnd;
        var days = new List<DateOnly>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (Suspensions is null || !Suspensions.Any(s => s.Covers(day)))
            {
                days.Add(day);
            }
        }

        return days;
    }
}

/// <summary>
/// The contracts to bill for the calendar month <paramref name="Period"/> (its first day): every contract in force on at
/// least one day of it (Active or Suspended, or ended within it), each with the terms in force then and its suspensions. For the monthly run's preview
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
