using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.BuildingBlocks.Http;

/// <summary>
/// Turns every error a user can cause into RFC 7807 ProblemDetails: 400 with per-field messages,
/// 403, 404, 409, 413; and 503 with Retry-After when the database cannot take or answer the request now (it is down,
/// overloaded, or a commit's outcome is unknown): the client retries, with the same idempotency key, instead of
/// waiting or treating it as a bug. Anything else stays a 500 and is logged by the framework.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    private const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            ValidationException validation => new HttpValidationProblemDetails(FieldErrors(validation))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more fields are invalid.",
                Extensions = { ["errorCodes"] = FieldErrorCodes(validation) },
            },
            NotFoundException notFound => Said(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = notFound.Message }, notFound),
            ForbiddenException forbidden => Said(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden.", Detail = forbidden.Message }, forbidden),
            ConflictException conflict => Said(Conflict(conflict), conflict),
            PayloadTooLargeException tooLarge => Said(new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge, Title = "The request body is too large.", Detail = tooLarge.Message }, tooLarge),
            BadHttpRequestException { InnerException: JsonException json } => new HttpValidationProblemDetails(JsonFieldError(json))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body is not valid JSON for this endpoint.",
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "Bad request.",
                Detail = bad.Message,
            },
            _ when CommitOutcome.IsUnavailable(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is briefly unavailable.",
                Detail = exception is CommitOutcomeUnknownException
                    ? "The change may or may not have been saved. Retry it with the same Idempotency-Key, or reload and check."
                    : "The database is not answering right now. Try again in a few seconds.",
            },
            _ => null,
        };

        if (problem is null)
        {
            return false;
        }

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // Not the caller's fault and not a bug of ours to page about, but operators want to see the database go.
            logger.LogWarning(exception, "Answered 503 to {Method} {Path}: the database could not answer", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Conflict(ConflictException conflict)
    {
        var problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict.", Detail = conflict.Message };
        if (conflict.CurrentVersion is { } version)
        {
            problem.Extensions["currentVersion"] = version;
        }

        if (conflict.Missing is { } missing)
        {
            problem.Extensions["missing"] = missing;
        }

        return problem;
    }

    /// <summary>The English <c>detail</c> stays; a client that speaks another language renders <c>code</c> with <c>args</c>.</summary>
    private static ProblemDetails Said(ProblemDetails problem, CrmException exception)
    {
        if (exception.Text is { } text)
        {
            problem.Extensions["code"] = text.Code;
            problem.Extensions["args"] = text.Args.Select(arg => arg.Value).ToArray();
        }

        return problem;
    }

    /// <summary>Each field's error codes, in the order of its messages: a rule's <c>WithText</c> code, or FluentValidation's validator name.</summary>
    public static Dictionary<string, string[]> FieldErrorCodes(ValidationException validation) =>
        validation.Errors
            .GroupBy(e => CamelCasePath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorCode).Distinct().ToArray());

    /// <summary>FluentValidation names fields like <c>Contacts[0].Phones[1]</c>; the API speaks camelCase.</summary>
    public static Dictionary<string, string[]> FieldErrors(ValidationException validation) =>
        validation.Errors
            .GroupBy(e => CamelCasePath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());

    public static string CamelCasePath(string path) =>
        string.Join('.', path.Split('.').Select(segment => segment.Length == 0 ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));

    private static Dictionary<string, string[]> JsonFieldError(JsonException json)
    {
        // System.Text.Json reports "$.contacts[0].phones"; strip the root marker.
        var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
        return new Dictionary<string, string[]> { [field] = ["The value has the wrong type or format."] };
    }
}
