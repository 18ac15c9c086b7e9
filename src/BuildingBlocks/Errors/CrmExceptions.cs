namespace OrleansCrm.BuildingBlocks.Errors;

/// <summary>
/// Errors a user can cause, thrown by grains and handlers and turned into ProblemDetails by the host.
/// They cross grain calls, so Orleans serializes them.
/// </summary>
[GenerateSerializer]
public abstract class CrmException : Exception
{
    protected CrmException(string message) : base(message) { }
}

/// <summary>404: the thing asked for does not exist.</summary>
[GenerateSerializer]
public sealed class NotFoundException : CrmException
{
    public NotFoundException(string message) : base(message) { }
}

/// <summary>409: the current state does not allow the change (a stale version, a duplicate, a forbidden transition).</summary>
[GenerateSerializer]
public sealed class ConflictException : CrmException
{
    public ConflictException(string message, int? currentVersion = null) : base(message) => CurrentVersion = currentVersion;

    /// <summary>For a stale update: the version the caller must re-read.</summary>
    [Id(0)]
    public int? CurrentVersion { get; init; }
}

/// <summary>403: the signed-in user may not do this (another specialist's ticket, a dispatcher's move).</summary>
[GenerateSerializer]
public sealed class ForbiddenException : CrmException
{
    public ForbiddenException(string message) : base(message) { }
}
