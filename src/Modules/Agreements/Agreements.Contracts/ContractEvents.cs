using OrleansCrm.BuildingBlocks.LiveFeed;

namespace OrleansCrm.Agreements.Contracts;

/// <summary>A contract ends soon: told to the client's responsible manager (group <c>manager:&lt;userId&gt;</c>) once per end date.</summary>
[GenerateSerializer, Immutable]
public sealed record ContractEnding(
    [property: Id(0)] Guid ContractId,
    [property: Id(1)] string Number,
    [property: Id(2)] Guid ClientId,
    [property: Id(3)] string ClientName,
    [property: Id(4)] Guid ManagerId,
    [property: Id(5)] DateOnly EndsOn,
    [property: Id(6)] bool AutoRenew,
    [property: Id(7)] DateTimeOffset At) : ILiveEvent
{
    public const string HubMessage = "contractEnding";

    /// <summary>The live group of one manager: the only place its name is spelled.</summary>
    public static string ManagerGroup(Guid userId) => "manager:" + userId.ToString("D");
}
