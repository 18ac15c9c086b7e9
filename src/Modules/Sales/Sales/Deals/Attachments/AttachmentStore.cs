using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.Attachments;

/// <summary>
/// A deal's files as plain rows (sales.deal_attachments), the bytes in the row or in the configured folder. Adding and
/// removing one writes its audit entry (entity <c>deal</c>) in the same transaction. In the folder the file is written
/// first, under a new name, then the row: a row that fails to commit removes the file, so a failed add leaves neither; a
/// removal deletes the row first, then the file (a file left by a crash there is an orphan nobody can reach, never a row
/// without its file).
/// </summary>
public sealed class AttachmentStore(SalesDb db, AuditLog audit, IOptions<AttachmentOptions> options, TimeProvider time, ILogger<AttachmentStore> logger)
{
    private const string Columns = "id, deal_id, kind, file_name, content_type, size, uploaded_by, uploaded_at";

    public AttachmentOptions Options => options.Value;

    public async Task<DealAttachment> AddAsync(Guid dealId, string kind, string fileName, string contentType, byte[] content, Guid? by, CancellationToken cancellationToken)
    {
        var attachment = new DealAttachment(Guid.CreateVersion7(), dealId, kind, fileName, contentType, content.LongLength, by, time.GetUtcNow());
        string? path = null;
        if (Options.Store == AttachmentStoreKind.Folder)
        {
            path = PathOf(attachment);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, content, cancellationToken);
        }

        try
        {
            await using var connection = await db.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ModuleDb.ExecuteAsync(connection, transaction, $"""
                INSERT INTO {db.DealAttachments} (id, deal_id, kind, file_name, content_type, size, content, stored_as, uploaded_by, uploaded_at)
                VALUES (@id, @deal, @kind, @name, @type, @size, @content, @stored, @by, @at)
                """, cancellationToken,
                ("id", db.Id(attachment.Id)), ("deal", db.Id(dealId)), ("kind", kind), ("name", fileName), ("type", contentType), ("size", attachment.Size),
                ("content", path is null ? content : null), ("stored", path is null ? null : Path.GetRelativePath(Folder, path)), ("by", db.Id(by)),
                ("at", db.Moment(attachment.UploadedAt)));
            await WriteAuditAsync(connection, transaction, dealId, "AddAttachment", new AuditChange("attachments", null, $"{kind}: {fileName}"), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch when (path is not null)
        {
            // Whatever the database said, no row points at this file: it goes (an unknown commit outcome is read as
            // "not stored"; a row left by such a commit would name a missing file, and its download says so).
            TryDelete(path);
            throw;
        }

        return attachment;
    }

    public async Task<IReadOnlyList<DealAttachment>> ListAsync(Guid dealId, CancellationToken cancellationToken = default)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null,
            $"SELECT {Columns} FROM {db.DealAttachments} WHERE deal_id = @deal ORDER BY uploaded_at, id", ("deal", db.Id(dealId)));
        var found = new List<DealAttachment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(Read(reader));
        }

        return found;
    }

    /// <summary>The kinds of file the deal has (what a stage's required attachments are checked against).</summary>
    public async Task<IReadOnlySet<string>> KindsAsync(Guid dealId, CancellationToken cancellationToken = default) =>
        (await ListAsync(dealId, cancellationToken)).Select(a => a.Kind).ToHashSet(StringComparer.Ordinal);

    /// <summary>The attachment and its bytes, or null when the deal has no such attachment.</summary>
    public async Task<(DealAttachment Attachment, byte[] Content)?> ReadAsync(Guid dealId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null,
            $"SELECT {Columns}, content, stored_as FROM {db.DealAttachments} WHERE deal_id = @deal AND id = @id", ("deal", db.Id(dealId)), ("id", db.Id(id)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var attachment = Read(reader);
        if (!reader.IsDBNull(8))
        {
            return (attachment, reader.GetFieldValue<byte[]>(8));
        }

        var path = Path.Combine(Folder, reader.GetString(9));
        return File.Exists(path)
            ? (attachment, await File.ReadAllBytesAsync(path, cancellationToken))
            : throw new BuildingBlocks.Errors.NotFoundException(SalesTexts.Say("AttachmentFileMissing", attachment.FileName));
    }

    /// <summary>Removes the attachment; false when the deal had none with that id.</summary>
    public async Task<bool> DeleteAsync(Guid dealId, Guid id, CancellationToken cancellationToken)
    {
        string? storedAs;
        string kind, name;
        await using (var connection = await db.OpenAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = ModuleDb.Command(connection, transaction,
                $"SELECT kind, file_name, stored_as FROM {db.DealAttachments} WHERE deal_id = @deal AND id = @id", ("deal", db.Id(dealId)), ("id", db.Id(id))))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return false;
                }

                (kind, name, storedAs) = (reader.GetString(0), reader.GetString(1), ModuleDb.ReadText(reader, 2));
            }

            if (await ModuleDb.ExecuteAsync(connection, transaction, $"DELETE FROM {db.DealAttachments} WHERE id = @id", cancellationToken, ("id", db.Id(id))) == 0)
            {
                return false; // removed meanwhile
            }

            await WriteAuditAsync(connection, transaction, dealId, "DeleteAttachment", new AuditChange("attachments", $"{kind}: {name}", null), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (storedAs is not null)
        {
            TryDelete(Path.Combine(Folder, storedAs));
        }

        return true;
    }

    private string Folder => Path.GetFullPath(Options.Folder ?? throw new InvalidOperationException($"{AttachmentOptions.Section}:Folder is not set, and Store is Folder."));

    /// <summary>A new name every time (the attachment's own id), so a write never replaces a file a row points at.</summary>
    private string PathOf(DealAttachment attachment) => Path.Combine(Folder, attachment.DealId.ToString("N"), attachment.Id.ToString("N"));

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException exception)
        {
            logger.LogWarning(exception, "Could not delete the attachment file {Path}", path);
        }
        catch (UnauthorizedAccessException exception)
        {
            logger.LogWarning(exception, "Could not delete the attachment file {Path}", path);
        }
    }

    private Task WriteAuditAsync(DbConnection connection, DbTransaction transaction, Guid dealId, string action, AuditChange change, CancellationToken cancellationToken) =>
        audit.WriteAsync(connection, transaction, new AuditEntry(Guid.CreateVersion7(), "deal", dealId.ToString(), null, SalesTexts.Module,
            AuditContext.Current ?? AuditActor.Product, time.GetUtcNow(), action, [change]), cancellationToken);

    private static DealAttachment Read(DbDataReader reader) => new(
        ModuleDb.ReadId(reader, 0), ModuleDb.ReadId(reader, 1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        Convert.ToInt64(reader.GetValue(5)), ModuleDb.ReadNullableId(reader, 6), ModuleDb.ReadMoment(reader, 7));
}
