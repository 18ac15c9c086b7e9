using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.ReadModel;

namespace OrleansCrm.Clients.Cards;

/// <summary>
/// The source of truth for one client. Each change is persisted, then projected to the read tables
/// (lists and search), guarded by the version so a late or repeated projection never wins over a newer one.
/// </summary>
internal sealed class ClientGrain(
    [PersistentState("client", CrmStorage.Grains)] IPersistentState<ClientState> state,
    ClientProjection projection,
    TimeProvider time,
    ILogger<ClientGrain> logger) : Grain, IClientGrain
{
    private ClientCard? Card => state.State.Card;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A crash between the state write and the projection leaves the read tables one version behind: catch up here.
        if (Details() is { } details)
        {
            await projection.ProjectAsync(details, cancellationToken);
        }
    }

    public Task<ClientDetails?> Get() => Task.FromResult(Details());

    public async Task<ClientDetails> Create(ClientCard card)
    {
        if (Card is not null)
        {
            return Card.SameAs(card) && state.State.Version == 1
                ? Details()!
                : throw new ConflictException($"Client {this.GetPrimaryKey()} already exists.", state.State.Version);
        }

        var now = time.GetUtcNow();
        state.State.CreatedAt = now;
        return await SaveAsync(card, now);
    }

    public async Task<ClientDetails> Update(ClientCard card, int expectedVersion)
    {
        var current = Card ?? throw NotFound();
        if (expectedVersion == state.State.Version - 1 && current.SameAs(card))
        {
            return Details()!; // the same update, retried after its response was lost
        }

        if (expectedVersion != state.State.Version)
        {
            throw new ConflictException(
                $"The client was changed by someone else: you edited version {expectedVersion}, the current version is {state.State.Version}. Reload and apply your changes again.",
                state.State.Version);
        }

        return await SaveAsync(card, time.GetUtcNow());
    }

    public async Task<ClientDetails> AddContact(Contact contact)
    {
        var current = Card ?? throw NotFound();
        if (current.Contacts.FirstOrDefault(c => c.Id == contact.Id) is { } existing)
        {
            return ClientCard.SameContact(existing, contact)
                ? Details()!
                : throw new ConflictException($"Contact {contact.Id} already exists with other details.", state.State.Version);
        }

        return await SaveAsync(current with { Contacts = [.. current.Contacts, contact] }, time.GetUtcNow());
    }

    private async Task<ClientDetails> SaveAsync(ClientCard card, DateTimeOffset now)
    {
        var previous = (state.State.Card, state.State.Version, state.State.UpdatedAt);
        state.State.Card = card;
        state.State.Version++;
        state.State.UpdatedAt = now;
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException exception)
        {
            // Another activation wrote first (possible briefly after a silo crash): drop this one and let the caller retry.
            (state.State.Card, state.State.Version, state.State.UpdatedAt) = previous;
            logger.LogWarning(exception, "Concurrent write to client {ClientId}", this.GetPrimaryKey());
            DeactivateOnIdle();
            throw new ConflictException("The client was changed at the same moment by another request. Reload and try again.");
        }
        catch
        {
            (state.State.Card, state.State.Version, state.State.UpdatedAt) = previous;
            throw;
        }

        var details = Details()!;
        await projection.ProjectAsync(details, CancellationToken.None);
        return details;
    }

    private ClientDetails? Details() => Card is null
        ? null
        : ClientDetails.From(this.GetPrimaryKey(), state.State.Version, Card, state.State.CreatedAt, state.State.UpdatedAt);

    private NotFoundException NotFound() => new($"Client {this.GetPrimaryKey()} does not exist.");
}
