using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Activities.Tasks;

/// <summary>Sets a task for each executor (the head of sales' "one task for several managers"); with an idempotency key a retry makes nothing twice.</summary>
public sealed record CreateTasks(
    string? Title, string? Description, IReadOnlyList<Guid>? ExecutorIds, DateTimeOffset? DueAt, Guid? DealId, Guid? ClientId, Guid? TicketId)
    : ICommand<IReadOnlyList<SalesTask>>
{
    public const int MaxExecutors = 50;

    [JsonIgnore]
    public string? IdempotencyKey { get; init; }

    [JsonIgnore]
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed class CreateTasksValidator : AbstractValidator<CreateTasks>
{
    public CreateTasksValidator()
    {
        RuleFor(c => c.Title).NotEmpty().WithText(SalesTexts.Code("TaskTitleRequired")).AtMost(300);
        RuleFor(c => c.Description).AtMost(10_000);
        RuleFor(c => c.ExecutorIds).NotEmpty().WithText(SalesTexts.Code("TaskExecutorsRequired"))
            .Must(ids => ids is null || (ids.Count <= CreateTasks.MaxExecutors && ids.All(id => id != Guid.Empty)))
            .WithText(SalesTexts.Code("TaskExecutorsInvalid"), CreateTasks.MaxExecutors);
        RuleFor(c => c.DueAt).NotEmpty().WithText(SalesTexts.Code("TaskDueRequired"));
        RuleFor(c => c.IdempotencyKey).AtMost(150);
    }
}

public sealed class CreateTasksHandler(TaskStore store, ActivityLinks links, ILiveFeed live, TimeProvider time) : ICommandHandler<CreateTasks, IReadOnlyList<SalesTask>>
{
    public async ValueTask<IReadOnlyList<SalesTask>> Handle(CreateTasks command, CancellationToken cancellationToken)
    {
        await links.CheckAsync(command.ClientId, command.DealId, command.TicketId, "executorIds", command.ExecutorIds!, cancellationToken);
        // Keys are the caller's own: the same key from another user is another set of tasks.
        var key = command.IdempotencyKey is { Length: > 0 } given ? $"user:{command.Caller.UserId}:{given}" : $"new:{Guid.NewGuid()}";
        var tasks = await store.CreateAsync(
            new NewTask(command.Title!.Trim(), string.IsNullOrWhiteSpace(command.Description) ? null : command.Description.Trim(), command.Caller.UserId,
                command.DueAt!.Value, command.DealId, null, command.ClientId, command.TicketId, key),
            command.ExecutorIds!, cancellationToken);
        foreach (var task in tasks)
        {
            live.Publish(TaskEvents.Changed(task, time.GetUtcNow()));
        }

        return tasks.Select(t => TaskRules.ForCaller(t, command.Caller)).ToList();
    }
}

/// <summary>Moves a task through its loop (<see cref="TaskRules"/>); <see cref="Note"/> is kept in its history (why it was returned).</summary>
public sealed record ActOnTask(string? Note) : ICommand<SalesTask>
{
    [JsonIgnore]
    public Guid TaskId { get; init; }

    [JsonIgnore]
    public TaskAction Action { get; init; }

    [JsonIgnore]
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed class ActOnTaskValidator : AbstractValidator<ActOnTask>
{
    public ActOnTaskValidator()
    {
        RuleFor(c => c.Note).AtMost(2000);
        RuleFor(c => c.Action).Known().NotEqual(TaskAction.Reassign).WithText(SalesTexts.Code("ValueUnknown")); // reassigning names the new executor: ReassignTask
    }
}

public sealed class ActOnTaskHandler(TaskStore store, ILiveFeed live, IPublisher publisher, TimeProvider time) : ICommandHandler<ActOnTask, SalesTask>
{
    public async ValueTask<SalesTask> Handle(ActOnTask command, CancellationToken cancellationToken)
    {
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        var (before, after) = await store.ActAsync(command.TaskId, command.Caller, command.Action, null, note, cancellationToken);
        await TaskEvents.PublishAsync(before, after, live, publisher, time, cancellationToken);
        return TaskRules.ForCaller(after, command.Caller);
    }
}

/// <summary>Gives an open task to another executor; it starts again as set for them.</summary>
public sealed record ReassignTask(Guid? ExecutorId, string? Note) : ICommand<SalesTask>
{
    [JsonIgnore]
    public Guid TaskId { get; init; }

    [JsonIgnore]
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed class ReassignTaskValidator : AbstractValidator<ReassignTask>
{
    public ReassignTaskValidator()
    {
        RuleFor(c => c.ExecutorId).NotEmpty().WithText(SalesTexts.Code("TaskExecutorRequired"));
        RuleFor(c => c.Note).AtMost(2000);
    }
}

public sealed class ReassignTaskHandler(TaskStore store, ILiveFeed live, IPublisher publisher, TimeProvider time) : ICommandHandler<ReassignTask, SalesTask>
{
    public async ValueTask<SalesTask> Handle(ReassignTask command, CancellationToken cancellationToken)
    {
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        var (before, after) = await store.ActAsync(command.TaskId, command.Caller, TaskAction.Reassign, command.ExecutorId, note, cancellationToken);
        await TaskEvents.PublishAsync(before, after, live, publisher, time, cancellationToken);
        return TaskRules.ForCaller(after, command.Caller);
    }
}

/// <summary>
/// Tasks the caller may see: <see cref="Status"/> and <see cref="Due"/> (<c>overdue</c>, <c>today</c>, <c>later</c>) as the
/// API spells them, in any case; search in the title and description; sort <c>dueAt</c>, <c>createdAt</c>, <c>title</c>
/// or <c>status</c>, '-' first for descending.
/// </summary>
public sealed record ListTasks(
    Guid? ExecutorId, Guid? AuthorId, Guid? DealId, Guid? ClientId, string? Status, string? Due, string? Search, string? Sort, int Page = 1, int PageSize = 50,
    bool OpenOnly = false) : IQuery<SalesTaskPage>
{
    [JsonIgnore]
    public SalesTaskStatus? ParsedStatus => Parse<SalesTaskStatus>(Status);

    [JsonIgnore]
    public TaskDue? ParsedDue => Parse<TaskDue>(Due);

    [JsonIgnore]
    public SalesCaller Caller { get; init; } = SalesCaller.System;

    internal static T? Parse<T>(string? text)
        where T : struct, Enum =>
        !int.TryParse(text, out _) && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : null;
}

public sealed class ListTasksValidator : AbstractValidator<ListTasks>
{
    public const int MaxPageSize = 500;

    public ListTasksValidator()
    {
        RuleFor(q => q.Page).Page();
        RuleFor(q => q.PageSize).Within(1, MaxPageSize);
        RuleFor(q => q.Status).Must((q, s) => s is null || q.ParsedStatus is not null)
            .WithText(SalesTexts.Code("TaskStatusInvalid"), string.Join(", ", Enum.GetNames<SalesTaskStatus>().Select(n => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(n))));
        RuleFor(q => q.Due).Must((q, d) => d is null || q.ParsedDue is not null).WithText(SalesTexts.Code("TaskDueInvalid"));
        RuleFor(q => q.Sort).Must(TaskSort.IsValid).WithText(SalesTexts.Code("TaskSortInvalid"), string.Join(", ", TaskSort.Columns.Keys));
        RuleFor(q => q.Search).AtMost(200);
    }
}

public sealed class ListTasksHandler(TaskStore store) : IQueryHandler<ListTasks, SalesTaskPage>
{
    public async ValueTask<SalesTaskPage> Handle(ListTasks query, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(
            new TaskFilter(query.ExecutorId, query.AuthorId, query.DealId, query.ClientId, query.ParsedStatus, query.ParsedDue, query.Search, query.Sort,
                query.Page, query.PageSize, query.OpenOnly),
            query.Caller, cancellationToken);
        return page with { Items = page.Items.Select(t => TaskRules.ForCaller(t, query.Caller)).ToList() };
    }
}

/// <summary>A task with its history and the actions the caller may take now.</summary>
public sealed record GetTask(Guid TaskId) : IQuery<TaskCard>
{
    [JsonIgnore]
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed record TaskCard(SalesTask Task, IReadOnlyList<TaskHistoryEntry> History, IReadOnlyList<TaskAction> Actions);

public sealed class GetTaskValidator : AbstractValidator<GetTask>
{
    // Only an id from the route: nothing to check.
}

public sealed class GetTaskHandler(TaskStore store) : IQueryHandler<GetTask, TaskCard>
{
    public async ValueTask<TaskCard> Handle(GetTask query, CancellationToken cancellationToken)
    {
        var task = await store.GetAsync(query.TaskId, cancellationToken);
        if (task is null || !TaskRules.MaySee(task, query.Caller))
        {
            throw new NotFoundException(SalesTexts.Say("TaskNotFound", query.TaskId.ToString()));
        }

        return new TaskCard(TaskRules.ForCaller(task, query.Caller), await store.HistoryAsync(task.Id, cancellationToken), TaskRules.Available(task, query.Caller).ToList());
    }
}

/// <summary>What a task's change tells after its commit: the live lists of the people concerned, and <see cref="TaskFinished"/> when it became Done.</summary>
internal static class TaskEvents
{
    public static TaskChanged Changed(SalesTask task, DateTimeOffset at) =>
        new(task.Id, task.Version, task.Title, task.Status.ToString(), new[] { task.ExecutorId }.Concat(task.AuthorId is { } a ? [a] : []).Distinct().ToList(), at);

    public static async Task PublishAsync(SalesTask before, SalesTask after, ILiveFeed live, IPublisher publisher, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changed = Changed(after, now);
        // A reassigned task leaves the former executor's list too.
        live.Publish(before.ExecutorId == after.ExecutorId ? changed : changed with { UserIds = [.. changed.UserIds, before.ExecutorId] });
        if (after.Status == SalesTaskStatus.Done && before.Status != SalesTaskStatus.Done)
        {
            await publisher.Publish(new TaskFinished(after.Id, after.DealId, after.DealStage, now), cancellationToken);
        }
    }
}
