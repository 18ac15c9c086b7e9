using Mediator;

namespace OrleansCrm.Staff.Contracts;

/// <summary>
/// The names of these specialists, for another module's lists (the tickets list sorts by assignee). Unknown ids are left
/// out. At most <see cref="Max"/> ids per call.
/// </summary>
public sealed record GetSpecialistNames(IReadOnlyCollection<Guid> Ids) : IQuery<IReadOnlyDictionary<Guid, string>>
{
    public const int Max = 5000;
}
