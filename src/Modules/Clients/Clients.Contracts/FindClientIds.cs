using Mediator;

namespace OrleansCrm.Clients.Contracts;

/// <summary>
/// The ids of the clients a search text finds (name, tax id, phone in any format, e-mail: as <c>GET /api/clients?search=</c>),
/// at most <paramref name="Max"/>, for another module's own search (the service desk's ticket list by client name).
/// </summary>
public sealed record FindClientIds(string Text, int Max = 200) : IQuery<IReadOnlyList<Guid>>;

/// <summary>
/// The ids of the clients <paramref name="ManagerId"/> is responsible for (the card's manager), for another module that
/// shows a manager only their own clients' records (Billing's documents).
/// </summary>
public sealed record FindClientIdsOfManager(Guid ManagerId) : IQuery<IReadOnlyList<Guid>>;
