using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Staff.Specialists;

/// <summary>What a person edits about a specialist, already validated and normalised (skill codes lower-case, names trimmed).</summary>
[GenerateSerializer, Immutable]
public sealed record SpecialistProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string? UserId,
    [property: Id(2)] IReadOnlyList<Skill> Skills,
    [property: Id(3)] int QualificationGrade,
    [property: Id(4)] IReadOnlyList<Certificate> Certificates,
    [property: Id(5)] int Capacity)
{
    /// <summary>Records compare lists by reference; a retried command must be recognised by content.</summary>
    public bool SameAs(SpecialistProfile other) =>
        Name == other.Name && UserId == other.UserId && QualificationGrade == other.QualificationGrade && Capacity == other.Capacity
        && Skills.SequenceEqual(other.Skills) && Certificates.SequenceEqual(other.Certificates);
}

/// <summary>
/// A ticket that counts toward the specialist's load, with its weight (by priority) and the last of its changes applied
/// here (idempotency while it is open; <see cref="SpecialistState.LastApplied"/> takes over when it leaves).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OpenTicket([property: Id(0)] Guid TicketId, [property: Id(1)] int Weight, [property: Id(2)] int Sequence = 0);

/// <summary>The last change of a ticket this specialist applied: later retries of it (or older changes) are ignored.</summary>
[GenerateSerializer, Immutable]
public sealed record AppliedWork([property: Id(0)] int Sequence, [property: Id(1)] DateTimeOffset AppliedAt);

/// <summary>How many tickets a specialist resolved on one UTC day (<see cref="DateOnly.DayNumber"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record ResolvedDay([property: Id(0)] int DayNumber, [property: Id(1)] int Count);

/// <summary>A specialist's persisted state. Its name and shape are part of the stored data: rename nothing without a migration.</summary>
[GenerateSerializer]
public sealed class SpecialistState : OrleansCrm.BuildingBlocks.Grains.IVersionedState
{
    [Id(0)] public SpecialistProfile? Profile { get; set; }

    /// <summary>Increments with every change; the projection's guard.</summary>
    [Id(1)] public int Version { get; set; }

    /// <summary>As set; an absence whose end has passed is turned into OnDuty by the grain at the first chance.</summary>
    [Id(2)] public Availability Availability { get; set; } = new(AvailabilityStatus.OnDuty, null);

    /// <summary>The tickets counting toward the load. Stored packed, in <see cref="PackedWork"/>.</summary>
    [field: NonSerialized]
    public List<OpenTicket> OpenTickets { get; set; } = [];

    /// <summary>
    /// Per ticket that left this specialist (or never counted toward the load): the last sequence applied, for idempotent
    /// <c>RecordWork</c>. Open tickets keep theirs in <see cref="OpenTickets"/>, so the state, rewritten with every change,
    /// does not carry each open ticket twice. Stored packed, in <see cref="PackedWork"/>.
    /// </summary>
    [field: NonSerialized]
    public Dictionary<Guid, AppliedWork> LastApplied { get; set; } = [];

    /// <summary>
    /// <see cref="OpenTickets"/> and <see cref="LastApplied"/> as one block of fixed-size entries. The state is rewritten
    /// with every ticket event and these are nearly all of it (a week of tickets): packed, an entry takes 24 or 28 bytes
    /// instead of about 40 in Orleans' field format, and writes without a codec call per field.
    /// </summary>
    [Id(14)]
    public byte[]? PackedWork
    {
        get => SpecialistWork.Pack(OpenTickets, LastApplied);
        set
        {
            if (value is not null)
            {
                (OpenTickets, LastApplied) = SpecialistWork.Unpack(value);
            }
        }
    }

    /// <summary>Where states written before <see cref="PackedWork"/> kept the open tickets: read, never written.</summary>
    [Id(3)]
    public List<OpenTicket>? StoredOpenTickets
    {
        get => null;
        set
        {
            if (value is not null)
            {
                OpenTickets = value;
            }
        }
    }

