using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Activities.Interactions;

/// <summary>
/// Logs or plans an interaction: done when <see cref="DoneAt"/> is given, else planned at <see cref="PlannedAt"/>. A done one
/// on a deal whose pipeline makes the next step mandatory must say <see cref="Next"/>. <see cref="OwnerId"/> defaults to the
/// caller; only SalesHead and Director log for someone else.
/// </summary>
public sealed record CreateInteraction(
    InteractionKind? Kind, Guid? ClientId, Guid? ContactId, Guid? DealId, Guid? TicketId, Guid? OwnerId,
    DateTimeOffset? PlannedAt, DateTimeOffset? DoneAt, string? Notes, NextInteraction? Next) : ICommand<Interaction>
{
    [JsonIgnore]
    public string? IdempotencyKey { get; init; }

    [JsonIgnore]
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed class CreateInteractionValidator : AbstractValidator<CreateInteraction>
{
    /// <summary>How far ahead of this host's clock a device's "now" may be (a done interaction is logged as it happens).</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public CreateInteractionValidator(TimeProvider time)
    {
        RuleFor(c => c.Kind).NotNull().WithText(SalesTexts.Code("InteractionKindRequired")).Known();
        RuleFor(c => c.ClientId).NotEmpty().WithText(SalesTexts.Code("InteractionClientRequired"));
        RuleFor(c => c.PlannedAt).NotEmpty().When(c => c.DoneAt is null).WithText(SalesTexts.Code("InteractionWhenRequired"));
        // Done is in the past: the activity report reads a month up to today as whole, since nothing in it comes later.
        RuleFor(c => c.DoneAt).Must(d => d is null || d <= time.GetUtcNow() + ClockSkew).WithText(SalesTexts.Code("InteractionDoneInFuture"));
        RuleFor(c => c.Notes).AtMost(10_000);
        RuleFor(c => c.IdempotencyKey).AtMost(150);
        RuleFor(c => c.Next!).SetValidator(new NextInteractionValidator()).When(c => c.Next is not null);
    }
}

public sealed class NextInteractionValidator : AbstractValidator<NextInteraction>
{
    public NextInteractionValidator()
    {
        RuleFor(n => n.Kind).NotNull().WithText(SalesTexts.Code("InteractionKindRequired")).Known();
        RuleFor(n => n.PlannedAt).NotEmpty().WithText(SalesTexts.Code("InteractionWhenRequired"));
    }
}

public sealed class CreateInteractionHandler(InteractionStore store, ActivityLinks links) : ICommandHandler<CreateInteraction, Interaction>
{
    public async ValueTask<Interaction> Handle(CreateInteraction command, CancellationToken cancellationToken)
    {
        var caller = command.Caller;
        var owner = command.OwnerId ?? caller.UserId ?? throw ModuleTexts<SalesTexts>.Invalid("ownerId", SalesTexts.Say("InteractionOwnerRequired"));
        if (!caller.SeesAll && !caller.Is(owner))
        {
            throw new ForbiddenException(SalesTexts.Say("InteractionNotYours"));
        }

        var client = (await links.CheckAsync(command.ClientId, command.DealId, command.TicketId, "ownerId", [owner], cancellationToken))!;
        if (command.ContactId is { } contact && client.Contacts.All(c => c.Id != contact))
        {
            throw ModuleTexts<SalesTexts>.Invalid("contactId", SalesTexts.Say("InteractionContactNotOfClient", contact.ToString(), client.ShortName));
        }

        if (command.DoneAt is not null)
        {
            await InteractionRules.CheckNextAsync(store, command.DealId, command.Next, cancellationToken);
        }

        // Keys are the caller's own: the same key from another user is another interaction.
        var key = command.IdempotencyKey is { Length: > 0 } given ? $"user:{caller.UserId}:{given}" : $"new:{Guid.NewGuid()}";
        return await store.CreateAsync(
            new InteractionDraft(command.Kind!.Value, command.ClientId!.Value, command.ContactId, command.DealId, command.TicketId, owner,
                command.PlannedAt, command.DoneAt, string.IsNullOrWhiteSpace(command.Notes) ? null : command.Notes.Trim(), key),
            command.DoneAt is null ? null : command.Next, cancellationToken);
    }
}

/// <summary>Finishes a planned interaction with its notes and plans the next (mandatory when the deal's pipeline says so).</summary>
public sealed record FinishInteraction(string? Notes, NextInteraction? Next) : ICommand<Interaction>
{
    [JsonIgnore]
    public Guid InteractionId { get; init; }

    [JsonIgnore]
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed class FinishInteractionValidator : AbstractValidator<FinishInteraction>
{
    public FinishInteractionValidator()
    {
        RuleFor(c => c.Notes).AtMost(10_000);
        RuleFor(c => c.Next!).SetValidator(new NextInteractionValidator()).When(c => c.Next is not null);
    }
}

public sealed class FinishInteractionHandler(InteractionStore store) : ICommandHandler<FinishInteraction, Interaction>
{
    public async ValueTask<Interaction> Handle(FinishInteraction command, CancellationToken cancellationToken)
    {
        var interaction = await store.GetAsync(command.InteractionId, cancellationToken);
        if (interaction is null || !InteractionStore.MaySee(interaction, command.Caller))
        {
            throw new NotFoundException(SalesTexts.Say("InteractionNotFound", command.InteractionId.ToString()));
        }

        if (interaction.DoneAt is null)
        {
            await InteractionRules.CheckNextAsync(store, interaction.DealId, command.Next, cancellationToken);
        }

        return await store.FinishAsync(command.InteractionId, command.Caller, string.IsNullOrWhiteSpace(command.Notes) ? null : command.Notes.Trim(), command.Next,
            cancellationToken);
    }
}

/// <summary>Moves a planned interaction to another moment (the calendar's drag, or a call put off).</summary>
public sealed record MoveInteraction(DateTimeOffset? PlannedAt, int? Version) : ICommand<Interaction>
{
    [JsonIgnore]
    public Guid InteractionId { get; init; }

    [JsonIgnore]
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed class MoveInteractionValidator : AbstractValidator<MoveInteraction>
{
    public MoveInteractionValidator() => RuleFor(c => c.PlannedAt).NotEmpty().WithText(SalesTexts.Code("InteractionWhenRequired"));
}

public sealed class MoveInteractionHandler(InteractionStore store) : ICommandHandler<MoveInteraction, Interaction>
{
    public async ValueTask<Interaction> Handle(MoveInteraction command, CancellationToken cancellationToken) =>
        await store.MoveAsync(command.InteractionId, command.Caller, command.PlannedAt!.Value, command.Version, cancellationToken);
}

internal static class InteractionRules
{
    /// <summary>Finishing an interaction on a deal whose pipeline has <c>next_interaction_required</c> must plan the next: a 400 on <c>next</c>.</summary>
    public static async Task CheckNextAsync(InteractionStore store, Guid? dealId, NextInteraction? next, CancellationToken cancellationToken)
    {
        if (next is null && await store.NextRequiredAsync(dealId, cancellationToken))
        {
            throw ModuleTexts<SalesTexts>.Invalid("next", SalesTexts.Say("InteractionNextRequired"));
        }
    }
}

/// <summary>Interactions planned or done between <see cref="From"/> and <see cref="To"/> (moments), the caller's own unless they see everyone's.</summary>
public sealed record ListInteractions(
    Guid? OwnerId, Guid? ClientId, Guid? DealId, string? Status, DateTimeOffset? From, DateTimeOffset? To, int Limit = 500) : IQuery<IReadOnlyList<Interaction>>
{
    [JsonIgnore]
    public InteractionStatus? ParsedStatus => Tasks.ListTasks.Parse<InteractionStatus>(Status);

    [JsonIgnore]
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed class ListInteractionsValidator : AbstractValidator<ListInteractions>
{
    public ListInteractionsValidator()
    {
        RuleFor(q => q.Limit).Within(1, 2000);
        RuleFor(q => q.Status).Must((q, s) => s is null || q.ParsedStatus is not null).WithText(SalesTexts.Code("InteractionStatusInvalid"));
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null).WithText(SalesTexts.Code("ActivityPeriodInvalid"));
    }
}

public sealed class ListInteractionsHandler(InteractionStore store) : IQueryHandler<ListInteractions, IReadOnlyList<Interaction>>
{
    public async ValueTask<IReadOnlyList<Interaction>> Handle(ListInteractions query, CancellationToken cancellationToken) =>
        await store.ListAsync(query.Caller, query.OwnerId, query.ClientId, query.DealId, query.ParsedStatus, query.From, query.To, query.Limit, cancellationToken);
}

/// <summary>"No activity": open, unpaused deals with no planned interaction, with counts per owner.</summary>
public sealed record ListIdleDeals(Guid? OwnerId) : IQuery<IdleDeals>
{
    [JsonIgnore]
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed class ListIdleDealsValidator : AbstractValidator<ListIdleDeals>
{
    // An optional owner id: nothing to check.
}

public sealed class ListIdleDealsHandler(InteractionStore store, CompanyCalendar calendar) : IQueryHandler<ListIdleDeals, IdleDeals>
{
    public async ValueTask<IdleDeals> Handle(ListIdleDeals query, CancellationToken cancellationToken)
    {
        return await store.IdleDealsAsync(query.Caller, query.OwnerId, calendar.Today, cancellationToken);
    }
}
