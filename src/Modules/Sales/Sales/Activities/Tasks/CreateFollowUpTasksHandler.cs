using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Activities.Tasks;

public sealed class CreateFollowUpTasksValidator : AbstractValidator<CreateFollowUpTasks>
{
    public CreateFollowUpTasksValidator()
    {
        RuleFor(c => c.Items).NotEmpty().Must(items => items is null || items.Count <= CreateFollowUpTasks.MaxItems)
            .WithText(SalesTexts.Code("FollowUpTasksTooMany"), CreateFollowUpTasks.MaxItems);
        RuleForEach(c => c.Items).NotNull().ChildRules(item =>
        {
            item.RuleFor(i => i.Key).NotEmpty().AtMost(200);
            item.RuleFor(i => i.Title).NotEmpty().WithText(SalesTexts.Code("TaskTitleRequired")).AtMost(300);
            item.RuleFor(i => i.ExecutorId).NotEmpty().WithText(SalesTexts.Code("TaskExecutorRequired"));
            item.RuleFor(i => i.DueAt).NotEmpty().WithText(SalesTexts.Code("TaskDueRequired"));
        });
    }
}

/// <summary>Writes each item through <see cref="TaskStore.WriteNewAsync"/> (keyed, so a repeat is a no-op); the group commit batches them.</summary>
public sealed class CreateFollowUpTasksHandler(TaskStore store, ILiveFeed live, TimeProvider time) : ICommandHandler<CreateFollowUpTasks, IReadOnlyList<Guid>>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(CreateFollowUpTasks command, CancellationToken cancellationToken)
    {
        var written = await Task.WhenAll(command.Items.Select(item => store.WriteNewAsync(
            new NewTask(item.Title.Trim(), null, command.AuthorId, item.DueAt, null, null, item.ClientId, null, item.Key), [item.ExecutorId], cancellationToken)));
        var ids = written.Select(w => w[0]).ToList();
        foreach (var id in ids)
        {
            if (await store.GetAsync(id, cancellationToken) is { } task)
            {
                live.Publish(TaskEvents.Changed(task, time.GetUtcNow()));
            }
        }

        return ids;
    }
}
