using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Clients;

/// <summary>
/// The Clients HTTP API: thin, each endpoint one Mediator message. Every signed-in user reads clients (specialists need
/// the card on a call); the people who deal with clients change them; a specialist may also add a contact person.
/// </summary>
public static class ClientEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static readonly string[] Editors = [CrmRoles.Director, CrmRoles.SalesHead, CrmRoles.Manager, CrmRoles.Dispatcher];

    public static readonly string[] ContactEditors = [.. Editors, CrmRoles.Specialist];

    public static IEndpointRouteBuilder MapClientEndpoints(this IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup("/api/clients").WithTags("Clients");

        clients.MapPost("/", async Task<Created<ClientDetails>> (
            CreateClient.CreateClient command,
            [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
            IMediator mediator,
            CancellationToken cancellationToken) =>
        {
            var client = await mediator.Send(command with { IdempotencyKey = idempotencyKey }, cancellationToken);
            return TypedResults.Created($"/api/clients/{client.Id}", client);
        })
        .WithSummary("Create a client")
        .WithDescription("Send an Idempotency-Key header to make retries safe: the same key returns the same client. Directors, SalesHeads, Managers and Dispatchers.")
        .RequireAuthorization(policy => policy.RequireRole(Editors))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict);

        clients.MapGet("/", async Task<Ok<ClientPage>> (
            string? search, string? segment, Guid? manager, SupportStatus? status, int? page, int? pageSize, string? sort,
            IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new SearchClients.SearchClients(search, segment, manager, status, page ?? 1, pageSize ?? 20, sort), cancellationToken)))
        .WithSummary("Search clients")
        .WithDescription("search matches the name, the tax id, a contact's phone in any format or e-mail; filters combine; pages count from 1; sort is name, legalName, taxId, kind or status, with a leading '-' for descending.")
        .ProducesValidationProblem();

        clients.MapGet("/lookup", async Task<Ok<IReadOnlyList<PhoneLookupMatch>>> (string? phone, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new LookupByPhone.LookupClientsByPhone(phone), cancellationToken)))
        .WithSummary("Clients with a contact at this phone number")
        .ProducesValidationProblem();

        clients.MapGet("/{id:guid}", async Task<Ok<ClientDetails>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetClient.GetClient(id), cancellationToken)))
        .WithSummary("A client's card")
        .ProducesProblem(StatusCodes.Status404NotFound);

        clients.MapPut("/{id:guid}", async Task<Ok<ClientDetails>> (Guid id, UpdateClient.UpdateClient command, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id }, cancellationToken)))
        .WithSummary("Replace a client's card")
        .WithDescription("version is the version you edited; if someone saved a newer one the answer is 409 with currentVersion. Directors, SalesHeads, Managers and Dispatchers.")
        .RequireAuthorization(policy => policy.RequireRole(Editors))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        clients.MapPost("/{id:guid}/contacts", async Task<Created<ClientDetails>> (
            Guid id,
            AddContact.AddContact command,
            [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
            IMediator mediator,
            CancellationToken cancellationToken) =>
        {
            var client = await mediator.Send(command with { ClientId = id, IdempotencyKey = idempotencyKey }, cancellationToken);
            return TypedResults.Created($"/api/clients/{client.Id}", client);
        })
        .WithSummary("Add a contact person to a client")
        .WithDescription("Directors, SalesHeads, Managers, Dispatchers and Specialists.")
        .RequireAuthorization(policy => policy.RequireRole(ContactEditors))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }
}
