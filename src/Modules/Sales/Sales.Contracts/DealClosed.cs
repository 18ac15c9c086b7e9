using Mediator;

namespace OrleansCrm.Sales.Contracts;

/// <summary>
/// A deal was won or lost (published after the commit, possibly more than once: handlers key by <see cref="DealId"/>).
/// The plan board and reports recount from the tables; the event only says when.
/// </summary>
/// <param name="Amount">The won amount in hryvnias (the potential amount when lost).</param>
public sealed record DealClosed(Guid DealId, Guid OwnerId, Guid ClientId, DealStatus Status, decimal Amount, DateTimeOffset At) : INotification;
