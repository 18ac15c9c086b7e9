using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Grains;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;
using OrleansCrm.ServiceDesk.Sla;
using OrleansCrm.ServiceDesk.Texts;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.Tickets;

/// <summary>
/// One ticket. Every change is validated against the lifecycle, recorded in the history, persisted, projected to
/// the ticket tables, and then reported to the specialists concerned as idempotent work events (keyed by the
/// history sequence), so their load always equals the weights of their open tickets.
/// Deadlines (assignment timeout, SLA warning, overdue) are computed from stored times by <see cref="TicketClock"/>;
/// a timer wakes the ticket at the next one, and activation catches up on any that passed while it was not active.
/// </summary>
internal sealed class TicketGrain(
    [PersistentState("ticket", CrmStorage.Grains)] IPersistentState<TicketState> state,
    TicketProjection projection,
    TicketNumbers numbers,
    SlaClock sla,
    IPublisher publisher,
    IOptions<ServiceDeskOptions> options,
    GrainKit kit)
    : StatefulGrain<TicketState, TicketDetails, PendingWork>(state, kit), ITicketGrain
{
    /// <summary>
    /// How long a closed or cancelled ticket's undelivered work events are still re-sent. Specialists remember a
    /// finished ticket's changes for a limited time only (<c>SpecialistGrain.ForgetClosedTicketsAfter</c>, longer than
    /// this window); an open ticket's events never expire, however long the host was down.
    /// </summary>
    public static readonly TimeSpan OutboxResendWindow = TimeSpan.FromDays(2);

    private readonly List<TicketAlert> _alerts = [];
    private IGrainTimer? _deadlineTimer;

    /// <summary>Who held the ticket when screens last heard of it: a change that takes it away tells them too.</summary>
    private Guid? _shownAssignee;

    private TicketState S => State;

    protected override string Noun => "ticket";

    protected override async Task OnLoadedAsync(CancellationToken cancellationToken)
    {
        _shownAssignee = S.AssigneeId;
        await base.OnLoadedAsync(cancellationToken); // delivers what a crash left between the write and the specialists
        if (S.Ticket is not null && S.Number == 0)
        {
            // Stored before tickets had numbers: migration 0004 numbered its row; the number is stored with the next change.
            S.Number = await numbers.StoredAsync(Id, cancellationToken) ?? await numbers.NextAsync(cancellationToken);
        }

        if (S.Ticket is not null)
        {
            await OnDeadlineAsync(cancellationToken); // whatever fell due while the ticket was not active
        }
    }

    public Task<TicketDetails?> Get() => Task.FromResult(Details());

    public async Task<TicketDetails> Open(NewTicket ticket, bool unbilledWork, string actor)
    {
        NewGrain.Drop();
        if (S.Ticket is not null)
        {
            return S.Ticket == ticket ? Details()! : throw new ConflictException(ServiceDeskTexts.Say("TicketExists", Id.ToString()), S.Version);
        }

        // Drawn first: a number is never given twice, and an open that fails from here on leaves a gap, not a duplicate.
        long number;
        try
        {
            number = await numbers.NextAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }

        var now = Kit.Time.GetUtcNow();
        S.Ticket = ticket;
        S.Number = number;
        S.Status = TicketStatus.New;
        S.CreatedAt = now;
        StartSlaClock(now);
        S.UnbilledWork = unbilledWork;
        Record(now, actor, TicketHistoryKind.Created, status: TicketStatus.New);
        if (ticket.OverrideReason is { } overrideReason)
        {
            Record(now, actor, TicketHistoryKind.Override, reason: overrideReason);
        }

        // Placed before the first write, so a ticket someone can take is stored opened and assigned at once.
        var dispatcher = GrainFactory.GetGrain<IDispatcherGrain>(ticket.Queue);
        DispatchDecision placed;
        try
        {
            placed = await dispatcher.Place(new TicketToPlace(Id, ticket.ClientId, ticket.Subject, ticket.Priority, ticket.RequiredSkill, ticket.MinLevel, now, S.DueAt));
        }
        catch
        {
            DeactivateOnIdle(); // nothing was stored: drop the half-built state
            throw;
        }

        var work = placed.SpecialistId is { } specialistId ? [AssignTo(specialistId, placed.Reason, placed.OverCapacity, "dispatcher", now, placed.Text)] : new List<PendingWork>();
        try
        {
            return await SaveAsync(work);
        }
        catch (Exception exception) when (!Stored && !CommitOutcome.IsUnknown(exception))
        {
            // The ticket does not exist after all: release what was reserved for it. After an unknown outcome it may
            // exist: the reservation stays until the dispatcher finds out (it checks reservations nobody stored).
            dispatcher.Withdraw(Id, now).Ignore();
            throw;
        }
    }

    public async Task<TicketDetails> Assign(Guid specialistId, string reason, bool overCapacity, string actor, ServerText? text = null)
    {
        Require();
        if (S.Status != TicketStatus.New)
        {
            throw new ConflictException(ServiceDeskTexts.Say("OnlyWaitingAssignable", ServiceDeskTexts.Label(S.Status)), S.Version);
        }

        return await SaveAsync([AssignTo(specialistId, reason, overCapacity, actor, Kit.Time.GetUtcNow(), text)]);
    }

    /// <summary>With <paramref name="text"/> (the dispatcher's reason as a code) the entry keeps it, and its English as the reason.</summary>
    private PendingWork AssignTo(Guid specialistId, string reason, bool overCapacity, string actor, DateTimeOffset now, ServerText? text)
    {
        S.Status = TicketStatus.Assigned;
        S.AssigneeId = specialistId;
        S.AssignedAt = now;
        S.AssignmentDeadline = sla.AssignmentDeadline(now);
        S.OverCapacity = overCapacity;
        var entry = Record(now, actor, TicketHistoryKind.Assigned, to: specialistId, reason: text is null ? reason : null, status: TicketStatus.Assigned, text: text);
        return Work(specialistId, entry, WorkEventKind.Assigned);
    }

    public async Task<TicketDetails> Redirect(Guid? toSpecialistId, string reason, string actor, int? expectedVersion, bool overCapacity = false, ServerText? text = null)
    {
        Require();
        CheckVersion(expectedVersion);
        if (!TicketRules.Redirectable.Contains(S.Status))
        {
            throw NotAllowed("redirect");
        }

        if (toSpecialistId == S.AssigneeId)
        {
            throw new ConflictException(ServiceDeskTexts.Say("AlreadyAssignedToThem"), S.Version);
        }

        var now = Kit.Time.GetUtcNow();
        var from = S.AssigneeId!.Value;
        S.Status = toSpecialistId is null ? TicketStatus.New : TicketStatus.Assigned;
        S.AssigneeId = toSpecialistId;
        S.AssignedAt = toSpecialistId is null ? null : now;
        S.AssignmentDeadline = toSpecialistId is null ? null : sla.AssignmentDeadline(now);
        S.OverCapacity = toSpecialistId is not null && overCapacity;
        var entry = Record(now, actor, TicketHistoryKind.Redirected, from: from, to: toSpecialistId, reason: text is null ? reason : null, status: S.Status, text: text);
        List<PendingWork> work = [Work(from, entry, WorkEventKind.RedirectedAway)];
        if (toSpecialistId is { } to)
        {
            work.Add(Work(to, entry, WorkEventKind.Assigned));
        }

        return await SaveAsync(work);
    }

    public async Task<TicketDetails> Act(TicketAction action, string actor, string? reason, int? expectedVersion)
    {
        Require();
        CheckVersion(expectedVersion);
        var target = TicketRules.Target(action, S.Status) ?? throw NotAllowed(action.ToString().ToLowerInvariant());
        var now = Kit.Time.GetUtcNow();
        var assignee = S.AssigneeId;
        var work = new List<PendingWork>();

        switch (action)
        {
            case TicketAction.Accept:
                S.FirstAcceptedAt ??= now;
                S.AssignmentDeadline = null;
                work.Add(Work(assignee!.Value, Record(now, actor, TicketHistoryKind.Accepted, to: assignee, status: target), WorkEventKind.Accepted));
                break;
            case TicketAction.Decline:
                S.AssigneeId = null;
                S.AssignedAt = null;
                S.AssignmentDeadline = null;
                S.OverCapacity = false;
                work.Add(Work(assignee!.Value, Record(now, actor, TicketHistoryKind.Declined, from: assignee, reason: reason, status: target), WorkEventKind.Declined));
                break;
            case TicketAction.Resolve:
                S.ResolvedAt = now;
                var resolved = Record(now, actor, TicketHistoryKind.StatusChanged, reason: reason, status: target);
                var resolvedWork = Work(assignee!.Value, resolved, WorkEventKind.Resolved);
                work.Add(resolvedWork with { Work = resolvedWork.Work with { OnTime = now <= S.DueAt } });
                break;
            case TicketAction.Reopen:
                S.AssigneeId = null;
                S.AssignedAt = null;
                S.ResolvedAt = null;
                StartSlaClock(now); // a reopened ticket is owed a fresh answer
                Record(now, actor, TicketHistoryKind.StatusChanged, reason: reason, status: target);
                break;
            case TicketAction.Cancel:
                S.AssigneeId = null;
                var cancelled = Record(now, actor, TicketHistoryKind.StatusChanged, reason: reason, status: target);
                if (assignee is { } released)
                {
                    work.Add(Work(released, cancelled, WorkEventKind.Released));
                }

                break;
            case TicketAction.Pause:
                S.PausedAt = now;
                Record(now, actor, TicketHistoryKind.StatusChanged, reason: reason, status: target);
                break;
            case TicketAction.Start when S.PausedAt is { } pausedAt:
                // The resolution clock stood still while the ticket was paused (waiting for the client).
                var paused = sla.Calendar.WorkingTimeBetween(pausedAt, now);
                S.DueAt = sla.Extend(S.DueAt, paused);
                S.WarningAt = sla.Extend(S.WarningAt, paused);
                S.PausedAt = null;
                Record(now, actor, TicketHistoryKind.StatusChanged, reason: reason, status: target);
                break;
            default:
                Record(now, actor, TicketHistoryKind.StatusChanged, reason: reason, status: target);
                break;
        }

        S.Status = target;
        return await SaveAsync(work);
    }

    public async Task<TicketDetails> Comment(string text, string actor)
    {
        Require();
        Record(Kit.Time.GetUtcNow(), actor, TicketHistoryKind.Comment, reason: text);
        return await SaveAsync([]);
    }

    public async Task<TicketDetails> LogTime(int minutes, string? note, string actor)
    {
        Require();
        S.MinutesLogged += minutes;
        Record(Kit.Time.GetUtcNow(), actor, TicketHistoryKind.TimeLogged, reason: note, minutes: minutes);
        return await SaveAsync([]);
    }

    private void StartSlaClock(DateTimeOffset now)
    {
        var due = sla.Due(S.Ticket!.Priority, now);
        S.FirstResponseDue = due.FirstResponseDue;
        S.DueAt = due.ResolutionDue;
        S.WarningAt = due.ResolutionWarningAt;
        S.Warned = false;
        S.Overdue = false;
    }

    private TicketClock Clock => new(S.Status, S.AssignmentDeadline, S.WarningAt, S.DueAt, S.Warned, S.Overdue);

    /// <summary>Handles every deadline that has passed, then sets the timer for the next one.</summary>
    private async Task OnDeadlineAsync(CancellationToken cancellationToken)
    {
        if (Stale)
        {
            return; // the reload that follows sets the timer again from what was stored
        }

        var now = Kit.Time.GetUtcNow();
        var passed = Clock.Passed(now);
        if (passed.Count > 0)
        {
            var work = new List<PendingWork>();
            var requeued = false;
            foreach (var deadline in passed)
            {
                switch (deadline)
                {
                    case Deadline.AssignmentTimedOut:
                        var from = S.AssigneeId!.Value;
                        var reason = ServiceDeskTexts.Say("History_AssignmentTimedOut", sla.AssignmentTimeout.ToString());
                        S.Status = TicketStatus.New;
                        S.AssigneeId = null;
                        S.AssignedAt = null;
                        S.AssignmentDeadline = null;
                        S.OverCapacity = false;
                        var redirect = Record(now, "dispatcher", TicketHistoryKind.Redirected, from: from, text: reason, status: TicketStatus.New);
                        work.Add(Work(from, redirect, WorkEventKind.RedirectedAway));
                        Alert(TicketAlertKind.NeverTaken, redirect, from, ServiceDeskTexts.Say("Alert_NeverTaken", S.Ticket!.Subject));
                        requeued = true;
                        break;
                    case Deadline.AboutToBreach:
                        S.Warned = true;
                        var warning = Record(now, "sla", TicketHistoryKind.AboutToBreach, text: ServiceDeskTexts.Say("History_DueAt", S.DueAt));
                        Alert(TicketAlertKind.AboutToBreach, warning, S.AssigneeId, ServiceDeskTexts.Say("Alert_AboutToBreach", S.Ticket!.Subject, S.DueAt));
                        break;
                    case Deadline.Overdue:
                        S.Overdue = true;
                        var overdue = Record(now, "sla", TicketHistoryKind.Overdue, text: ServiceDeskTexts.Say("History_WasDueAt", S.DueAt));
                        if (S.AssigneeId is { } assignee)
                        {
                            work.Add(Work(assignee, overdue, WorkEventKind.Overdue));
                        }

                        Alert(TicketAlertKind.Overdue, overdue, S.AssigneeId, ServiceDeskTexts.Say("Alert_Overdue", S.Ticket!.Subject, S.DueAt));
                        break;
                }
            }

            await SaveAsync(work);
            if (requeued)
            {
                await GrainFactory.GetGrain<IDispatcherGrain>(S.Ticket!.Queue).Requeued(Id);
            }
        }

        ScheduleNextDeadline();
    }

    private void ScheduleNextDeadline()
    {
        _deadlineTimer?.Dispose();
        _deadlineTimer = null;
        if (Clock.Next() is not { } next)
        {
            return;
        }

        var wait = next - Kit.Time.GetUtcNow();
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        _deadlineTimer = this.RegisterGrainTimer(OnDeadlineAsync, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan));
        // A timer lives only as long as the activation: keep the ticket active until its next deadline.
        DelayDeactivation(wait + TimeSpan.FromMinutes(1));
    }

    private void Alert(TicketAlertKind kind, TicketHistoryEntry entry, Guid? specialist, ServerText text) =>
        _alerts.Add(new TicketAlert(
            OrleansCrm.BuildingBlocks.Ids.DeterministicGuid.Create($"servicedesk/alerts/{Id}", $"{kind}/{entry.Sequence}"), kind, Id, specialist, ServerTexts.InEnglish(text), entry.At)
        {
            Message = text,
        });

    private Guid Id => this.GetPrimaryKey();

    private void Require()
    {
        if (S.Ticket is null)
        {
            throw new NotFoundException(ServiceDeskTexts.Say("TicketNotFound", Id.ToString()));
        }
    }

    private void CheckVersion(int? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != S.Version)
        {
            throw new ConflictException(ServiceDeskTexts.Say("StaleVersion", expected, S.Version), S.Version);
        }
    }

    private ConflictException NotAllowed(string attempted) => new(TicketRules.NotAllowed(S.Status, attempted), S.Version);

    private TicketHistoryEntry Record(
        DateTimeOffset at, string actor, TicketHistoryKind kind, Guid? from = null, Guid? to = null, string? reason = null, TicketStatus? status = null, int? minutes = null,
        ServerText? text = null)
    {
        // A generated reason is kept as a code (each reader gets their language) and, for older readers, in English too.
        var entry = new TicketHistoryEntry(S.History.Count + 1, at, actor, kind, from, to, reason ?? (text is null ? null : ServerTexts.InEnglish(text)), status, minutes)
        {
            Text = text,
        };
        S.History.Add(entry);
        return entry;
    }

    private PendingWork Work(Guid specialistId, TicketHistoryEntry entry, WorkEventKind kind) =>
        new(specialistId, new WorkEvent(Id, entry.Sequence, kind, TicketRules.Weight(S.Ticket!.Priority), entry.At, OnTime: false));

    /// <summary>Stores the change with its work events (delivered before the caller is answered), then raises its alerts.</summary>
    private async Task<TicketDetails> SaveAsync(IReadOnlyList<PendingWork> work)
    {
        foreach (var pending in work)
        {
            Send(pending);
        }

        // The specialists have the change's work events when the caller is answered (or, when a delivery fails, it is
        // left to the retry), so a specialist's load is current when the answer arrives and a busy desk slows its
        // callers instead of queueing work behind them.
        var details = await SaveAsync();
        foreach (var alert in _alerts)
        {
            await publisher.Publish(new TicketAlertRaised(alert));
        }

        _alerts.Clear();
        ScheduleNextDeadline();
        if (S.Status is TicketStatus.Closed or TicketStatus.Cancelled && !Undelivered)
        {
            DeactivateOnIdle(); // finished and delivered: rarely touched again, so it leaves memory (a later call reads it back)
        }

        return details;
    }

    protected override TicketDetails Describe() => Details()!;

    protected override RowWrite Row(TicketDetails details) => projection.Write(details);

    protected override IEnumerable<ILiveEvent> LiveEvents(TicketDetails details)
    {
        yield return TicketChanged.From(details, _shownAssignee, Kit.Time.GetUtcNow());
        _shownAssignee = details.AssigneeId;
        foreach (var alert in _alerts)
        {
            yield return AlertRaised.From(alert, details.ClientId);
        }
    }

    protected override Task DeliverAsync(PendingWork pending) =>
        GrainFactory.GetGrain<ISpecialistGrain>(pending.SpecialistId).RecordWork(pending.Work);

    /// <summary>Only a finished ticket's events may be given up, once specialists could have forgotten it anyway.</summary>
    protected override bool MayDrop(PendingWork pending) =>
        S.Status is TicketStatus.Closed or TicketStatus.Cancelled && pending.Work.At < Kit.Time.GetUtcNow() - OutboxResendWindow;

    private TicketDetails? Details()
    {
        if (S.Ticket is not { } t)
        {
            return null;
        }

        var now = Kit.Time.GetUtcNow();
        return new TicketDetails(
            Id, S.Version, t.ClientId, t.ContactId, t.Subject, t.Description, t.Channel, t.Priority, t.RequiredSkill, t.MinLevel,
            t.EstimatedMinutes, t.Billable, t.OverrideReason, t.Queue, S.Status, S.AssigneeId, S.CreatedAt, S.DueAt,
            S.History.Count(h => h.Kind == TicketHistoryKind.Redirected),
            S.History.Count(h => h.Kind == TicketHistoryKind.Declined),
            NeverTaken: S.Status == TicketStatus.Assigned && S.AssignedAt + options.Value.NeverTakenAfter <= now,
            Overdue: S.Overdue,
            S.OverCapacity, S.UnbilledWork, S.MinutesLogged, S.FirstAcceptedAt, S.ResolvedAt, S.History.ToList(), S.FirstResponseDue, S.WarningAt, S.Number);
    }
}
