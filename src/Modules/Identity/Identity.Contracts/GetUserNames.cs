using Mediator;

namespace OrleansCrm.Identity.Contracts;

/// <summary>
/// The user names of these users (ids as Guids), for another module's reports (Sales' plans name the managers). Unknown ids
/// are left out. At most <see cref="Max"/> ids per call.
/// </summary>
public sealed record GetUserNames(IReadOnlyCollection<Guid> Ids) : IQuery<IReadOnlyDictionary<Guid, string>>
{
    public const int Max = 5000;
}
