using Orleans.Runtime;

namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// A grain whose key the caller has just minted (a new random or time-ordered Guid) has no stored state yet, so reading
/// it on activation is a database round trip that always finds nothing. The caller marks its first call to such a grain;
/// Orleans hands that call's request context to the activation it creates, and the grain storage starts the state empty
/// instead of reading. Only that activation sees the mark (it names the grain), so a later activation always reads; and a
/// mark that were ever wrong would lose nothing: the first write inserts and refuses to replace an existing row.
/// </summary>
public static class NewGrain
{
    private const string Key = "crm.new-grain";

    /// <summary>Marks the calls made in this flow until disposed as addressed to <paramref name="grain"/>, which is new.</summary>
    public static IDisposable Mark(GrainId grain)
    {
        RequestContext.Set(Key, grain);
        return new Unmark();
    }

    /// <summary>
    /// The marked grain drops the mark from the context of the call it runs, once its state is there: otherwise every
    /// call it makes (dispatcher, specialists) carries the mark, and Orleans copies a call's context with each message.
    /// </summary>
    public static void Drop() => RequestContext.Remove(Key);

    /// <summary>Whether the call that activates <paramref name="grainId"/> says the grain is new.</summary>
    public static bool IsMarked(GrainId grainId) => RequestContext.Get(Key) is GrainId marked && marked == grainId;

    private sealed class Unmark : IDisposable
    {
        public void Dispose() => RequestContext.Remove(Key);
    }
}
