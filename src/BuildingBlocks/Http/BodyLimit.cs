using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.BuildingBlocks.Http;

/// <summary>
/// An endpoint's own request body limit, above the API's default (<see cref="BodyLimits.Default"/>): a statement upload
/// takes 16 MB. A larger body is a 413 ProblemDetails saying <see cref="TooLarge"/> (its code and arguments for clients
/// in other languages).
/// </summary>
public sealed record BodyLimit(long Bytes, ServerText TooLarge);

public static class BodyLimits
{
    /// <summary>What every other request may send: requests larger than this are refused with 413 before they are read.</summary>
    public const long Default = 1024 * 1024;

    /// <summary>The most any endpoint may take (the server's own limit).</summary>
    public const long Largest = 32 * 1024 * 1024;

    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes, ServerText tooLarge)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Largest);
        return builder.WithMetadata(new BodyLimit(bytes, tooLarge));
    }

    /// <summary>
    /// After routing (the endpoint decides its limit): a declared length over the limit is refused at once, and the server
    /// stops reading a body without one at the limit (Kestrel alone would only fail while reading).
    /// </summary>
    public static Task RefuseLargeBodies(HttpContext context, Func<Task> next)
    {
        var own = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>();
        var bytes = own?.Bytes ?? Default;
        if (context.Request.ContentLength > bytes)
        {
            throw own is null
                ? new BadHttpRequestException($"The request body is larger than {bytes} bytes.", StatusCodes.Status413PayloadTooLarge)
                : new PayloadTooLargeException(own.TooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = bytes;
        }

        return next();
    }
}
