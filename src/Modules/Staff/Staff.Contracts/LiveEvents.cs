using OrleansCrm.BuildingBlocks.LiveFeed;

namespace OrleansCrm.Staff.Contracts;

/// <summary>
/// A specialist's load, capacity, rating or availability after a change; the hub sends it as <c>loadChanged</c>.
/// <see cref="Version"/> orders changes of one specialist: a screen keeps the highest.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LoadChanged(
    [property: Id(0)] Guid SpecialistId,
    [property: Id(1)] int Version,
    [property: Id(2)] string Name,
    [property: Id(3)] int Load,
    [property: Id(4)] int Capacity,
    [property: Id(5)] double Rating,
    [property: Id(6)] AvailabilityStatus Availability,
    [property: Id(7)] DateTimeOffset At) : ILiveEvent
{
    /// <summary>The hub message that carries it (the wire contract; Staff declares its route).</summary>
    public const string HubMessage = "loadChanged";

    public static LoadChanged From(SpecialistDetails specialist, DateTimeOffset at) => new(
        specialist.Id, specialist.Version, specialist.Name, specialist.Load, specialist.Capacity, specialist.Rating,
        specialist.Availability.Status, at);
}
