namespace OrleansCrm.BuildingBlocks.LiveFeed;

/// <summary>
/// How one event type reaches the hub's screens: the message that carries it and the groups it goes to. A module
/// declares one per event it publishes, with <see cref="LiveFeedRegistration.AddLiveRoute{TEvent}"/>; the host looks
/// it up by the event's type for every event, and refuses to start when two modules declare the same type.
/// </summary>
public interface ILiveRoute
{
    /// <summary>The event's own type, matched exactly (not its base types).</summary>
    Type EventType { get; }

    /// <summary>The hub message name screens listen for: part of the wire contract, never renamed.</summary>
    string Message { get; }

    /// <summary>
    /// The groups this event goes to, the widest first (the host sends to the first as a group and to the members that
    /// only the others hold by connection); a repeated group is harmless. Empty: nobody.
    /// </summary>
    IReadOnlyList<string> GroupsOf(ILiveEvent change);
}

/// <summary>A route declared with a function of the event; see <see cref="LiveFeedRegistration.AddLiveRoute{TEvent}"/>.</summary>
public sealed class LiveRoute<TEvent> : ILiveRoute
    where TEvent : ILiveEvent
{
    private readonly Func<TEvent, IReadOnlyList<string>> _groups;

    public LiveRoute(string message, Func<TEvent, IReadOnlyList<string>> groups)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        ArgumentNullException.ThrowIfNull(groups);
        // Routes are found by the published object's exact type, so an interface or abstract type would never match.
        if (typeof(TEvent).IsInterface || typeof(TEvent).IsAbstract)
        {
            throw new ArgumentException($"A live route needs the event's concrete type, not {typeof(TEvent).FullName}.", nameof(TEvent));
        }

        Message = message;
        _groups = groups;
    }

    public Type EventType => typeof(TEvent);

    public string Message { get; }

    public IReadOnlyList<string> GroupsOf(ILiveEvent change) => _groups((TEvent)change);
}
