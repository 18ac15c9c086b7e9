using Mediator;

namespace OrleansCrm.Clients.Contracts;

/// <summary>
/// The ids of the clients a search text finds (name, tax id, phone in any format, e-mail: as <c>GET /api/clients?search=</c>),
/// at most <paramref name="Max"/>, for another module's own search (the service desk's ticket list by client name).
/// </summary>
public sealed record FindClientIds(string Text, int Max = 200) : IQuery<IReadOnlyList<Guid>>;
