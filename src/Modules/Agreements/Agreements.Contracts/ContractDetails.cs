namespace OrleansCrm.Agreements.Contracts;

/// <summary>
/// The client's requisites a contract prints beside the legal name and tax id (those come from the client's card).
/// Every field is optional at creation; printing names what a template needs and is missing.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ClientRequisites(
    [property: Id(0)] string? Address,
    [property: Id(1)] string? Iban,
    [property: Id(2)] string? Bank,
    [property: Id(3)] string? SignatoryName,
    [property: Id(4)] string? SignatoryPosition,
    [property: Id(5)] string? SignatoryBasis)
{
    public static readonly ClientRequisites None = new(null, null, null, null, null, null);
}

/// <summary>What a contract is created with. <see cref="Terms"/> are its first terms (EffectiveFrom = StartsOn).</summary>
[GenerateSerializer, Immutable]
public sealed record NewContract(
    [property: Id(0)] Guid ClientId,
    [property: Id(1)] string ClientName,
    [property: Id(2)] Guid? ManagerId,
    [property: Id(3)] ContractKind Kind,
    [property: Id(4)] DateOnly SignedOn,
    [property: Id(5)] DateOnly StartsOn,
    [property: Id(6)] DateOnly EndsOn,
    [property: Id(7)] bool AutoRenew,
    [property: Id(8)] ContractTerms Terms,
    [property: Id(9)] Guid? TemplateId,
    [property: Id(10)] string? OwnText,
    [property: Id(11)] ClientRequisites Requisites);

/// <summary>A supplementary agreement (додаткова угода): new fee and hours from <see cref="EffectiveFrom"/> on.</summary>
[GenerateSerializer, Immutable]
public sealed record ContractAmendment(
    [property: Id(0)] int Number,
    [property: Id(1)] DateOnly EffectiveFrom,
    [property: Id(2)] decimal MonthlyFee,
    [property: Id(3)] decimal IncludedHours,
    [property: Id(4)] string Text,
    [property: Id(5)] DateTimeOffset AddedAt);

/// <summary>A supplementary agreement as asked for.</summary>
[GenerateSerializer, Immutable]
public sealed record AmendmentRequest(
    [property: Id(0)] DateOnly EffectiveFrom,
    [property: Id(1)] decimal MonthlyFee,
    [property: Id(2)] decimal IncludedHours,
    [property: Id(3)] string Text);

/// <summary>Ends a contract early: <see cref="On"/> is its last day of service.</summary>
[GenerateSerializer, Immutable]
public sealed record ContractTermination([property: Id(0)] string Reason, [property: Id(1)] DateOnly On);

/// <summary>
/// A time the contract was suspended: from <see cref="From"/> through <see cref="To"/> (null while it lasts). Billing
/// leaves these days out of the month's fee.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SuspensionPeriod([property: Id(0)] DateOnly From, [property: Id(1)] DateOnly? To)
{
    /// <summary>Whether <paramref name="day"/> falls within it.</summary>
    public bool Covers(DateOnly day) => day >= From && (To is not { } to || day <= to);
}

/// <summary>Stops billing and support until the contract is resumed.</summary>
[GenerateSerializer, Immutable]
public sealed record ContractSuspension([property: Id(0)] string Reason);

/// <summary>A contract as the API and other modules see it.</summary>
/// <param name="Terms">Every set of terms in order of <c>EffectiveFrom</c>: the first terms, then one per amendment.</param>
/// <param name="EndsOn">The current end, after any renewals.</param>
/// <param name="TerminatedOn">The last day of service once terminated; on an Active contract, the day a termination dated in
/// the future takes effect (the daily job terminates it then).</param>
[GenerateSerializer, Immutable]
public sealed record ContractDetails(
    [property: Id(0)] Guid Id,
    [property: Id(1)] int Version,
    [property: Id(2)] string Number,
    [property: Id(3)] Guid ClientId,
    [property: Id(4)] string ClientName,
    [property: Id(5)] ContractKind Kind,
    [property: Id(6)] ContractStatus Status,
    [property: Id(7)] DateOnly SignedOn,
    [property: Id(8)] DateOnly StartsOn,
    [property: Id(9)] DateOnly EndsOn,
    [property: Id(10)] bool AutoRenew,
    [property: Id(11)] IReadOnlyList<ContractTerms> Terms,
    [property: Id(12)] IReadOnlyList<ContractAmendment> Amendments,
    [property: Id(13)] Guid? TemplateId,
    [property: Id(14)] string? OwnText,
    [property: Id(15)] ClientRequisites Requisites,
    [property: Id(16)] DateOnly? ActivatedOn,
    [property: Id(17)] DateOnly? TerminatedOn,
    [property: Id(18)] string? TerminationReason,
    [property: Id(19)] int Renewals,
    [property: Id(20)] DateTimeOffset CreatedAt,
    [property: Id(21)] DateTimeOffset UpdatedAt,
    [property: Id(22)] DateOnly? SuspendedOn = null,
    [property: Id(23)] string? SuspensionReason = null,
    [property: Id(24)] IReadOnlyList<SuspensionPeriod>? Suspensions = null)
{
    /// <summary>
    /// An Active contract with a termination dated in the future (or one suspended since it was scheduled): it ends on
    /// <see cref="TerminatedOn"/>.
    /// </summary>
    public bool TerminationScheduled => Status is ContractStatus.Active or ContractStatus.Suspended && TerminatedOn is not null;

    /// <summary>The terms in force on <paramref name="date"/>: the last that took effect by then (the first before the start).</summary>
    public ContractTerms TermsOn(DateOnly date) => ContractTermsHistory.On(Terms, date);

    /// <summary>The contract's last day of service: the termination's date, or its end.</summary>
    public DateOnly LastDay => TerminatedOn ?? EndsOn;
}

/// <summary>The dated list of a contract's terms, one rule for the grain, the list table and billing.</summary>
public static class ContractTermsHistory
{
    /// <summary>The first terms, then each amendment applied in order of its date (a later-numbered one wins on the same date).</summary>
    public static IReadOnlyList<ContractTerms> Build(ContractTerms first, IEnumerable<ContractAmendment> amendments)
    {
        var terms = new List<ContractTerms> { first };
        foreach (var amendment in amendments.OrderBy(a => a.EffectiveFrom).ThenBy(a => a.Number))
        {
            var before = On(terms, amendment.EffectiveFrom);
            terms.RemoveAll(t => t.EffectiveFrom == amendment.EffectiveFrom); // amendments start after the contract does
            terms.Add(before with { EffectiveFrom = amendment.EffectiveFrom, MonthlyFee = amendment.MonthlyFee, IncludedHours = amendment.IncludedHours });
        }

        return terms.OrderBy(t => t.EffectiveFrom).ToList();
    }

    public static ContractTerms On(IReadOnlyList<ContractTerms> terms, DateOnly date) =>
        terms.LastOrDefault(t => t.EffectiveFrom <= date) ?? terms[0];
}

/// <summary>One row of the contracts list: what a list shows without activating grains.</summary>
public sealed record ContractSummary(
    Guid Id,
    int Version,
    string Number,
    Guid ClientId,
    string ClientName,
    ContractKind Kind,
    ContractStatus Status,
    DateOnly StartsOn,
    DateOnly EndsOn,
    bool AutoRenew,
    decimal MonthlyFee,
    decimal IncludedHours);

public sealed record ContractPage(IReadOnlyList<ContractSummary> Items, int Total, int Page, int PageSize);
