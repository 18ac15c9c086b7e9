using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.Pipelines;

/// <summary>
/// Creates a pipeline (no <see cref="Id"/>) or replaces one at <see cref="Version"/>. Stage codes are unique and name the
/// stage for deals and robots; a stage may not be dropped or renamed while deals rely on it (not checked yet: see README).
/// </summary>
public sealed partial record SavePipeline : ICommand<Pipeline>
{
    [JsonIgnore]
    public Guid? Id { get; init; }
    public string? Name { get; init; }
    public bool NextInteractionRequired { get; init; }
    public IReadOnlyList<PipelineStage>? Stages { get; init; }
    public IReadOnlyList<CustomField>? CustomFields { get; init; }
    public IReadOnlyList<string>? LossReasons { get; init; }
    public string? OnInvoicePaid { get; init; }
    /// <summary>For a change: the version read.</summary>
    public int? Version { get; init; }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    internal static partial Regex StageCode();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    internal static partial Regex FieldKey();
}

public sealed class SavePipelineValidator : AbstractValidator<SavePipeline>
{
    public SavePipelineValidator()
    {
        RuleFor(p => p.Name).NotEmpty().WithText(SalesTexts.Code("NameRequired")).AtMost(200);
        RuleFor(p => p.Version).NotNull().When(p => p.Id is not null).WithText(SalesTexts.Code("VersionRequired"));
        RuleFor(p => p.Stages).NotEmpty().WithText(SalesTexts.Code("StagesRequired"))
            .Must(s => s is null || s.Count <= 50).WithText(SalesTexts.Code("TooManyStages"));
        RuleForEach(p => p.Stages).NotNull().WithText(SalesTexts.Code("StageMissing")).ChildRules(stage =>
        {
            stage.RuleFor(s => s.Code).NotEmpty().WithText(SalesTexts.Code("StageCodeRequired"))
                .Must(c => c is null || SavePipeline.StageCode().IsMatch(c)).WithText(SalesTexts.Code("StageCodeInvalid"));
            stage.RuleFor(s => s.Name).NotEmpty().WithText(SalesTexts.Code("StageNameRequired")).AtMost(200);
            stage.RuleFor(s => s.Probability).InclusiveBetween(0, 100).WithText(SalesTexts.Code("ProbabilityInvalid"));
            stage.RuleFor(s => s.RequiredAttachments).Must(r => r is null || r.Count <= 20).WithText(SalesTexts.Code("TooManyRequiredAttachments"));
            stage.RuleForEach(s => s.RequiredAttachments).Must(k => k is not null && Attachments.AddAttachment.KindCode().IsMatch(k))
                .WithText(SalesTexts.Code("AttachmentKindInvalid"));
            stage.RuleFor(s => s.Robots).Must(r => r is null || r.Count <= 20).WithText(SalesTexts.Code("TooManyRobots"));
            stage.RuleForEach(s => s.Robots).NotNull().WithText(SalesTexts.Code("RobotMissing")).ChildRules(robot =>
            {
                robot.RuleFor(r => r.Kind).Known();
                robot.RuleFor(r => r.Title).NotEmpty().When(r => r.Kind == RobotKind.CreateTask).WithText(SalesTexts.Code("RobotTitleRequired")).AtMost(300);
                robot.RuleFor(r => r.Text).NotEmpty().When(r => r.Kind == RobotKind.Notify).WithText(SalesTexts.Code("RobotTextRequired")).AtMost(1000);
                robot.RuleFor(r => r.Assignee).Must(Assignee).When(r => r.Kind is RobotKind.CreateTask or RobotKind.Notify)
                    .WithText(SalesTexts.Code("RobotAssigneeInvalid"), (_, _) => [string.Join(", ", Assignees)]);
                robot.RuleFor(r => r.DueAfter).Must(d => WorkingDelay.TryParse(d, out _)).When(r => r.Kind is RobotKind.CreateTask or RobotKind.PlanInteraction)
                    .WithText(SalesTexts.Code("RobotDueAfterInvalid"));
                robot.RuleFor(r => r.Interaction).NotNull().When(r => r.Kind == RobotKind.PlanInteraction).WithText(SalesTexts.Code("RobotInteractionRequired")).Known();
                robot.RuleFor(r => r.PipelineId).NotEmpty().When(r => r.Kind == RobotKind.MoveToPipeline).WithText(SalesTexts.Code("RobotPipelineRequired"));
                robot.RuleFor(r => r.Stage).NotEmpty().When(r => r.Kind == RobotKind.MoveToPipeline).WithText(SalesTexts.Code("RobotStageRequired"));
            });
        });
        RuleFor(p => p.Stages).Must(s => s is null || s.Where(x => x?.Code is not null).GroupBy(x => x.Code).All(g => g.Count() == 1))
            .WithText(SalesTexts.Code("StageCodesRepeat"));
        RuleFor(p => p.CustomFields).Must(f => f is null || f.Count <= 50).WithText(SalesTexts.Code("TooManyFields"))
            .Must(f => f is null || f.Where(x => x?.Key is not null).GroupBy(x => x.Key, StringComparer.OrdinalIgnoreCase).All(g => g.Count() == 1))
            .WithText(SalesTexts.Code("FieldKeysRepeat"));
        RuleForEach(p => p.CustomFields).NotNull().WithText(SalesTexts.Code("FieldMissing")).ChildRules(field =>
        {
            field.RuleFor(f => f.Key).NotEmpty().WithText(SalesTexts.Code("FieldKeyRequired"))
                .Must(k => k is null || (SavePipeline.FieldKey().IsMatch(k) && !DealFieldNames.BuiltIn.Contains(k, StringComparer.OrdinalIgnoreCase)))
                .WithText(SalesTexts.Code("FieldKeyInvalid"));
            field.RuleFor(f => f.Name).NotEmpty().WithText(SalesTexts.Code("FieldNameRequired")).AtMost(200);
            field.RuleFor(f => f.Type).Known();
        });
        RuleFor(p => p.LossReasons).Must(r => r is null || r.Count <= 50).WithText(SalesTexts.Code("TooManyReasons"))
            .Must(r => r is null || r.Distinct(StringComparer.OrdinalIgnoreCase).Count() == r.Count).WithText(SalesTexts.Code("ReasonsRepeat"));
        RuleForEach(p => p.LossReasons).NotEmpty().WithText(SalesTexts.Code("ReasonRequired")).AtMost(100);

        // Rules across fields: a required field names a built-in or declared field, a reference names a stage here.
        RuleFor(p => p).Custom((p, context) =>
        {
            var stages = p.Stages?.Where(s => s is not null).ToList() ?? [];
            var codes = stages.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
            var keys = (p.CustomFields ?? []).Where(f => f?.Key is not null).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < (p.Stages?.Count ?? 0); i++)
            {
                var stage = p.Stages![i];
                for (var j = 0; j < (stage?.RequiredFields?.Count ?? 0); j++)
                {
                    var name = stage!.RequiredFields![j];
                    if (!DealFieldNames.BuiltIn.Contains(name) && !keys.Contains(name))
                    {
                        context.AddFailure(SalesTexts.Failure($"Stages[{i}].RequiredFields[{j}]", SalesTexts.Say("RequiredFieldUnknown", name ?? "")));
                    }
                }

                for (var j = 0; j < (stage?.Robots?.Count ?? 0); j++)
                {
                    var robot = stage!.Robots![j];
                    if (robot is { Kind: RobotKind.MoveToPipeline, Stage: { } target } && robot.PipelineId == p.Id && !codes.Contains(target))
                    {
                        context.AddFailure(SalesTexts.Failure($"Stages[{i}].Robots[{j}].Stage", SalesTexts.Say("StageUnknown", target)));
                    }
                }
            }

            if (p.OnInvoicePaid is { } paid && !codes.Contains(paid))
            {
                context.AddFailure(SalesTexts.Failure("OnInvoicePaid", SalesTexts.Say("StageUnknown", paid)));
            }
        });
    }

    /// <summary>Who a task or notice goes to: the deal's owner, or every user of a sales role.</summary>
    public static readonly IReadOnlyList<string> Assignees = [DealFieldNames.Assignee, CrmRoles.Manager, CrmRoles.SalesHead, CrmRoles.Director];

    private static bool Assignee(string? value) => value is not null && Assignees.Contains(value);
}