    /// <summary>Where states written before <see cref="PackedWork"/> kept the last applied work: read, never written.</summary>
    [Id(4)]
    public Dictionary<Guid, AppliedWork>? StoredLastApplied
    {
        get => null;
        set
        {
            if (value is not null)
            {
                LastApplied = value;
            }
        }
    }

    /// <summary>
    /// Tickets resolved per UTC day, for the rating's last-90-days count; older days are pruned. Per day, so that the
    /// state (rewritten with every event) holds at most 90 entries however many tickets a specialist resolves.
    /// </summary>
    [Id(15)] public List<ResolvedDay> ResolvedDays { get; set; } = [];

    /// <summary>
    /// Where states written before <see cref="ResolvedDays"/> kept each resolution's time: read, never written (also under
    /// its old name from states stored as JSON).
    /// </summary>
    [Id(5)]
    [System.Text.Json.Serialization.JsonPropertyName("resolvedAt")]
    public List<DateTimeOffset>? StoredResolvedAt
    {
        get => null;
        set
        {
            foreach (var at in value ?? [])
            {
                CountResolved(at);
            }
        }
    }

    /// <summary>Counts a resolution on its UTC day.</summary>
    public void CountResolved(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime).DayNumber;
        var index = ResolvedDays.FindIndex(d => d.DayNumber == day);
        if (index >= 0)
        {
            ResolvedDays[index] = ResolvedDays[index] with { Count = ResolvedDays[index].Count + 1 };
        }
        else
        {
            ResolvedDays.Add(new ResolvedDay(day, 1));
        }
    }

    /// <summary>Resolutions on the <paramref name="days"/> UTC days up to and including <paramref name="now"/>'s.</summary>
    public int ResolvedWithin(DateTimeOffset now, int days)
    {
        var first = DateOnly.FromDateTime(now.UtcDateTime).DayNumber - days + 1;
        return ResolvedDays.Where(d => d.DayNumber >= first).Sum(d => d.Count);
    }

    /// <summary>Forgets the days before the last <paramref name="days"/>.</summary>
    public void ForgetResolvedBefore(DateTimeOffset now, int days)
    {
        var first = DateOnly.FromDateTime(now.UtcDateTime).DayNumber - days + 1;
        ResolvedDays.RemoveAll(d => d.DayNumber < first);
    }

    [Id(6)] public int Accepted { get; set; }
    [Id(7)] public int Declined { get; set; }
    [Id(8)] public int RedirectedAway { get; set; }
    [Id(9)] public int Resolved { get; set; }
    [Id(10)] public int ResolvedOnTime { get; set; }
    [Id(11)] public int Overdue { get; set; }
    [Id(12)] public DateTimeOffset CreatedAt { get; set; }
    [Id(13)] public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// The older part of a specialist's memory of tickets that left (<see cref="SpecialistState.LastApplied"/> keeps the
/// recent part), stored apart from the state: that is rewritten with every ticket event, and a week of closed tickets
/// made most of it. Entries move here in blocks (<c>SpecialistGrain.RecentClosedTickets</c>), this written first and the
/// state without them after, so a failure in between leaves an entry in both, which is harmless (the larger sequence counts).
/// Its name and shape are part of the stored data.
/// </summary>
[GenerateSerializer]
public sealed class SpecialistArchive
{
    /// <summary>Per ticket that left: the last sequence applied, and when. Stored packed, in <see cref="Packed"/>.</summary>
    [field: NonSerialized]
    public Dictionary<Guid, AppliedWork> Applied { get; set; } = [];

    [Id(0)]
    public byte[]? Packed
    {
        get => SpecialistWork.Pack([], Applied);
        set
        {
            if (value is not null)
            {
                Applied = SpecialistWork.Unpack(value).Applied;
            }
        }
    }
}
