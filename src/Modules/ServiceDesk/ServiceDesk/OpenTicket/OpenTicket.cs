using System.Text.Json.Serialization;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Texts;

namespace OrleansCrm.ServiceDesk.OpenTicket;

/// <summary>Opens a ticket and hands it to the queue's dispatcher at once. With an idempotency key a retry opens nothing twice.</summary>
public sealed record OpenTicket(
    Guid? ClientId,
    Guid? ContactId,
    string? Subject,
    string? Description,
    TicketChannel? Channel,
    TicketPriority? Priority,
    string? RequiredSkill,
    int? MinLevel,
    int? EstimatedMinutes,
    bool? Billable,
    string? OverrideReason) : ICommand<TicketDetails>
{
    [JsonIgnore]
    public string? IdempotencyKey { get; init; }

    [JsonIgnore]
    public string Actor { get; init; } = "api";

    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = TicketAccess.Nobody;
}

public sealed class OpenTicketValidator : AbstractValidator<OpenTicket>
{
    public OpenTicketValidator()
    {
        RuleFor(t => t.ClientId).NotEmpty().WithText(ServiceDeskTexts.Code("ClientRequired"));
        RuleFor(t => t.Subject).NotEmpty().WithText(ServiceDeskTexts.Code("SubjectRequired")).MaximumLength(300);
        RuleFor(t => t.Description).MaximumLength(10_000);
        RuleFor(t => t.RequiredSkill).NotEmpty().WithText(ServiceDeskTexts.Code("SkillRequired")).MaximumLength(50)
            .Matches("^[A-Za-z0-9._-]+$").WithText(ServiceDeskTexts.Code("SkillCodeChars"));
        // Enums arrive as numbers too (JSON, and pages that send the command directly): an undefined one is refused.
        RuleFor(t => t.Priority).IsInEnum();
        RuleFor(t => t.Channel).IsInEnum();
        RuleFor(t => t.MinLevel).InclusiveBetween(1, 5);
        RuleFor(t => t.EstimatedMinutes).InclusiveBetween(1, 100_000);
        RuleFor(t => t.OverrideReason).MaximumLength(500);
        RuleFor(t => t.IdempotencyKey).MaximumLength(200);
    }
}

public sealed class OpenTicketHandler(IGrainFactory grains) : ICommandHandler<OpenTicket, TicketDetails>
{
    public async ValueTask<TicketDetails> Handle(OpenTicket command, CancellationToken cancellationToken)
    {
        TicketAccess.EnsureCanOpen(command.Caller);
        if (!string.IsNullOrWhiteSpace(command.OverrideReason) && !command.Caller.CanDispatch)
        {
            throw new ForbiddenException(ServiceDeskTexts.Say("OverrideNeedsDispatcher"));
        }

        var client = await grains.GetGrain<IClientGrain>(command.ClientId!.Value).Get()
            ?? throw Invalid("clientId", ServiceDeskTexts.Say("ClientNotFound", command.ClientId.ToString()));
        if (command.ContactId is { } contactId && client.Contacts.All(c => c.Id != contactId))
        {
            throw Invalid("contactId", ServiceDeskTexts.Say("ContactNotOfClient", contactId.ToString(), client.ShortName));
        }

        var overrideReason = string.IsNullOrWhiteSpace(command.OverrideReason) ? null : command.OverrideReason.Trim();
        if (client.SupportStatus == SupportStatus.Terminated && overrideReason is null)
        {
            // No support work for a client whose contract has ended, unless someone takes responsibility for it.
            throw new ConflictException(ServiceDeskTexts.Say("NoSupportTerminated", client.ShortName));
        }

        var billable = command.Billable ?? false;
        var priority = command.Priority ?? TicketPriority.Normal;
        var ticket = new NewTicket(
            client.Id, command.ContactId, command.Subject!.Trim(), command.Description?.Trim(), command.Channel ?? TicketChannel.Web, priority,
            command.RequiredSkill!.Trim().ToLowerInvariant(), command.MinLevel ?? 1, command.EstimatedMinutes, billable,
            client.SupportStatus == SupportStatus.Terminated ? overrideReason : null, SupportQueues.Support);

        // Billable work for a client without active support is flagged so that Billing can invoice it.
        var unbilled = billable && client.SupportStatus != SupportStatus.Active;
        if (command.IdempotencyKey is { Length: > 0 } key)
        {
            // A retry finds the ticket its first attempt opened.
            return await grains.GetGrain<ITicketGrain>(TicketIdFor(command.Caller, key)).Open(ticket, unbilled, command.Actor);
        }

        var tickets = grains.GetGrain<ITicketGrain>(Guid.CreateVersion7());
        using (NewGrain.Mark(tickets.GetGrainId()))
        {
            return await tickets.Open(ticket, unbilled, command.Actor); // placed by the queue's dispatcher as it opens
        }
    }

    /// <summary>
    /// The ticket an idempotency key stands for. Keys are the caller's own: the same key from another user is another
    /// ticket, so nobody reads a ticket by replaying someone else's key. The product's own keys (demo, jobs) keep the
    /// namespace they always had.
    /// </summary>
    public static Guid TicketIdFor(Caller caller, string key) => ReferenceEquals(caller, Caller.System)
        ? DeterministicGuid.Create("servicedesk/tickets", key)
        : DeterministicGuid.Create("servicedesk/tickets/by-user", $"{caller.UserName}\n{key}");

    private static ValidationException Invalid(string field, ServerText text) => new([ServiceDeskTexts.Failure(field, text)]);
}