public sealed record ListPipelines : IQuery<IReadOnlyList<Pipeline>>;

public sealed class ListPipelinesValidator : AbstractValidator<ListPipelines>
{
    // Nothing to check: the whole catalogue, for everyone in sales.
}

public sealed class PipelineHandlers(PipelineStore store, TimeProvider time) :
    ICommandHandler<SavePipeline, Pipeline>,
    IQueryHandler<ListPipelines, IReadOnlyList<Pipeline>>
{
    public async ValueTask<Pipeline> Handle(SavePipeline command, CancellationToken cancellationToken)
    {
        var id = command.Id ?? Guid.CreateVersion7();
        await CheckLinksAsync(command, id, cancellationToken);
        var now = time.GetUtcNow();
        var pipeline = new Pipeline(id, command.Name!.Trim(), 0, command.NextInteractionRequired,
            command.Stages!.Select(s => s with { RequiredFields = s.RequiredFields ?? [], Robots = s.Robots ?? [], RequiredAttachments = s.RequiredAttachments ?? [] }).ToList(),
            command.CustomFields ?? [], command.LossReasons?.Select(r => r.Trim()).ToList() ?? [], command.OnInvoicePaid, now, now);
        if (command.Id is null)
        {
            return await store.CreateAsync(pipeline, cancellationToken);
        }

        // A stage that open deals stand in may not go: they could neither move nor be counted in the funnel's order.
        if (await store.GetAsync(id, cancellationToken) is { } stored)
        {
            var dropped = stored.Stages.Select(s => s.Code).Except(pipeline.Stages.Select(s => s.Code)).ToList();
            if ((await store.OpenDealsInAsync(id, dropped, cancellationToken)).FirstOrDefault() is { Value: > 0 } holding)
            {
                throw new ConflictException(SalesTexts.Say("StageHoldsDeals", holding.Key, holding.Value), stored.Version);
            }
        }

        return await store.UpdateAsync(pipeline, command.Version!.Value, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<Pipeline>> Handle(ListPipelines query, CancellationToken cancellationToken) =>
        await store.ListAsync(cancellationToken);

    /// <summary>A MoveToPipeline robot names a stage of a pipeline that exists (this one's were checked by the validator).</summary>
    private async Task CheckLinksAsync(SavePipeline command, Guid id, CancellationToken cancellationToken)
    {
        for (var i = 0; i < command.Stages!.Count; i++)
        {
            var robots = command.Stages[i].Robots ?? [];
            for (var j = 0; j < robots.Count; j++)
            {
                if (robots[j] is not { Kind: RobotKind.MoveToPipeline, PipelineId: { } target, Stage: { } stage } || target == id)
                {
                    continue;
                }

                var other = await store.GetAsync(target, cancellationToken);
                if (other is null)
                {
                    throw SalesTexts.Invalid($"stages[{i}].robots[{j}].pipelineId", SalesTexts.Say("PipelineNotFound", target.ToString()));
                }

                if (other.Stage(stage) is null)
                {
                    throw SalesTexts.Invalid($"stages[{i}].robots[{j}].stage", SalesTexts.Say("StageUnknown", stage));
                }
            }
        }
    }
}
