using OrleansCrm.Sales.Activities.Interactions;
using OrleansCrm.Sales.Activities.Tasks;

namespace OrleansCrm.Sales.Activities;

/// <summary>What deals' robots and triggers use of tasks and interactions, on the same stores as the API (keyed, so a robot run again makes nothing twice).</summary>
internal sealed class DealActivitiesService(TaskStore tasks, InteractionStore interactions) : IDealActivities
{
    // Written without reading back: a robot needs only the ids, which the key and the executor make.
    public Task<IReadOnlyList<Guid>> CreateTasksAsync(NewTask task, IReadOnlyList<Guid> executorIds, CancellationToken cancellationToken) =>
        tasks.WriteNewAsync(task, executorIds, cancellationToken);

    public async Task<Guid> PlanInteractionAsync(NewInteraction interaction, CancellationToken cancellationToken) =>
        (await interactions.CreateAsync(
            new InteractionDraft(interaction.Kind, interaction.ClientId, interaction.ContactId, interaction.DealId, null, interaction.OwnerId,
                interaction.PlannedAt, null, interaction.Notes, interaction.IdempotencyKey),
            next: null, cancellationToken)).Id;

    public Task<int> CountOpenStageTasksAsync(Guid dealId, string stage, CancellationToken cancellationToken) =>
        tasks.CountOpenStageTasksAsync(dealId, stage, cancellationToken);

    public Task<IReadOnlyDictionary<Guid, int>> CountOpenTasksAsync(IReadOnlyCollection<Guid> executors, CancellationToken cancellationToken) =>
        tasks.CountOpenByExecutorAsync(executors, cancellationToken);
}
