namespace OrleansCrm.Clients.Contracts;

// Stored by number in grain state (StoredEnums.txt in Host.Tests guards it): keep every value; a new member takes a new one.
public enum ClientKind
{
    Company = 0,
    SoleProprietor = 1,
    BudgetInstitution = 2,
}

/// <summary>Set by hand for now; the Contracts module will drive it from contract dates.</summary>
// Stored by number in grain state (StoredEnums.txt in Host.Tests guards it): keep every value; a new member takes a new one.
public enum SupportStatus
{
    Active = 0,
    Suspended = 1,
    Terminated = 2,
}

// Stored by number in grain state (StoredEnums.txt in Host.Tests guards it): keep every value; a new member takes a new one.
public enum AttributeType
{
    Text = 0,
    Number = 1,
    Date = 2,
    Bool = 3,
}

/// <summary>A custom attribute's value, kept as invariant text (numbers with '.', dates as yyyy-MM-dd, bools as true/false).</summary>
[GenerateSerializer, Immutable]
public sealed record CustomAttribute([property: Id(0)] AttributeType Type, [property: Id(1)] string Value);

[GenerateSerializer, Immutable]
public sealed record Contact(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Position,
    [property: Id(3)] IReadOnlyList<string> Phones,
    [property: Id(4)] IReadOnlyList<string> Emails);

[GenerateSerializer, Immutable]
public sealed record RemoteAccess([property: Id(0)] string? Method, [property: Id(1)] string? Notes);

/// <summary>A product the client runs: "1C:Accounting 3.0", "BAS ERP", "M.E.Doc".</summary>
[GenerateSerializer, Immutable]
public sealed record Installation(
    [property: Id(0)] string Product,
    [property: Id(1)] string? Release,
    [property: Id(2)] IReadOnlyList<string> Databases,
    [property: Id(3)] DateOnly? NextUpdateDue);

/// <summary>Everything a user edits on a client card, already validated and normalised (phones in E.164, e-mails lower-case).</summary>
[GenerateSerializer, Immutable]
public sealed record ClientCard(
    [property: Id(0)] string LegalName,
    [property: Id(1)] string ShortName,
    [property: Id(2)] ClientKind Kind,
    [property: Id(3)] string? TaxId,
    [property: Id(4)] IReadOnlyList<Contact> Contacts,
    [property: Id(5)] Guid? ManagerId,
    [property: Id(6)] IReadOnlyList<string> Segments,
    [property: Id(7)] IReadOnlyDictionary<string, CustomAttribute> Attributes,
    [property: Id(8)] SupportStatus SupportStatus,
    [property: Id(9)] RemoteAccess? RemoteAccess,
    [property: Id(10)] string? Particularities,
    [property: Id(11)] IReadOnlyList<Installation> Installations)
{
    /// <summary>Records compare lists by reference; a retried command must be recognised by content.</summary>
    public bool SameAs(ClientCard other) =>
        LegalName == other.LegalName && ShortName == other.ShortName && Kind == other.Kind && TaxId == other.TaxId
        && ManagerId == other.ManagerId && SupportStatus == other.SupportStatus && RemoteAccess == other.RemoteAccess
        && Particularities == other.Particularities
        && Segments.SequenceEqual(other.Segments)
        && Contacts.Count == other.Contacts.Count && Contacts.Zip(other.Contacts).All(p => SameContact(p.First, p.Second))
        && Attributes.Count == other.Attributes.Count && Attributes.All(a => other.Attributes.TryGetValue(a.Key, out var v) && v == a.Value)
        && Installations.Count == other.Installations.Count && Installations.Zip(other.Installations).All(p =>
            p.First.Product == p.Second.Product && p.First.Release == p.Second.Release
            && p.First.NextUpdateDue == p.Second.NextUpdateDue && p.First.Databases.SequenceEqual(p.Second.Databases));

    public static bool SameContact(Contact a, Contact b) =>
        a.Id == b.Id && a.Name == b.Name && a.Position == b.Position && a.Phones.SequenceEqual(b.Phones) && a.Emails.SequenceEqual(b.Emails);
}
