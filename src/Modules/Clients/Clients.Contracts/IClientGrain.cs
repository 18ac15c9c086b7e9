namespace OrleansCrm.Clients.Contracts;

/// <summary>
/// One client: the card and its live facts. Commands are idempotent: creating an existing client with
/// the same card, or adding a contact that is already there, returns the current state and changes nothing.
/// </summary>
public interface IClientGrain : IGrainWithGuidKey
{
    /// <summary>Null when no client has this id.</summary>
    Task<ClientDetails?> Get();

    /// <summary>Conflict when the id already holds a different client.</summary>
    Task<ClientDetails> Create(ClientCard card);

    /// <summary>Replaces the card; conflict when <paramref name="expectedVersion"/> is not the current version.</summary>
    Task<ClientDetails> Update(ClientCard card, int expectedVersion);

    Task<ClientDetails> AddContact(Contact contact);

    /// <summary>
    /// The support status as the client's contracts decide it (Agreements): the same status again changes nothing, so a
    /// repeated delivery is harmless. Audited like every change, with the caller as the actor.
    /// </summary>
    Task<ClientDetails> SetSupportStatus(SupportStatusChange change);
}

/// <summary>Why the support status changes: <paramref name="Reason"/> names the contract that decided it (for the log).</summary>
[GenerateSerializer, Immutable]
public sealed record SupportStatusChange([property: Id(0)] SupportStatus Status, [property: Id(1)] string Reason);
