using Mediator;
using OrleansCrm.BuildingBlocks.Names;

namespace OrleansCrm.Clients.Contracts;

/// <summary>The short names of these clients (the legal name where a client has no short one), for another module's lists and
/// reports (Billing's debtors).</summary>
public sealed record GetClientNames(IReadOnlyCollection<Guid> Ids) : IQuery<IReadOnlyDictionary<Guid, string>>, INamesQuery;
