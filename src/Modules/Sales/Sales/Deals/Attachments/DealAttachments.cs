using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Access;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.Attachments;

/// <summary>
/// Attaches a file to a deal. <see cref="Size"/> is what the upload declares, checked before a byte is read;
/// <see cref="Open"/> gives the bytes (an HTTP form's file or a page's upload). The type is told by the content.
/// </summary>
public sealed partial record AddAttachment : ICommand<DealAttachment>
{
    public Guid DealId { get; init; }
    public string? Kind { get; init; }
    public string? FileName { get; init; }
    public long Size { get; init; }

    [JsonIgnore]
    public Func<Stream> Open { get; init; } = () => Stream.Null;

    [JsonIgnore]
    public DealViewer Viewer { get; init; } = DealViewer.System;

    /// <summary>A kind is a short code a pipeline's stage can name: <c>contract-scan</c>, <c>proposal</c>.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    internal static partial Regex KindCode();
}

public sealed class AddAttachmentValidator : AbstractValidator<AddAttachment>
{
    public AddAttachmentValidator(IOptions<AttachmentOptions> options)
    {
        RuleFor(a => a.Kind).NotEmpty().WithText(SalesTexts.Code("AttachmentKindRequired"))
            .Must(k => k is null || AddAttachment.KindCode().IsMatch(k)).WithText(SalesTexts.Code("AttachmentKindInvalid"));
        RuleFor(a => a.FileName).NotEmpty().WithText(SalesTexts.Code("AttachmentFileRequired"))
            .MaximumLength(255).WithText(SalesTexts.Code("AttachmentNameTooLong"));
        RuleFor(a => a.Size).GreaterThan(0).OverridePropertyName("File").WithText(SalesTexts.Code("AttachmentEmpty"))
            .LessThanOrEqualTo(options.Value.MaxBytes).WithText(SalesTexts.Code("AttachmentTooLarge"), (_, _) => [Megabytes(options.Value.MaxBytes)]);
    }

    public static string Megabytes(long bytes) => (bytes / 1024m / 1024m).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The bytes of one of a deal's files, for whoever may read the deal.</summary>
public sealed record GetAttachment(Guid DealId, Guid AttachmentId, [property: JsonIgnore] DealViewer Viewer) : IQuery<(DealAttachment Attachment, byte[] Content)>;

public sealed class GetAttachmentValidator : AbstractValidator<GetAttachment>
{
    // Only ids from the route: access is the handler's.
}

public sealed record DeleteAttachment(Guid DealId, Guid AttachmentId, [property: JsonIgnore] DealViewer Viewer) : ICommand;

public sealed class DeleteAttachmentValidator : AbstractValidator<DeleteAttachment>
{
    // Only ids from the route: access is the handler's.
}

public sealed class AttachmentHandlers(IGrainFactory grains, AttachmentStore store, ISender sender) :
    ICommandHandler<AddAttachment, DealAttachment>,
    IQueryHandler<GetAttachment, (DealAttachment Attachment, byte[] Content)>,
    ICommandHandler<DeleteAttachment>
{
    public async ValueTask<DealAttachment> Handle(AddAttachment command, CancellationToken cancellationToken)
    {
        var deal = await DealAsync(command.DealId);
        command.Viewer.EnsureChanges(deal);
        var content = await ReadAsync(command, store.Options.MaxBytes, cancellationToken);
        if (FileSniffer.Sniff(content) is not { } sniffed || !store.Options.Allows(sniffed.Type))
        {
            throw SalesTexts.Invalid("file", SalesTexts.Say("AttachmentTypeNotAllowed", string.Join(", ", store.Options.Allowed)));
        }

        return await store.AddAsync(command.DealId, command.Kind!, Path.GetFileName(command.FileName!.Trim()), sniffed.ContentType, content,
            command.Viewer.UserId, cancellationToken);
    }

    public async ValueTask<(DealAttachment Attachment, byte[] Content)> Handle(GetAttachment query, CancellationToken cancellationToken)
    {
        await query.Viewer.EnsureReadsAsync(await DealAsync(query.DealId), sender, cancellationToken);
        return await store.ReadAsync(query.DealId, query.AttachmentId, cancellationToken)
            ?? throw new NotFoundException(SalesTexts.Say("AttachmentNotFound", query.AttachmentId.ToString()));
    }

    public async ValueTask<Unit> Handle(DeleteAttachment command, CancellationToken cancellationToken)
    {
        command.Viewer.EnsureChanges(await DealAsync(command.DealId));
        return await store.DeleteAsync(command.DealId, command.AttachmentId, cancellationToken)
            ? Unit.Value
            : throw new NotFoundException(SalesTexts.Say("AttachmentNotFound", command.AttachmentId.ToString()));
    }

    /// <summary>The bytes, at most <paramref name="max"/>: a declared size that lies is refused like a large one.</summary>
    private static async Task<byte[]> ReadAsync(AddAttachment command, long max, CancellationToken cancellationToken)
    {
        await using var source = command.Open();
        using var buffer = new MemoryStream((int)Math.Min(command.Size, max));
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw SalesTexts.Invalid("file", SalesTexts.Say("AttachmentTooLarge", AddAttachmentValidator.Megabytes(max)));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0 ? throw SalesTexts.Invalid("file", SalesTexts.Say("AttachmentEmpty")) : buffer.ToArray();
    }

    private async Task<DealDetails> DealAsync(Guid id) =>
        await grains.GetGrain<IDealGrain>(id).Get() ?? throw new NotFoundException(SalesTexts.Say("DealNotFound", id.ToString()));
}
