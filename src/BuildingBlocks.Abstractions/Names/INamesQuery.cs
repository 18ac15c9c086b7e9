namespace OrleansCrm.BuildingBlocks.Names;

/// <summary>
/// A module's "names of these ids" query (<c>GetClientNames</c>, <c>GetUserNames</c>, <c>GetSpecialistNames</c>): how
/// another module names the keys it holds without reading the owner's tables or copying its names. Unknown ids are left
/// out of the answer. At most <see cref="Max"/> ids per call.
/// </summary>
public interface INamesQuery
{
    public const int Max = 5000;

    IReadOnlyCollection<Guid> Ids { get; }
}
