using Mediator;

namespace OrleansCrm.Clients.Contracts;

/// <summary>
/// The short names of these clients (the legal name where a client has no short one), for another module's lists and
/// reports (Billing's debtors). Unknown ids are left out. At most <see cref="Max"/> ids per call.
/// </summary>
public sealed record GetClientNames(IReadOnlyCollection<Guid> Ids) : IQuery<IReadOnlyDictionary<Guid, string>>
{
    public const int Max = 5000;
}
