using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Clients.ReadModel;

/// <summary>One client in the list and search tables, as of <see cref="Version"/>.</summary>
public sealed class ClientRow
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string LegalName { get; set; } = "";
    public string ShortName { get; set; } = "";

    /// <summary>Lower-cased names: SQLite's LIKE folds only ASCII, so Cyrillic search compares lower-case to lower-case.</summary>
    public string SearchName { get; set; } = "";
    public ClientKind Kind { get; set; }
    public string? TaxId { get; set; }
    public Guid? ManagerId { get; set; }
    public SupportStatus SupportStatus { get; set; }

    /// <summary>JSON array, for display; filtering uses <see cref="ClientSegmentRow"/>.</summary>
    public string Segments { get; set; } = "[]";
}

public sealed class ClientPhoneRow
{
    public Guid ClientId { get; set; }
    public Guid ContactId { get; set; }
    public string Phone { get; set; } = "";
    public string ContactName { get; set; } = "";
}

public sealed class ClientEmailRow
{
    public Guid ClientId { get; set; }
    public Guid ContactId { get; set; }
    public string Email { get; set; } = "";
}

public sealed class ClientSegmentRow
{
    public Guid ClientId { get; set; }
    public string Segment { get; set; } = "";
}
