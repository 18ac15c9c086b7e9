namespace OrleansCrm.BuildingBlocks.LiveFeed;

/// <summary>The audiences of the live feed: the only place their names are spelled.</summary>
public static class LiveGroups
{
    /// <summary>The director's wall: everything the company does right now.</summary>
    public const string Wall = "wall";

    /// <summary>The dispatcher's board: queue, assignments, loads, alerts.</summary>
    public const string Dispatch = "dispatch";

    /// <summary>
    /// Money figures (the wall's money tiles): Directors and SalesHeads only. Not <see cref="Wall"/>, which Dispatchers
    /// hear too, and no other role may see money data.
    /// </summary>
    public const string Money = "money";

    /// <summary>
    /// The heads of sales (SalesHeads and Directors): every deal's change, whoever owns it. A Manager hears their own
    /// deals in their user group (<c>Sales.Contracts.SalesGroups.User</c>: Contracts cannot see this class).
    /// </summary>
    public const string SalesHeads = "sales-heads";

    private const string SpecialistPrefix = "specialist:";

    /// <summary>One specialist's workplace: their tickets and their load.</summary>
    public static string Specialist(Guid specialistId) => SpecialistPrefix + specialistId.ToString("D");
}
