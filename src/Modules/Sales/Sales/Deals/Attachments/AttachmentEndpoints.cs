using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Http;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Access;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.Attachments;

/// <summary><c>/api/deals/{id}/attachments</c>: upload (multipart: file, kind), download, delete.</summary>
internal static class AttachmentEndpoints
{
    public static void MapAttachmentEndpoints(this RouteGroupBuilder deals)
    {
        var maxFile = ((IEndpointRouteBuilder)deals).ServiceProvider.GetRequiredService<IOptions<AttachmentOptions>>().Value.MaxBytes;
        deals.MapPost("/{id:guid}/attachments", async Task<Created<DealAttachment>> (Guid id, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var (kind, file) = await ReadFormAsync(http, cancellationToken);
            var attachment = await mediator.Send(new AddAttachment
            {
                DealId = id, Kind = kind, FileName = file?.FileName, Size = file?.Length ?? 0, Open = () => file!.OpenReadStream(), Viewer = DealViewer.From(http.User),
            }, cancellationToken);
            return TypedResults.Created($"/api/deals/{id}/attachments/{attachment.Id}", attachment);
        })
        .WithSummary("Attach a file to a deal")
        .WithDescription("multipart/form-data: file, kind (a code such as contract-scan; a stage may require kinds before a deal leaves it). The type is told by the content (PDF, PNG, JPEG, Office, plain text), the size is limited (Sales:Attachments:MaxBytes, 10 MB): a refusal is a 400 naming file.")
        // Bearer clients carry no antiforgery token; a cookie's cross-site form is refused before this (RefuseCrossSite).
        .DisableAntiforgery()
        .WithBodyLimit(Math.Min(FormLimit(maxFile), BodyLimits.Largest), SalesTexts.Say("AttachmentTooLarge", AddAttachmentValidator.Megabytes(maxFile)))
        .Accepts<IFormFile>("multipart/form-data")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.Changers))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        deals.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async Task<FileContentHttpResult> (Guid id, Guid attachmentId, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var (attachment, content) = await mediator.Send(new GetAttachment(id, attachmentId, DealViewer.From(http.User)), cancellationToken);
            return TypedResults.File(content, attachment.ContentType, attachment.FileName);
        })
        .WithSummary("Download a deal's file")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.Readers))
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        deals.MapDelete("/{id:guid}/attachments/{attachmentId:guid}", async Task<NoContent> (Guid id, Guid attachmentId, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        {
            await mediator.Send(new DeleteAttachment(id, attachmentId, DealViewer.From(http.User)), cancellationToken);
            return TypedResults.NoContent();
        })
        .WithSummary("Remove a file from a deal")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.Changers))
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Room for a file twice the limit and the form around it: a file somewhat too large gets the clear 400, not the host's 413.</summary>
    private static long FormLimit(long maxFile) => 2 * maxFile + 64 * 1024;

    /// <summary>
    /// The form, read with room above the size limit so that a file somewhat too large reaches the validator's clear 400;
    /// one far beyond it (or beyond the server's request limit) is the same 400, never a 500.
    /// </summary>
    private static async Task<(string? Kind, IFormFile? File)> ReadFormAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return (null, null);
        }

        var max = http.RequestServices.GetRequiredService<IOptions<AttachmentOptions>>().Value.MaxBytes;
        try
        {
            var form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = FormLimit(max) }, cancellationToken);
            return (form["kind"].ToString() is { Length: > 0 } kind ? kind.Trim() : null, form.Files.GetFile("file"));
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            throw SalesTexts.Invalid("file", SalesTexts.Say("AttachmentTooLarge", AddAttachmentValidator.Megabytes(max)));
        }
    }
}
