using Mediator;

namespace OrleansCrm.Sales.Activities;

/// <summary>A task reached Done (published after the commit, possibly more than once): deals check their "all tasks done" trigger.</summary>
public sealed record TaskFinished(Guid TaskId, Guid? DealId, string? DealStage, DateTimeOffset At) : INotification;
