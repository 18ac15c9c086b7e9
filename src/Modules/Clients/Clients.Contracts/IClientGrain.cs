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
}
