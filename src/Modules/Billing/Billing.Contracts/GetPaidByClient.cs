using Mediator;

namespace OrleansCrm.Billing.Contracts;

/// <summary>
/// What each client paid against its invoices from <paramref name="From"/> to <paramref name="To"/> (both included), in
/// hryvnias: allocations of payments that arrived on those days (the day the money came, as Billing's reports count it).
/// Clients that paid nothing are left out. For Sales' plan against actual, which maps clients to their managers.
/// </summary>
public sealed record GetPaidByClient(DateOnly From, DateOnly To) : IQuery<IReadOnlyDictionary<Guid, decimal>>;
