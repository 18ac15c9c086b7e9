namespace OrleansCrm.ServiceDesk.Contracts;

/// <summary>The support queues; each has its own dispatcher. One for now: every ticket goes to "support".</summary>
public static class SupportQueues
{
    public const string Support = "support";

    public static readonly IReadOnlyList<string> All = [Support];
}
