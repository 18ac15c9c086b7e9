using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OrleansCrm.BuildingBlocks.Http.Texts;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.BuildingBlocks.Http;

/// <summary>
/// The first look at every request, before routing: an address or headers over the product's limits (414, 431) and a
/// NUL character in the path or in any query parameter (400 naming it) are answered here with ProblemDetails. Kestrel's
/// own limits are set twice as high (<see cref="KestrelUriLimit"/>, <see cref="KestrelHeadersLimit"/>), so a request
/// between the two gets a body; one beyond Kestrel's, or one that is not HTTP at all, still gets Kestrel's bare answer,
/// written before any middleware runs.
/// </summary>
public static class RequestEdge
{
    /// <summary>The longest request target (path and query) the product answers.</summary>
    public const int MaxUriLength = 8 * 1024;

    /// <summary>The most header bytes (names and values) the product answers.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    public const int KestrelUriLimit = 2 * MaxUriLength;

    public const int KestrelHeadersLimit = 2 * MaxHeaderBytes;

    public static async Task CheckAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
        if (target.Length > MaxUriLength)
        {
            await EdgeProblems.WriteAsync(context, StatusCodes.Status414UriTooLong, "The address is too long.", HttpTexts.Say("UriTooLong", MaxUriLength));
            return;
        }

        if (HeaderBytes(request.Headers) > MaxHeaderBytes)
        {
            await EdgeProblems.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request's headers are too large.", HttpTexts.Say("HeadersTooLarge", MaxHeaderBytes));
            return;
        }

        var fields = new Dictionary<string, IReadOnlyList<ServerText>>();
        if (request.Path.HasValue && request.Path.Value.Contains('\0'))
        {
            fields["path"] = [HttpTexts.Say("NulCharacter")];
        }

        foreach (var (key, values) in request.Query)
        {
            if (key.Contains('\0') || values.Any(value => value?.Contains('\0') == true))
            {
                fields[key.Replace("\0", "", StringComparison.Ordinal) is { Length: > 0 } name ? name : "query"] = [HttpTexts.Say("NulCharacter")];
            }
        }

        if (fields.Count > 0)
        {
            await EdgeProblems.WriteAsync(context, StatusCodes.Status400BadRequest, EdgeProblems.FieldsTitle, null, fields);
            return;
        }

        await next();
    }

    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
        {
            total += name.Length + 4;
            foreach (var value in values)
            {
                total += value?.Length ?? 0;
            }
        }

        return total;
    }
}
