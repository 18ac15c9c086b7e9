namespace OrleansCrm.Agreements.Contracts;

/// <summary>
/// One contract with a client. Commands are idempotent: creating again with the same contract, activating an active one,
/// terminating a terminated one, suspending a suspended one or adding the same amendment again returns the current state and changes nothing.
/// </summary>
public interface IContractGrain : IGrainWithGuidKey
{
    /// <summary>Null when no contract has this id.</summary>
    Task<ContractDetails?> Get();

    /// <summary>Creates the contract as a Draft with the next number; conflict when the id holds a different contract.</summary>
    Task<ContractDetails> Create(NewContract contract);

    Task<ContractDetails> Activate();

    /// <summary>Terminates now, or, for an active contract and a day after today, on that day (the daily job carries it out).</summary>
    Task<ContractDetails> Terminate(ContractTermination termination);

    /// <summary>An active contract stops being billed and its client's support follows, until <see cref="Resume"/>.</summary>
    /// <summary>
    /// Withdraws a termination scheduled for a later day: the contract runs on to its end. Conflict when none is
    /// scheduled, unless the last change withdrew one (a retry).
    /// </summary>
    Task<ContractDetails> WithdrawTermination();

    /// <summary>
    /// Gives the contract its own text (clauses copied from its template and edited), or with null returns it to its
    /// template's text; the same text again changes nothing.
    /// </summary>
    Task<ContractDetails> SetText(string? ownText);

    Task<ContractDetails> Suspend(ContractSuspension suspension);

    Task<ContractDetails> Resume();

    /// <summary>
    /// The daily job: an active contract whose termination was dated on or before <paramref name="today"/> is terminated
    /// (also one suspended after the termination was scheduled).
    /// </summary>
    Task<ContractDetails> TerminateDue(DateOnly today);

    Task<ContractDetails> AddAmendment(AmendmentRequest amendment);

    /// <summary>
    /// The daily job: an active contract without auto-renewal, or a suspended one (renewal or not), whose end is before
    /// <paramref name="today"/> expires.
    /// </summary>
    Task<ContractDetails> Expire(DateOnly today);

    /// <summary>The daily job: an active auto-renewing contract whose end is before <paramref name="today"/> runs one more term (or more, to reach today).</summary>
    Task<ContractDetails> Renew(DateOnly today);
}
