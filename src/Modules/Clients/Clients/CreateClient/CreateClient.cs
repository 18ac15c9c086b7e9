using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.Clients.Cards;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Clients.CreateClient;

/// <summary>Creates a client. With an idempotency key the id is derived from it, so a retry returns the same client.</summary>
public sealed record CreateClient : ClientInput, ICommand<ClientDetails>
{
    public CreateClient()
    {
    }

    /// <summary>A card built in code (demo data, imports) sent as the same command the API sends.</summary>
    public CreateClient(ClientInput card, string? idempotencyKey) : base(card) => IdempotencyKey = idempotencyKey;

    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}

public sealed class CreateClientValidator : AbstractValidator<CreateClient>
{
    public CreateClientValidator(ClientInputValidator card)
    {
        Include(card);
        RuleFor(c => c.IdempotencyKey).MaximumLength(200);
    }
}

public sealed class CreateClientHandler(IGrainFactory grains, ClientCardFactory cards) : ICommandHandler<CreateClient, ClientDetails>
{
    public async ValueTask<ClientDetails> Handle(CreateClient command, CancellationToken cancellationToken)
    {
        var id = command.IdempotencyKey is { Length: > 0 } key ? DeterministicGuid.Create("clients/create", key) : Guid.CreateVersion7();
        var card = cards.Create(command, id, "create");
        return await grains.GetGrain<IClientGrain>(id).Create(card);
    }
}
