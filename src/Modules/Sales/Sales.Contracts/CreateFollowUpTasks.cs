using Mediator;

namespace OrleansCrm.Sales.Contracts;

/// <summary>
/// Sets tasks for another module (Billing's payment schedule: a task per payment) without it reading Sales' tables.
/// Each item's <see cref="FollowUpTask.Key"/> and executor make the task's id, so the same request again creates nothing
/// and answers the same ids; the key should name its module ("billing-schedule:…") so it meets no user's key.
/// Answers the tasks' ids in the items' order.
/// </summary>
/// <param name="AuthorId">The user the tasks come from (null: the product).</param>
public sealed record CreateFollowUpTasks(Guid? AuthorId, IReadOnlyList<FollowUpTask> Items) : ICommand<IReadOnlyList<Guid>>
{
    public const int MaxItems = 100;
}

/// <summary>One task of <see cref="CreateFollowUpTasks"/>: due at a moment, for one executor, linked to a client.</summary>
public sealed record FollowUpTask(string Key, string Title, Guid ExecutorId, DateTimeOffset DueAt, Guid? ClientId);
