namespace OrleansCrm.Sales.Activities.Tasks;

/// <summary>Where a task is in its loop: set → accepted → done → checked by the author → closed, or returned to the executor. Stored as a number.</summary>
public enum SalesTaskStatus
{
    Set = 0,
    Accepted = 1,
    Done = 2,
    Checked = 3,
    Closed = 4,
    Returned = 5,
}

/// <summary>When an open task falls due, as the list colours it: past due, later today (the company's day), or later.</summary>
public enum TaskDue
{
    Overdue = 0,
    Today = 1,
    Later = 2,
}

/// <summary>A task as the API returns it. <see cref="Due"/> is null once the executor has finished it.</summary>
public sealed record SalesTask(
    Guid Id,
    int Version,
    string Title,
    string? Description,
    Guid? AuthorId,
    Guid ExecutorId,
    DateTimeOffset DueAt,
    SalesTaskStatus Status,
    Guid? DealId,
    string? DealStage,
    Guid? ClientId,
    Guid? TicketId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DoneAt,
    DateTimeOffset? RemindedAt,
    Guid? HandoverTicketId)
{
    public TaskDue? Due { get; init; }
}

/// <summary>One change of a task, in order: who did what, from which status to which, and for whom it then was.</summary>
public sealed record TaskHistoryEntry(
    int Seq, DateTimeOffset At, string Action, string? ActorId, string ActorName,
    SalesTaskStatus? FromStatus, SalesTaskStatus ToStatus, Guid ExecutorId, string? Note);

public sealed record SalesTaskPage(IReadOnlyList<SalesTask> Items, int Total);
