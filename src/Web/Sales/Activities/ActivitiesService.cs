using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.ListUsers;
using OrleansCrm.Sales.Activities;
using OrleansCrm.Sales.Activities.Handover;
using OrleansCrm.Sales.Activities.Interactions;
using OrleansCrm.Sales.Activities.Report;
using OrleansCrm.Sales.Activities.Tasks;

namespace OrleansCrm.Web.Sales.Activities;

/// <summary>
/// What the tasks and activity pages ask of Sales' Activities (the same Mediator messages <c>/api/tasks</c>,
/// <c>/api/interactions</c> and <c>/api/reports/activity</c> send), with the signed-in user as the caller, so a page meets
/// the API's rules. One per circuit.
/// </summary>
public sealed class ActivitiesService(ISender sender, AuthenticationStateProvider authentication)
{
    private IReadOnlyList<SalesUser>? _users;

    public async Task<SalesCaller> CallerAsync() => SalesCaller.From((await authentication.GetAuthenticationStateAsync()).User);

    public async Task<SalesTaskPage> TasksAsync(Guid? executorId, SalesTaskStatus? status, TaskDue? due, bool openOnly, int page = 1, int pageSize = 200) =>
        await sender.Send(new ListTasks(executorId, null, null, null, status?.ToString(), due?.ToString(), null, null, page, pageSize, openOnly) { Caller = await CallerAsync() });

    /// <summary>The tasks <paramref name="authorId"/> set that are in one of <paramref name="statuses"/> (what waits for their check or close).</summary>
    public async Task<IReadOnlyList<SalesTask>> AuthoredAsync(Guid? authorId, IReadOnlyList<SalesTaskStatus> statuses)
    {
        var caller = await CallerAsync();
        var tasks = new List<SalesTask>();
        foreach (var status in statuses)
        {
            tasks.AddRange((await sender.Send(new ListTasks(null, authorId ?? Guid.Empty, null, null, status.ToString(), null, null, null, 1, 200) { Caller = caller })).Items);
        }

        return tasks;
    }

    public async Task<SalesTask> ActAsync(SalesTask task, TaskAction action, string? note = null) => action == TaskAction.Reassign
        ? throw new ArgumentException("Reassigning names the new executor.", nameof(action))
        : await sender.Send(new ActOnTask(note) { TaskId = task.Id, Action = action, Caller = await CallerAsync() });

    public async Task<SalesTask> ReassignAsync(SalesTask task, Guid executorId) =>
        await sender.Send(new ReassignTask(executorId, null) { TaskId = task.Id, Caller = await CallerAsync() });

    public async Task<IReadOnlyList<SalesTask>> CreateTasksAsync(string? title, string? description, IReadOnlyList<Guid> executorIds, DateTimeOffset? dueAt, string key) =>
        await sender.Send(new CreateTasks(title, description, executorIds, dueAt, null, null, null) { IdempotencyKey = key, Caller = await CallerAsync() });

    public async Task<IReadOnlyList<Interaction>> InteractionsAsync(Guid? ownerId, DateTimeOffset from, DateTimeOffset to) =>
        await sender.Send(new ListInteractions(ownerId, null, null, null, from, to, 2000) { Caller = await CallerAsync() });

    public async Task<Interaction> FinishAsync(Interaction interaction, string? notes, NextInteraction? next) =>
        await sender.Send(new FinishInteraction(notes, next) { InteractionId = interaction.Id, Caller = await CallerAsync() });

    /// <summary>Re-plans a planned interaction for <paramref name="plannedAt"/>, as of the version read (changed since: a conflict).</summary>
    public async Task<Interaction> MoveAsync(Interaction interaction, DateTimeOffset plannedAt) =>
        await sender.Send(new MoveInteraction(plannedAt, interaction.Version) { InteractionId = interaction.Id, Caller = await CallerAsync() });

    /// <summary>Hands the task's client over to support as a ticket (a second time returns the same ticket).</summary>
    public Task<HandoverResult> HandOverAsync(SalesTask task) => HandOverAsync(HandoverSource.Task, task.Id);

    /// <summary>Hands the interaction's client (and its contact) over to support as a ticket (a second time returns the same ticket).</summary>
    public Task<HandoverResult> HandOverAsync(Interaction interaction) => HandOverAsync(HandoverSource.Interaction, interaction.Id);

    private async Task<HandoverResult> HandOverAsync(HandoverSource source, Guid id) =>
        await sender.Send(new HandOverToSupport(null, null) { Source = source, SourceId = id, Caller = await CallerAsync() });

    public async Task<IdleDeals> IdleDealsAsync(Guid? ownerId) => await sender.Send(new ListIdleDeals(ownerId) { Caller = await CallerAsync() });

    public async Task<ActivityReport> ReportAsync(DateOnly from, DateOnly to) => await sender.Send(new GetActivityReport(from, to) { Caller = await CallerAsync() });

    /// <summary>The sales users (Managers, SalesHeads, Directors) by name, read once per circuit: executors to choose and names to show.</summary>
    public async Task<IReadOnlyList<SalesUser>> UsersAsync()
    {
        _users ??= (await sender.Send(new ListUsers()))
            .Where(u => u.Roles.Any(SalesCaller.Roles.Contains) && Guid.TryParse(u.Id, out _))
            .Select(u => new SalesUser(Guid.Parse(u.Id), u.UserName, u.Roles.Contains(CrmRoles.Manager)))
            .OrderBy(u => u.Name, StringComparer.CurrentCulture)
            .ToList();
        return _users;
    }

    public async Task<string> NameAsync(Guid? id) =>
        id is not { } value ? "—" : (await UsersAsync()).FirstOrDefault(u => u.Id == value)?.Name ?? value.ToString()[..8];
}

public sealed record SalesUser(Guid Id, string Name, bool IsManager);
