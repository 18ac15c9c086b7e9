using Mediator;

namespace OrleansCrm.ServiceDesk.Contracts;

/// <summary>
/// The clients a specialist works with: those of the tickets they hold or held (a ticket keeps its last assignee when it is
/// resolved or closed), for another module's "what this specialist may see" (Sales' deals). One query on the tickets table.
/// </summary>
public sealed record FindClientsOfSpecialist(Guid SpecialistId) : IQuery<IReadOnlyList<Guid>>;
