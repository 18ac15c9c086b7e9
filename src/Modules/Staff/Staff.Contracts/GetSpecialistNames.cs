using Mediator;
using OrleansCrm.BuildingBlocks.Names;

namespace OrleansCrm.Staff.Contracts;

/// <summary>The names of these specialists, for another module's lists (the tickets list sorts by assignee).</summary>
public sealed record GetSpecialistNames(IReadOnlyCollection<Guid> Ids) : IQuery<IReadOnlyDictionary<Guid, string>>, INamesQuery;
