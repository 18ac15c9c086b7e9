using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Activities.Tasks;

/// <summary>What a person does to a task (the API's <c>/api/tasks/{id}/{action}</c>, lower-case).</summary>
public enum TaskAction
{
    Accept = 0,
    Done = 1,
    Check = 2,
    Return = 3,
    Close = 4,
    Reassign = 5,
}

/// <summary>
/// The task loop in one place, read by the store, the API and the pages: which status each action leads from and to,
/// and who may take it. The executor accepts and finishes; the author checks, returns, closes and reassigns (a robot's
/// task has no author: its executor checks it); SalesHead and Director may do anything.
/// </summary>
public static class TaskRules
{
    private static readonly IReadOnlyDictionary<TaskAction, (SalesTaskStatus[] From, SalesTaskStatus To)> Moves =
        new Dictionary<TaskAction, (SalesTaskStatus[], SalesTaskStatus)>
        {
            [TaskAction.Accept] = ([SalesTaskStatus.Set, SalesTaskStatus.Returned], SalesTaskStatus.Accepted),
            [TaskAction.Done] = ([SalesTaskStatus.Accepted, SalesTaskStatus.Returned], SalesTaskStatus.Done),
            [TaskAction.Check] = ([SalesTaskStatus.Done], SalesTaskStatus.Checked),
            [TaskAction.Return] = ([SalesTaskStatus.Done, SalesTaskStatus.Checked], SalesTaskStatus.Returned),
            [TaskAction.Close] = ([SalesTaskStatus.Checked], SalesTaskStatus.Closed),
            [TaskAction.Reassign] = ([SalesTaskStatus.Set, SalesTaskStatus.Accepted, SalesTaskStatus.Returned], SalesTaskStatus.Set),
        };

    /// <summary>Statuses in which the executor still owes the work (the due colours, reminders and "open" counts apply).</summary>
    public static readonly IReadOnlyList<SalesTaskStatus> Open = [SalesTaskStatus.Set, SalesTaskStatus.Accepted, SalesTaskStatus.Returned];

    /// <summary>Statuses the deal's "all the stage's tasks are done" trigger counts as finished.</summary>
    public static readonly IReadOnlyList<SalesTaskStatus> Finished = [SalesTaskStatus.Done, SalesTaskStatus.Checked, SalesTaskStatus.Closed];

    public static bool Allows(SalesTaskStatus status, TaskAction action) => Moves[action].From.Contains(status);

    /// <summary>The actions the caller may take on the task now (the pages show these buttons).</summary>
    public static IEnumerable<TaskAction> Available(SalesTask task, SalesCaller caller) =>
        Enum.GetValues<TaskAction>().Where(a => Allows(task.Status, a) && MayAct(task, caller, a));

    public static bool MayAct(SalesTask task, SalesCaller caller, TaskAction action) => caller.SeesAll || action switch
    {
        TaskAction.Accept or TaskAction.Done => caller.Is(task.ExecutorId),
        _ => task.AuthorId is { } author ? caller.Is(author) : caller.Is(task.ExecutorId),
    };

    /// <summary>A manager sees the tasks they set or execute.</summary>
    public static bool MaySee(SalesTask task, SalesCaller caller) => caller.SeesAll || caller.Is(task.ExecutorId) || caller.Is(task.AuthorId);

    /// <summary>The status the action leads to; 403 for someone who may not take it, 409 when the status does not allow it.</summary>
    public static SalesTaskStatus Apply(SalesTask task, SalesCaller caller, TaskAction action)
    {
        if (!MayAct(task, caller, action))
        {
            throw new ForbiddenException(SalesTexts.Say("TaskActionNotYours", SalesTexts.Label(action)));
        }

        if (!Allows(task.Status, action))
        {
            throw new ConflictException(SalesTexts.Say("TaskActionNotAllowed", SalesTexts.Label(action), SalesTexts.Label(task.Status)), task.Version);
        }

        return Moves[action].To;
    }

    /// <summary>Where an open task's due time falls against now and the end of the company's today.</summary>
    public static TaskDue? DueOf(SalesTaskStatus status, DateTimeOffset dueAt, DateTimeOffset now, DateTimeOffset endOfToday) =>
        !Open.Contains(status) ? null : dueAt < now ? TaskDue.Overdue : dueAt < endOfToday ? TaskDue.Today : TaskDue.Later;
}
