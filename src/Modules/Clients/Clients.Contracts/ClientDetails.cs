namespace OrleansCrm.Clients.Contracts;

/// <summary>A client as the API and other modules see it: the card plus identity, version and times.</summary>
[GenerateSerializer, Immutable]
public sealed record ClientDetails(
    [property: Id(0)] Guid Id,
    [property: Id(1)] int Version,
    [property: Id(2)] string LegalName,
    [property: Id(3)] string ShortName,
    [property: Id(4)] ClientKind Kind,
    [property: Id(5)] string? TaxId,
    [property: Id(6)] IReadOnlyList<Contact> Contacts,
    [property: Id(7)] Guid? ManagerId,
    [property: Id(8)] IReadOnlyList<string> Segments,
    [property: Id(9)] IReadOnlyDictionary<string, CustomAttribute> Attributes,
    [property: Id(10)] SupportStatus SupportStatus,
    [property: Id(11)] RemoteAccess? RemoteAccess,
    [property: Id(12)] string? Particularities,
    [property: Id(13)] IReadOnlyList<Installation> Installations,
    [property: Id(14)] DateTimeOffset CreatedAt,
    [property: Id(15)] DateTimeOffset UpdatedAt)
{
    public static ClientDetails From(Guid id, int version, ClientCard card, DateTimeOffset createdAt, DateTimeOffset updatedAt) =>
        new(id, version, card.LegalName, card.ShortName, card.Kind, card.TaxId, card.Contacts, card.ManagerId, card.Segments,
            card.Attributes, card.SupportStatus, card.RemoteAccess, card.Particularities, card.Installations, createdAt, updatedAt);
}

/// <summary>A row of a client list: what a list or a telephony pop-up shows without activating the grain.</summary>
public sealed record ClientSummary(
    Guid Id,
    int Version,
    string LegalName,
    string ShortName,
    ClientKind Kind,
    string? TaxId,
    Guid? ManagerId,
    SupportStatus SupportStatus,
    IReadOnlyList<string> Segments);

public sealed record ClientPage(IReadOnlyList<ClientSummary> Items, int Total, int Page, int PageSize);

/// <summary>A client that has a contact with the looked-up phone number, and who that contact is.</summary>
public sealed record PhoneLookupMatch(ClientSummary Client, Guid ContactId, string ContactName);
