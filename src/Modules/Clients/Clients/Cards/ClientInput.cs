using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Clients.Cards;

/// <summary>A client card as sent by a user: everything optional so that the validator, not the JSON reader, names what is missing.</summary>
public record ClientInput
{
    public string? LegalName { get; init; }
    public string? ShortName { get; init; }
    public ClientKind? Kind { get; init; }
    public string? TaxId { get; init; }
    public IReadOnlyList<ContactInput>? Contacts { get; init; }
    public Guid? ManagerId { get; init; }
    public IReadOnlyList<string>? Segments { get; init; }
    public IReadOnlyDictionary<string, AttributeInput>? Attributes { get; init; }
    public SupportStatus? SupportStatus { get; init; }
    public RemoteAccess? RemoteAccess { get; init; }
    public string? Particularities { get; init; }
    public IReadOnlyList<InstallationInput>? Installations { get; init; }
}

public sealed record ContactInput(Guid? Id, string? Name, string? Position, IReadOnlyList<string>? Phones, IReadOnlyList<string>? Emails);

public sealed record AttributeInput(AttributeType? Type, string? Value);

public sealed record InstallationInput(string? Product, string? Release, IReadOnlyList<string>? Databases, DateOnly? NextUpdateDue);
