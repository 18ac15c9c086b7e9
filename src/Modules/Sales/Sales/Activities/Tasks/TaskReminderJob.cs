using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.Sales.Contracts;

namespace OrleansCrm.Sales.Activities.Tasks;

/// <summary>
/// Every five minutes (and once at start, for what fell due while hosts were down): each open task due within the lead
/// (<see cref="ActivitiesOptions.ReminderMinutesBefore"/>) whose executor was not reminded yet is marked, then its
/// executor is told. The mark is conditional, so a run twice for one period (or two at once) reminds once.
/// </summary>
public sealed class TaskReminderJob(TaskStore store, ILiveFeed live, TimeProvider time) : IRecurringJob
{
    public string Id => "sales.task-reminders";

    public string Cron => "*/5 * * * *";

    public bool RunAtStart => true;

    public async Task RunAsync(JobPeriod period, CancellationToken cancellationToken) => await RemindAsync(cancellationToken);

    /// <summary>Reminds what is due; returns how many reminders went out.</summary>
    public async Task<int> RemindAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        foreach (var task in await store.DueForReminderAsync(now, cancellationToken))
        {
            if (await store.MarkRemindedAsync(task.Id, now, cancellationToken))
            {
                live.Publish(new TaskDueSoon(task.Id, task.ExecutorId, task.Title, task.DueAt, now));
                sent++;
            }
        }

        return sent;
    }
}
