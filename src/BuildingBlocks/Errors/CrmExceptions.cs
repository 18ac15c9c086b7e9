using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.BuildingBlocks.Errors;

/// <summary>
/// Errors a user can cause, thrown by grains and handlers and turned into ProblemDetails by the host.
/// They cross grain calls, so Orleans serializes them.
/// </summary>
[GenerateSerializer]
public abstract class CrmException : Exception
{
    protected CrmException(string message) : base(message) { }

    /// <summary>Says <paramref name="text"/>: the message is its English rendering, the UI renders it in the user's language.</summary>
    protected CrmException(ServerText text) : base(ServerTexts.InEnglish(text)) => Text = text;

    /// <summary>What to tell the user, in any language; null for the older English-only messages.</summary>
    [Id(0)]
    public ServerText? Text { get; init; }

    /// <summary>The message in the current UI culture.</summary>
    public string Localized() => Text is { } text ? ServerTexts.Render(text) : Message;
}

/// <summary>404: the thing asked for does not exist.</summary>
[GenerateSerializer]
public sealed class NotFoundException : CrmException
{
    public NotFoundException(string message) : base(message) { }

    public NotFoundException(ServerText text) : base(text) { }
}

/// <summary>409: the current state does not allow the change (a stale version, a duplicate, a forbidden transition).</summary>
[GenerateSerializer]
public sealed class ConflictException : CrmException
{
    public ConflictException(string message, int? currentVersion = null) : base(message) => CurrentVersion = currentVersion;

    public ConflictException(ServerText text, int? currentVersion = null) : base(text) => CurrentVersion = currentVersion;

    /// <summary>For a stale update: the version the caller must re-read.</summary>
    [Id(0)]
    public int? CurrentVersion { get; init; }

    /// <summary>For a refusal that names what is missing (a deal leaving a stage without its required fields): their names, as the API spells them.</summary>
    [Id(1)]
    public IReadOnlyList<string>? Missing { get; init; }
}

/// <summary>413: the request's body is larger than its endpoint takes (<see cref="Http.BodyLimit"/>).</summary>
[GenerateSerializer]
public sealed class PayloadTooLargeException : CrmException
{
    public PayloadTooLargeException(ServerText text) : base(text) { }
}

/// <summary>403: the signed-in user may not do this (another specialist's ticket, a dispatcher's move).</summary>
[GenerateSerializer]
public sealed class ForbiddenException : CrmException
{
    public ForbiddenException(string message) : base(message) { }

    public ForbiddenException(ServerText text) : base(text) { }
}
