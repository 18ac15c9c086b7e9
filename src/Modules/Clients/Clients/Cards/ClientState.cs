using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Clients.Cards;

/// <summary>A client's persisted state. Its name and shape are part of the stored data: rename nothing without a migration.</summary>
[GenerateSerializer]
public sealed class ClientState : OrleansCrm.BuildingBlocks.Grains.IVersionedState
{
    [Id(0)] public ClientCard? Card { get; set; }

    /// <summary>Increments with every change; the API's optimistic-concurrency token and the projection's guard.</summary>
    [Id(1)] public int Version { get; set; }

    [Id(2)] public DateTimeOffset CreatedAt { get; set; }

    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
}
