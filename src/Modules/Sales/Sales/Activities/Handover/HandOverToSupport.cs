using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Sales.Activities.Interactions;
using OrleansCrm.Sales.Activities.Tasks;
using OrleansCrm.Sales.Texts;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.Sales.Activities.Handover;

/// <summary>What is handed over to support: a task or an interaction.</summary>
public enum HandoverSource
{
    Task = 0,
    Interaction = 1,
}

/// <summary>
/// Hands the client of a task or an interaction over to support (seed 004): a service-desk ticket carrying the client,
/// the contact with their phone, and the notes of the client's last interaction. Idempotent: the ticket's key is the
/// source's id, and the source keeps the ticket's id, so a second hand-over returns the same ticket.
/// </summary>
public sealed record HandOverToSupport(string? Subject, string? Skill) : ICommand<HandoverResult>
{
    [JsonIgnore]
    public HandoverSource Source { get; init; }

    [JsonIgnore]
    public Guid SourceId { get; init; }

    [JsonIgnore]
    public SalesCaller Caller { get; init; } = SalesCaller.System;
}

public sealed record HandoverResult(Guid TicketId, string Subject, Guid ClientId, Guid? ContactId);

public sealed class HandOverToSupportValidator : AbstractValidator<HandOverToSupport>
{
    public HandOverToSupportValidator()
    {
        RuleFor(c => c.Subject).AtMost(300);
        RuleFor(c => c.Skill).AtMost(50).Matches("^[A-Za-z0-9._-]*$").WithText(SalesTexts.Code("HandoverSkillInvalid"));
    }
}

public sealed class HandOverToSupportHandler(
    TaskStore tasks, InteractionStore interactions, IGrainFactory grains, IMediator mediator, IOptions<ActivitiesOptions> options)
    : ICommandHandler<HandOverToSupport, HandoverResult>
{
    public async ValueTask<HandoverResult> Handle(HandOverToSupport command, CancellationToken cancellationToken)
    {
        var (clientId, contactId, title, ticketId, kindOf) = await SourceAsync(command, cancellationToken);
        var client = await grains.GetGrain<IClientGrain>(clientId).Get()
            ?? throw ModuleTexts<SalesTexts>.Invalid("clientId", SalesTexts.Say("HandoverClientUnknown", clientId.ToString()));
        var last = await interactions.LastDoneWithClientAsync(clientId, cancellationToken);
        contactId ??= last?.ContactId;
        var contact = client.Contacts.FirstOrDefault(c => c.Id == contactId);
        var subject = string.IsNullOrWhiteSpace(command.Subject) ? title : command.Subject.Trim();
        if (ticketId is { } existing)
        {
            return new HandoverResult(existing, subject, clientId, contact?.Id);
        }

        var lines = new List<string> { ServerTexts.Render(SalesTexts.Say("HandoverFrom", command.Caller.UserName, client.ShortName)) };
        if (contact is not null)
        {
            lines.Add(ServerTexts.Render(SalesTexts.Say("HandoverContact", contact.Name, contact.Phones.Count == 0 ? "—" : string.Join(", ", contact.Phones))));
        }

        if (last is not null)
        {
            lines.Add(ServerTexts.Render(SalesTexts.Say("HandoverLastInteraction", SalesTexts.Label(last.Kind),
                last.DoneAt!.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), last.Notes ?? "")));
        }

        var ticket = await mediator.Send(new OpenSupportTicket(
            clientId, contact?.Id, subject, string.Join("\n", lines), kindOf, string.IsNullOrWhiteSpace(command.Skill) ? options.Value.HandoverSkill : command.Skill,
            $"sales-handover:{command.Source}:{command.SourceId}"), cancellationToken);
        var kept = command.Source == HandoverSource.Task
            ? await tasks.SetHandoverTicketAsync(command.SourceId, ticket.Id, cancellationToken)
            : await interactions.SetHandoverTicketAsync(command.SourceId, ticket.Id, cancellationToken);
        return new HandoverResult(kept, subject, clientId, contact?.Id);
    }

    private async Task<(Guid Client, Guid? Contact, string Title, Guid? Ticket, TicketChannel Channel)> SourceAsync(HandOverToSupport command, CancellationToken cancellationToken)
    {
        if (command.Source == HandoverSource.Task)
        {
            var task = await tasks.GetAsync(command.SourceId, cancellationToken);
            if (task is null || !TaskRules.MaySee(task, command.Caller))
            {
                throw new NotFoundException(SalesTexts.Say("TaskNotFound", command.SourceId.ToString()));
            }

            var client = task.ClientId ?? throw ModuleTexts<SalesTexts>.Invalid("clientId", SalesTexts.Say("HandoverNeedsClient"));
            return (client, null, task.Title, task.HandoverTicketId, TicketChannel.Web);
        }

        var interaction = await interactions.GetAsync(command.SourceId, cancellationToken);
        if (interaction is null || !InteractionStore.MaySee(interaction, command.Caller))
        {
            throw new NotFoundException(SalesTexts.Say("InteractionNotFound", command.SourceId.ToString()));
        }

        var title = interaction.Notes is { Length: > 0 } notes ? notes.Split('\n')[0] : ServerTexts.Render(SalesTexts.Say("HandoverSubject"));
        return (interaction.ClientId, interaction.ContactId, title.Length > 300 ? title[..300] : title, interaction.HandoverTicketId,
            interaction.Kind switch { InteractionKind.Call => TicketChannel.Phone, InteractionKind.Email => TicketChannel.Email, _ => TicketChannel.Web });
    }
}

internal static class HandoverEndpoints
{
    public static IEndpointRouteBuilder MapHandoverEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var (path, source) in new[] { ("/api/tasks", HandoverSource.Task), ("/api/interactions", HandoverSource.Interaction) })
        {
            app.MapPost(path + "/{id:guid}/handover", async Task<Ok<HandoverResult>> (
                Guid id, [FromBody] HandOverToSupport? command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(
                    (command ?? new HandOverToSupport(null, null)) with { Source = source, SourceId = id, Caller = SalesCaller.From(user) }, cancellationToken)))
            .WithTags("Sales")
            .RequireAuthorization(policy => policy.RequireRole(SalesCaller.Roles))
            .WithSummary("Hand the client over to support as a ticket")
            .WithDescription("Body (optional): { subject, skill }. The ticket carries the client, the contact with their phone and the client's last interaction's notes. A second hand-over returns the same ticket.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        }

        return app;
    }
}
