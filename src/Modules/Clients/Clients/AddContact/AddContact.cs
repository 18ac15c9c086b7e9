using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.Clients.Cards;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Domain;

namespace OrleansCrm.Clients.AddContact;

/// <summary>Adds a contact person to a client. With an idempotency key a retry adds nothing twice.</summary>
public sealed record AddContact(string? Name, string? Position, IReadOnlyList<string>? Phones, IReadOnlyList<string>? Emails) : ICommand<ClientDetails>
{
    [JsonIgnore]
    public Guid ClientId { get; init; }

    [JsonIgnore]
    public string? IdempotencyKey { get; init; }

    public ContactInput ToInput() => new(null, Name, Position, Phones, Emails);
}

public sealed class AddContactValidator : AbstractValidator<AddContact>
{
    public AddContactValidator(PhoneNumberNormalizer phones)
    {
        var contact = new ContactInputValidator(phones);
        RuleFor(c => c.ToInput()).SetValidator(contact).OverridePropertyName("");
        RuleFor(c => c.IdempotencyKey).MaximumLength(200);
    }
}

public sealed class AddContactHandler(IGrainFactory grains, ClientCardFactory cards) : ICommandHandler<AddContact, ClientDetails>
{
    public async ValueTask<ClientDetails> Handle(AddContact command, CancellationToken cancellationToken)
    {
        var id = command.IdempotencyKey is { Length: > 0 } key
            ? DeterministicGuid.Create($"clients/{command.ClientId}/contacts", key)
            : Guid.CreateVersion7();
        return await grains.GetGrain<IClientGrain>(command.ClientId).AddContact(cards.Contact(command.ToInput(), id));
    }
}
