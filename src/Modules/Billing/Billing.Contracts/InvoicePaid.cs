using Mediator;

namespace OrleansCrm.Billing.Contracts;

/// <summary>
/// An invoice became Paid (published after the commit that settled it; possibly more than once: handlers key by
/// <see cref="InvoiceId"/>). Sales moves a deal whose invoice it is and recounts the plan's paid amounts.
/// </summary>
/// <param name="Total">The invoice's total in hryvnias, VAT included.</param>
public sealed record InvoicePaid(Guid InvoiceId, Guid ClientId, decimal Total, DateTimeOffset At) : INotification;
