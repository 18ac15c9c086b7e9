using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Grains;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.ReadModel;
using OrleansCrm.Clients.Texts;

namespace OrleansCrm.Clients.Cards;

/// <summary>
/// The source of truth for one client. Each change is stored with its rows in the list and search tables, in one
/// transaction (the save pipeline, <see cref="StatefulGrain{TState, TDetails}"/>); the rows are guarded by the version,
/// so a late or repeated write never wins over a newer one.
/// </summary>
internal sealed class ClientGrain(
    [PersistentState("client", CrmStorage.Grains)] IPersistentState<ClientState> state,
    ClientProjection projection,
    GrainKit kit) : StatefulGrain<ClientState, ClientDetails>(state, kit), IClientGrain
{
    private ClientCard? Card => State.Card;

    protected override string Noun => "client";

    public Task<ClientDetails?> Get() => Task.FromResult(Card is null ? null : Describe());

    public async Task<ClientDetails> Create(ClientCard card)
    {
        if (Card is not null)
        {
            return Card.SameAs(card) && State.Version == 1
                ? Describe()
                : throw new ConflictException(ClientsTexts.Say("ClientExists", this.GetPrimaryKey().ToString()), State.Version);
        }

        var now = Kit.Time.GetUtcNow();
        State.CreatedAt = now;
        return await SaveAsync(card, now);
    }

    public async Task<ClientDetails> Update(ClientCard card, int expectedVersion)
    {
        var current = Card ?? throw NotFound();
        if (expectedVersion == State.Version - 1 && current.SameAs(card))
        {
            return Describe(); // the same update, retried after its response was lost
        }

        if (expectedVersion != State.Version)
        {
            throw new ConflictException(ClientsTexts.Say("StaleVersion", expectedVersion, State.Version), State.Version);
        }

        return await SaveAsync(card, Kit.Time.GetUtcNow());
    }

    public async Task<ClientDetails> AddContact(Contact contact)
    {
        var current = Card ?? throw NotFound();
        if (current.Contacts.FirstOrDefault(c => c.Id == contact.Id) is { } existing)
        {
            return ClientCard.SameContact(existing, contact)
                ? Describe()
                : throw new ConflictException(ClientsTexts.Say("ContactExists", contact.Id.ToString()), State.Version);
        }

        return await SaveAsync(current with { Contacts = [.. current.Contacts, contact] }, Kit.Time.GetUtcNow());
    }

    public async Task<ClientDetails> SetSupportStatus(SupportStatusChange change)
    {
        var current = Card ?? throw NotFound();
        if (current.SupportStatus == change.Status)
        {
            return Describe(); // already so: a repeated delivery, or a contract change that leaves the status as it is
        }

        Logger.LogInformation("Client {ClientId}: support {From} → {To} ({Reason})", this.GetPrimaryKey(), current.SupportStatus, change.Status, change.Reason);
        return await SaveAsync(current with { SupportStatus = change.Status }, Kit.Time.GetUtcNow());
    }

    private Task<ClientDetails> SaveAsync(ClientCard card, DateTimeOffset now)
    {
        State.Card = card;
        State.UpdatedAt = now;
        return SaveAsync();
    }

    protected override ClientDetails Describe() => ClientDetails.From(this.GetPrimaryKey(), State.Version, Card!, State.CreatedAt, State.UpdatedAt);

    protected override RowWrite Row(ClientDetails details) => projection.Row(details);

    private NotFoundException NotFound() => new(ClientsTexts.Say("ClientNotFound", this.GetPrimaryKey().ToString()));
}
