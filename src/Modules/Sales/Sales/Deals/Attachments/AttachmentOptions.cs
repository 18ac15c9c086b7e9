namespace OrleansCrm.Sales.Deals.Attachments;

/// <summary>
/// <c>Sales:Attachments</c> in configuration: where a deal's files are kept (the database by default, or a folder), how big
/// one may be, and which types of content are accepted (by what the bytes are, never by the name).
/// </summary>
public sealed class AttachmentOptions
{
    public const string Section = "Sales:Attachments";

    public AttachmentStoreKind Store { get; set; } = AttachmentStoreKind.Database;

    /// <summary>For <see cref="AttachmentStoreKind.Folder"/>: the folder the files go to (one sub-folder per deal).</summary>
    public string? Folder { get; set; }

    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The accepted types, by <see cref="FileType"/> name.</summary>
    public List<string> Allowed { get; set; } = [.. Enum.GetNames<FileType>()];

    public bool Allows(FileType type) => Allowed.Contains(type.ToString(), StringComparer.OrdinalIgnoreCase);
}

public enum AttachmentStoreKind
{
    Database = 0,
    Folder = 1,
}
