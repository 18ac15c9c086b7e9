using Mediator;
using OrleansCrm.BuildingBlocks.Names;

namespace OrleansCrm.Identity.Contracts;

/// <summary>The user names of these users (ids as Guids), for another module's reports (Sales' plans name the managers).</summary>
public sealed record GetUserNames(IReadOnlyCollection<Guid> Ids) : IQuery<IReadOnlyDictionary<Guid, string>>, INamesQuery;
