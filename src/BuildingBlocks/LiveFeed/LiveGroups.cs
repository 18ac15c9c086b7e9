namespace OrleansCrm.BuildingBlocks.LiveFeed;

/// <summary>The audiences of the live feed: the only place their names are spelled.</summary>
public static class LiveGroups
{
    /// <summary>The director's wall: everything the company does right now.</summary>
    public const string Wall = "wall";

    /// <summary>The dispatcher's board: queue, assignments, loads, alerts.</summary>
    public const string Dispatch = "dispatch";

    private const string SpecialistPrefix = "specialist:";

    /// <summary>One specialist's workplace: their tickets and their load.</summary>
    public static string Specialist(Guid specialistId) => SpecialistPrefix + specialistId.ToString("D");
}
