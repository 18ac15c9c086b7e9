using OrleansCrm.Clients.Cards;
using OrleansCrm.Clients.Contracts;
using CreateClientCommand = OrleansCrm.Clients.CreateClient.CreateClient;
using UpdateClientCommand = OrleansCrm.Clients.UpdateClient.UpdateClient;

namespace OrleansCrm.Web.Clients;

/// <summary>
/// What the client form edits: the whole card, since an update replaces it. The module's validator checks it (the page
/// shows its messages per field), so nothing is checked here twice. Lists people type as text (phones, e-mails,
/// segments, databases) are split on commas, semicolons and new lines.
/// </summary>
public sealed class ClientForm
{
    /// <summary>One per form: a double click or a retry after a lost answer creates one client, not two.</summary>
    public string IdempotencyKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The version the form was filled from; null for a new client.</summary>
    public int? Version { get; private set; }

    public string? LegalName { get; set; }
    public string? ShortName { get; set; }
    public ClientKind Kind { get; set; } = ClientKind.Company;
    public string? TaxId { get; set; }
    public Guid? ManagerId { get; set; }
    public SupportStatus SupportStatus { get; set; } = SupportStatus.Active;
    public string? Segments { get; set; }
    public string? RemoteAccessMethod { get; set; }
    public string? RemoteAccessNotes { get; set; }
    public string? Particularities { get; set; }
    public List<ContactForm> Contacts { get; } = [];
    public List<InstallationForm> Installations { get; } = [];

    /// <summary>Not edited here (yet): kept as they are, since an update replaces the whole card.</summary>
    public IReadOnlyDictionary<string, CustomAttribute> Attributes { get; private set; } = new Dictionary<string, CustomAttribute>();

    public static ClientForm From(ClientDetails client)
    {
        var form = new ClientForm
        {
            Version = client.Version,
            LegalName = client.LegalName,
            ShortName = client.ShortName,
            Kind = client.Kind,
            TaxId = client.TaxId,
            ManagerId = client.ManagerId,
            SupportStatus = client.SupportStatus,
            Segments = string.Join(", ", client.Segments),
            RemoteAccessMethod = client.RemoteAccess?.Method,
            RemoteAccessNotes = client.RemoteAccess?.Notes,
            Particularities = client.Particularities,
            Attributes = client.Attributes,
        };
        form.Contacts.AddRange(client.Contacts.Select(c => new ContactForm
        {
            Id = c.Id, Name = c.Name, Position = c.Position, Phones = string.Join(", ", c.Phones), Emails = string.Join(", ", c.Emails),
        }));
        form.Installations.AddRange(client.Installations.Select(i => new InstallationForm
        {
            Product = i.Product, Release = i.Release, Databases = string.Join(", ", i.Databases), NextUpdateDue = i.NextUpdateDue?.ToDateTime(TimeOnly.MinValue),
        }));
        return form;
    }

    public CreateClientCommand ToCreate() => new(ToInput(), IdempotencyKey);

    public UpdateClientCommand ToUpdate(Guid id) => new(ToInput(), id, Version);

    public ClientInput ToInput() => new()
    {
        LegalName = LegalName,
        ShortName = ShortName,
        Kind = Kind,
        TaxId = Blank(TaxId),
        Contacts = Contacts.Select(c => new ContactInput(c.Id, c.Name, c.Position, Split(c.Phones), Split(c.Emails))).ToList(),
        ManagerId = ManagerId,
        Segments = Split(Segments),
        Attributes = Attributes.ToDictionary(a => a.Key, a => new AttributeInput(a.Value.Type, a.Value.Value)),
        SupportStatus = SupportStatus,
        RemoteAccess = Blank(RemoteAccessMethod) is null && Blank(RemoteAccessNotes) is null ? null : new RemoteAccess(RemoteAccessMethod, RemoteAccessNotes),
        Particularities = Particularities,
        Installations = Installations
            .Select(i => new InstallationInput(i.Product, i.Release, Split(i.Databases), i.NextUpdateDue is { } due ? DateOnly.FromDateTime(due) : null))
            .ToList(),
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<string> Split(string? text) =>
        (text ?? "").Split([',', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}

public sealed class ContactForm
{
    /// <summary>Null for a contact added in this form: the module gives it an id.</summary>
    public Guid? Id { get; set; }
    public string? Name { get; set; }
    public string? Position { get; set; }
    public string? Phones { get; set; }
    public string? Emails { get; set; }
}

public sealed class InstallationForm
{
    public string? Product { get; set; }
    public string? Release { get; set; }
    public string? Databases { get; set; }

    /// <summary>A DateTime because Radzen's date picker edits one; only the date is kept.</summary>
    public DateTime? NextUpdateDue { get; set; }
}
