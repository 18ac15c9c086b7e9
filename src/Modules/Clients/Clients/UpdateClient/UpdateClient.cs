using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Cards;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Texts;

namespace OrleansCrm.Clients.UpdateClient;

/// <summary>Replaces a client's card. <see cref="Version"/> is the version the user edited; a newer one makes this a 409.</summary>
public sealed record UpdateClient : ClientInput, ICommand<ClientDetails>
{
    public UpdateClient()
    {
    }

    /// <summary>A card edited in code (the web UI's form) sent as the same command the API sends.</summary>
    public UpdateClient(ClientInput card, Guid id, int? version) : base(card)
    {
        Id = id;
        Version = version;
    }

    [JsonIgnore]
    public Guid Id { get; init; }

    public int? Version { get; init; }
}

public sealed class UpdateClientValidator : AbstractValidator<UpdateClient>
{
    public UpdateClientValidator(ClientInputValidator card)
    {
        Include(card);
        RuleFor(c => c.Version).NotNull().WithText(ClientsTexts.Code("VersionRequired"))
            .GreaterThan(0);
    }
}

public sealed class UpdateClientHandler(IGrainFactory grains, ClientCardFactory cards) : ICommandHandler<UpdateClient, ClientDetails>
{
    public async ValueTask<ClientDetails> Handle(UpdateClient command, CancellationToken cancellationToken)
    {
        // New contacts get ids salted by the edited version: a retry of this update yields the same card.
        var card = cards.Create(command, command.Id, $"update/{command.Version}");
        return await grains.GetGrain<IClientGrain>(command.Id).Update(card, command.Version!.Value);
    }
}
