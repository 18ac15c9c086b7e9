using Mediator;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Grains;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Rating;
using OrleansCrm.Staff.ReadModel;
using OrleansCrm.Staff.Texts;

namespace OrleansCrm.Staff.Specialists;

/// <summary>
/// The source of truth for one specialist: profile, availability, open tickets (live load), work counters and rating.
/// Each change is persisted, then projected to the list tables (guarded by version); changes of profile or
/// availability are then published as <see cref="SpecialistChanged"/> for the dispatcher.
/// An absence with an end date ends by a reminder at that moment, or, if the host was down then, at the next activation.
/// </summary>
internal sealed class SpecialistGrain(
    [PersistentState("specialist", CrmStorage.Grains)] IPersistentState<SpecialistState> state,
    [PersistentState("specialist-archive", CrmStorage.Grains)] IPersistentState<SpecialistArchive> archive,
    SpecialistProjection projection,
    IPublisher publisher,
    GrainKit kit)
    : StatefulGrain<SpecialistState, SpecialistDetails>(state, kit), ISpecialistGrain, IRemindable
{
    public const string AbsenceEndsReminder = "absence-ends";

    /// <summary>Reminders must repeat (at least every minute); the first tick ends the absence and removes the reminder.</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromHours(1);

    /// <summary>Long absences are re-armed from an early tick, keeping due times well inside what reminder services accept.</summary>
    private static readonly TimeSpan MaxReminderDelay = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a closed ticket's last change is remembered for idempotency. A finished ticket re-sends undelivered work
    /// for two days at most (TicketGrain.OutboxResendWindow; an open ticket's work stays with the specialist's open
    /// tickets, so it needs no memory here); a week leaves room, and keeps the state (rewritten on every
    /// event) to the open tickets plus a week of closed ones instead of growing with every ticket ever served.
    /// </summary>
    public static readonly TimeSpan ForgetClosedTicketsAfter = TimeSpan.FromDays(7);

    /// <summary>
    /// Closed tickets remembered in the state itself; past this many they move to the archive (<see cref="SpecialistArchive"/>),
    /// written once per block instead of with every event.
    /// </summary>
    public const int RecentClosedTickets = 64;

    private SpecialistProfile? Profile => State.Profile;

    protected override string Noun => "specialist";

    protected override async Task OnLoadedAsync(CancellationToken cancellationToken)
    {
        if (Profile is null)
        {
            return;
        }

        // The host may have been down when the absence ended (in-memory reminders do not survive it).
        if (await EndAbsenceIfOverAsync())
        {
            return;
        }

        if (State.Availability is { Status: AvailabilityStatus.Absent, Until: not null } && await this.GetReminder(AbsenceEndsReminder) is null)
        {
            await ArmAbsenceReminderAsync();
        }
    }

    public async Task<SpecialistDetails?> Get()
    {
        if (Profile is null)
        {
            return null;
        }

        await EndAbsenceIfOverAsync();
        return Details();
    }

    public async Task<SpecialistDetails> Create(
        string name, string? userId, IReadOnlyList<Skill> skills, int qualificationGrade, IReadOnlyList<Certificate> certificates, int capacity)
    {
        var profile = new SpecialistProfile(name, userId, [.. skills], qualificationGrade, [.. certificates], capacity);
        Check(profile);
        if (Profile is { } current)
        {
            // The same create, retried after its response was lost, returns the specialist; a different one is refused.
            return current.SameAs(profile)
                ? (await Get())!
                : throw new ConflictException(StaffTexts.Say("SpecialistExists", this.GetPrimaryKey().ToString()), State.Version);
        }

        var details = await SaveAsync(s =>
        {
            s.Profile = profile;
            s.CreatedAt = Kit.Time.GetUtcNow();
        });
        await PublishAsync(details, null);
        return details;
    }

    public async Task<SpecialistDetails> SetSkills(IReadOnlyList<Skill> skills)
    {
        if (Profile is null)
        {
            throw NotFound();
        }

        await EndAbsenceIfOverAsync();
        var current = Profile;
        var profile = current with { Skills = [.. skills] };
        Check(profile);
        if (current.Skills.SequenceEqual(profile.Skills))
        {
            return Details();
        }

        var details = await SaveAsync(s => s.Profile = profile);
        await PublishAsync(details, details.Availability.Status);
        return details;
    }

    public async Task<SpecialistDetails> SetCapacity(int capacity)
    {
        if (Profile is null)
        {
            throw NotFound();
        }

        await EndAbsenceIfOverAsync();
        var current = Profile;
        var profile = current with { Capacity = capacity };
        Check(profile);
        if (current.Capacity == capacity)
        {
            return Details();
        }

        // A lower capacity leaves the tickets held where they are; the dispatcher only stops adding to a full specialist.
        var details = await SaveAsync(s => s.Profile = profile);
        await PublishAsync(details, details.Availability.Status);
        return details;
    }

    public async Task<SpecialistDetails> SetAvailability(Availability availability)
    {
        if (Profile is null)
        {
            throw NotFound();
        }

        await EndAbsenceIfOverAsync();
        var previous = State.Availability;
        var next = AvailabilityRules.Normalize(availability, Kit.Time.GetUtcNow());
        if (next == previous)
        {
            return Details();
        }

        var details = await SaveAsync(s => s.Availability = next);
        if (next is { Status: AvailabilityStatus.Absent, Until: not null })
        {
            await ArmAbsenceReminderAsync();
        }
        else if (previous is { Status: AvailabilityStatus.Absent, Until: not null })
        {
            await RemoveAbsenceReminderAsync();
        }

        await PublishAsync(details, previous.Status);
        return details;
    }

    [OrleansCrm.BuildingBlocks.Audit.NotAudited("load and counters follow the tickets, whose changes are audited")]
    public async Task<SpecialistDetails> RecordWork(WorkEvent work)
    {
        if (Profile is null)
        {
            throw NotFound();
        }

        if (work.Kind == WorkEventKind.Assigned && work.Weight < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(work), work.Weight, "An assigned ticket weighs at least 1 (see TicketWeights).");
        }

        await EndAbsenceIfOverAsync();
        if (work.Sequence <= LastSequence(State, archive.State, work.TicketId))
        {
            return Details(); // a retry, or a change older than one already applied
        }

        if (State.LastApplied.Count >= RecentClosedTickets)
        {
            await ArchiveClosedTicketsAsync();
        }

        // Load and counters are not what the dispatcher re-plans from (it keeps its own view of loads): nothing is published.
        return await SaveAsync(s => Apply(s, work, Kit.Time.GetUtcNow()), skillsUnchanged: true);
    }

    public async Task<SpecialistDetails> ReconcileLoad(IReadOnlyList<HeldTicket> held)
    {
        if (Profile is null)
        {
            throw NotFound();
        }

        var current = State.OpenTickets.ToDictionary(t => t.TicketId);
        var wanted = held.ToDictionary(t => t.TicketId, t => t.Weight);
        if (current.Count == wanted.Count && current.All(t => wanted.TryGetValue(t.Key, out var weight) && weight == t.Value.Weight))
        {
            return Details();
        }

        return await SaveAsync(s =>
        {
            var now = Kit.Time.GetUtcNow();
            foreach (var dropped in current.Values.Where(t => !wanted.ContainsKey(t.TicketId)))
            {
                s.LastApplied[dropped.TicketId] = new AppliedWork(dropped.Sequence, now); // its late events are repeats
            }

            s.OpenTickets = [.. held.Select(t => new OpenTicket(t.TicketId, t.Weight, LastSequence(s, archive.State, t.TicketId)))];
            foreach (var kept in s.OpenTickets)
            {
                s.LastApplied.Remove(kept.TicketId);
            }
        }, skillsUnchanged: true);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != AbsenceEndsReminder)
        {
            return;
        }

        if (Profile is null || State.Availability is not { Status: AvailabilityStatus.Absent, Until: not null })
        {
            await RemoveAbsenceReminderAsync(); // left over from an absence that was changed meanwhile
        }
        else if (!await EndAbsenceIfOverAsync())
        {
            await ArmAbsenceReminderAsync(); // an early tick of a long absence: wait for the rest
        }
    }

    /// <summary>
    /// The last change of the ticket applied here (0: none): the largest of what the open tickets, the recent memory and
    /// the archive say (a ticket that left and came back, or an entry a failed move left in two places, is in several).
    /// </summary>
    private static int LastSequence(SpecialistState s, SpecialistArchive archived, Guid ticketId)
    {
        var open = s.OpenTickets.Find(t => t.TicketId == ticketId)?.Sequence ?? 0;
        var recent = s.LastApplied.TryGetValue(ticketId, out var left) ? left.Sequence : 0;
        var old = archived.Applied.TryGetValue(ticketId, out var kept) ? kept.Sequence : 0;
        return Math.Max(open, Math.Max(recent, old));
    }

    /// <summary>
    /// Moves the recent memory of closed tickets into the archive (forgetting what the archive holds past
    /// <see cref="ForgetClosedTicketsAfter"/>) and writes it; the state drops them with its next write. If the archive
    /// cannot be written nothing moved, and the activation is dropped so that the next call starts from storage.
    /// </summary>
    private async Task ArchiveClosedTicketsAsync()
    {
        var applied = archive.State.Applied;
        var forgetBefore = Kit.Time.GetUtcNow() - ForgetClosedTicketsAfter;
        foreach (var (ticketId, old) in applied)
        {
            if (old.AppliedAt < forgetBefore)
            {
                applied.Remove(ticketId); // allowed while enumerating a Dictionary
            }
        }

        foreach (var (ticketId, recent) in State.LastApplied)
        {
            if (!applied.TryGetValue(ticketId, out var old) || old.Sequence < recent.Sequence)
            {
                applied[ticketId] = recent;
            }
        }

        try
        {
            await archive.WriteStateAsync();
        }
        catch
        {
            MarkStale();
            throw;
        }

        State.LastApplied.Clear();
    }

    private static void Apply(SpecialistState s, WorkEvent work, DateTimeOffset now)
    {
        switch (work.Kind)
        {
            case WorkEventKind.Assigned:
                // Assigned again (e.g. the priority changed): the ticket counts once, with its latest weight.
                Close(s, work.TicketId);
                s.OpenTickets.Add(new OpenTicket(work.TicketId, work.Weight));
                break;
            case WorkEventKind.Accepted:
                s.Accepted++;
                break;
            case WorkEventKind.Declined:
                s.Declined++;
                Close(s, work.TicketId);
                break;
            case WorkEventKind.RedirectedAway:
                s.RedirectedAway++;
                Close(s, work.TicketId);
                break;
            case WorkEventKind.Resolved:
                s.Resolved++;
                if (work.OnTime)
                {
                    s.ResolvedOnTime++;
                }

                s.CountResolved(work.At);
                Close(s, work.TicketId);
                break;
            case WorkEventKind.Released:
                Close(s, work.TicketId);
                break;
            case WorkEventKind.Overdue:
                s.Overdue++;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(work), work.Kind, "Unknown kind of work.");
        }

        var index = s.OpenTickets.FindIndex(t => t.TicketId == work.TicketId);
        if (index >= 0)
        {
            s.OpenTickets[index] = s.OpenTickets[index] with { Sequence = work.Sequence };
            s.LastApplied.Remove(work.TicketId);
        }
        else
        {
            s.LastApplied[work.TicketId] = new AppliedWork(work.Sequence, now);
        }

        // Keep the state small: only what the last-90-days count and idempotency still need.
        s.ForgetResolvedBefore(now, SpecialistRating.ResolvedWindowDays);
        var forgetBefore = now - ForgetClosedTicketsAfter;
        foreach (var (ticketId, applied) in s.LastApplied)
        {
            if (applied.AppliedAt < forgetBefore)
            {
                s.LastApplied.Remove(ticketId); // allowed while enumerating a Dictionary
            }
        }
    }

    private static void Close(SpecialistState s, Guid ticketId) => s.OpenTickets.RemoveAll(t => t.TicketId == ticketId);

    /// <summary>Persists OnDuty when an absence's end has passed; true when it did.</summary>
    private async Task<bool> EndAbsenceIfOverAsync()
    {
        if (!AvailabilityRules.AbsenceIsOver(State.Availability, Kit.Time.GetUtcNow()))
        {
            return false;
        }

        var details = await SaveAsync(s => s.Availability = AvailabilityRules.OnDuty);
        await RemoveAbsenceReminderAsync();
        await PublishAsync(details, AvailabilityStatus.Absent);
        return true;
    }

    private async Task ArmAbsenceReminderAsync()
    {
        var until = State.Availability.Until!.Value;
        var due = until - Kit.Time.GetUtcNow();
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxReminderDelay ? MaxReminderDelay : due;
        await this.RegisterOrUpdateReminder(AbsenceEndsReminder, due, ReminderPeriod);
    }

    private async Task RemoveAbsenceReminderAsync()
    {
        if (await this.GetReminder(AbsenceEndsReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <param name="skillsUnchanged">
    /// True for changes that cannot touch the skills (work reported by tickets): only the main row goes with the state,
    /// one statement batched with the others, instead of the whole row with its skill rows.
    /// </param>
    private Task<SpecialistDetails> SaveAsync(Action<SpecialistState> change, bool skillsUnchanged = false)
    {
        // Changed in place, not on a copy: the state is rewritten with every ticket event, and copying its collections
        // each time promoted kilobytes per event into the oldest generation. A failed write reloads the state instead.
        change(State);
        State.UpdatedAt = Kit.Time.GetUtcNow();
        return skillsUnchanged ? SaveAsync(details => projection.RowWithoutSkills(details)) : SaveAsync();
    }

    protected override SpecialistDetails Describe() => Details();

    protected override RowWrite Row(SpecialistDetails details) => projection.Row(details);

    protected override IEnumerable<ILiveEvent> LiveEvents(SpecialistDetails details) => [LoadChanged.From(details, Kit.Time.GetUtcNow())];

    /// <summary>
    /// The change is already stored and projected: a failing subscriber must not turn it into an error for the caller
    /// (who would retry something that happened). The dispatcher also rebuilds its view on activation.
    /// </summary>
    private async Task PublishAsync(SpecialistDetails details, AvailabilityStatus? previousStatus)
    {
        try
        {
            await publisher.Publish(new SpecialistChanged(details, previousStatus));
        }
        catch (Exception exception)
        {
            Logger.LogError(exception, "Publishing SpecialistChanged for {SpecialistId} version {Version} failed", details.Id, details.Version);
        }
    }

    private SpecialistDetails Details()
    {
        var now = Kit.Time.GetUtcNow();
        var s = State;
        var profile = s.Profile!;
        var resolvedLast90Days = s.ResolvedWithin(now, SpecialistRating.ResolvedWindowDays);
        var parts = SpecialistRating.Compute(new RatingInputs(
            profile.QualificationGrade,
            resolvedLast90Days,
            SpecialistRating.RecentCertificates(profile.Certificates, DateOnly.FromDateTime(now.UtcDateTime)),
            s.Resolved,
            s.ResolvedOnTime,
            s.Accepted,
            s.Declined));
        return new SpecialistDetails(
            this.GetPrimaryKey(),
            s.Version,
            profile.Name,
            profile.UserId,
            profile.Skills,
            profile.QualificationGrade,
            profile.Certificates,
            profile.Capacity,
            AvailabilityRules.Effective(s.Availability, now),
            s.OpenTickets.Sum(t => t.Weight),
            s.OpenTickets.Select(t => t.TicketId).ToList(),
            parts.Total,
            parts,
            new WorkCounters(s.Accepted, s.Declined, s.RedirectedAway, s.Resolved, resolvedLast90Days, s.ResolvedOnTime, s.Overdue));
    }

    /// <summary>The API validates first; this guards other modules' calls against values the grain cannot hold.</summary>
    private static void Check(SpecialistProfile profile)
    {
        if (string.IsNullOrWhiteSpace(profile.Name) || profile.QualificationGrade is < 1 or > 5 || profile.Capacity is < 1 or > 100
            || profile.Skills.Any(s => !SkillCodes.IsValid(s.Code) || s.Code != SkillCodes.Normalize(s.Code) || s.Level is < 1 or > 5)
            || profile.Skills.Select(s => s.Code).Distinct().Count() != profile.Skills.Count)
        {
            throw new ArgumentException("The specialist's profile breaks a rule the API checks: validate it with the Staff module's validators first.", nameof(profile));
        }
    }

    private NotFoundException NotFound() => new(StaffTexts.Say("SpecialistNotFound", this.GetPrimaryKey().ToString()));
}
