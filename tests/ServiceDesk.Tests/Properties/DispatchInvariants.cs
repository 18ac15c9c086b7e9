using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.SearchTickets;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.Tests.Properties;

/// <summary>
/// What one check reads, all at once: the dispatch board, every ticket and specialist the case created (from their
/// grains), and the tickets list (the read table) filtered by the case's skill.
/// </summary>
internal sealed record Snapshot(
    DispatchBoard Board,
    IReadOnlyDictionary<Guid, TicketDetails> Tickets,
    IReadOnlyDictionary<Guid, SpecialistDetails> Specialists,
    IReadOnlyList<TicketSummary> Listed);

/// <summary>
/// The dispatcher's invariants, judged from a <see cref="Snapshot"/> of one case (one skill code: only the case's
/// specialists qualify for its tickets). Written from the service desk's rules, not from its code: weights, open
/// statuses and what counts as load are restated here.
/// </summary>
internal static class DispatchInvariants
{
    public static readonly TicketStatus[] Open = [TicketStatus.New, TicketStatus.Assigned, TicketStatus.Accepted, TicketStatus.InProgress, TicketStatus.Paused];

    /// <summary>Open and with someone: what a specialist's load is made of.</summary>
    public static readonly TicketStatus[] Held = [TicketStatus.Assigned, TicketStatus.Accepted, TicketStatus.InProgress, TicketStatus.Paused];

    /// <summary>Assigned or accepted, not yet worked on: what an absent specialist must not keep.</summary>
    public static readonly TicketStatus[] NotStarted = [TicketStatus.Assigned, TicketStatus.Accepted];

    public static int Weight(TicketPriority priority) => priority switch
    {
        TicketPriority.Low => 1,
        TicketPriority.Normal => 2,
        TicketPriority.High => 3,
        TicketPriority.Critical => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, null),
    };

    public static int Level(SpecialistDetails specialist, string skill) =>
        specialist.Skills.FirstOrDefault(s => s.Code == skill)?.Level ?? 0;

    public static bool HasRoom(SpecialistDetails specialist, TicketPriority priority) =>
        specialist.Load + Weight(priority) <= specialist.Capacity;

    /// <summary>The tickets that make up a specialist's load.</summary>
    public static List<TicketDetails> HeldBy(Snapshot snapshot, Guid specialist) =>
        snapshot.Tickets.Values.Where(t => Held.Contains(t.Status) && t.AssigneeId == specialist).ToList();

    /// <summary>
    /// Every invariant that does not hold, each prefixed with its number; empty when all hold. <paramref name="excluded"/>:
    /// per waiting ticket, whoever just declined it or had it redirected away, who is not offered it straight back and
    /// so does not count for invariant 4 until the dispatcher next re-plans the queue.
    /// </summary>
    public static List<string> Violations(Snapshot snapshot, string skill, IReadOnlyDictionary<Guid, Guid>? excluded = null) =>
    [
        .. Placement(snapshot, skill),
        .. Loads(snapshot),
        .. Capacity(snapshot),
        .. Waiting(snapshot, skill, excluded),
        .. ReadTable(snapshot, skill),
    ];

    /// <summary>[2] Every open ticket is on the board exactly once (waiting when New, else in its assignee's column); nothing else of the skill is.</summary>
    public static List<string> Placement(Snapshot snapshot, string skill)
    {
        var violations = new List<string>();
        void Violated(string invariant, string text) => violations.Add($"[{invariant}] {text}");

        var tickets = snapshot.Tickets;
        var specialists = snapshot.Specialists;

        // Where each of the case's tickets stands on the board: null is the waiting list, otherwise a specialist's column.
        var places = new Dictionary<Guid, List<(Guid? Column, BoardTicket Card)>>();
        void Place(Guid? column, BoardTicket card)
        {
            if (tickets.ContainsKey(card.Id) || card.RequiredSkill == skill)
            {
                (places.TryGetValue(card.Id, out var list) ? list : places[card.Id] = []).Add((column, card));
            }
        }

        foreach (var card in snapshot.Board.Waiting)
        {
            Place(null, card);
        }

        foreach (var column in snapshot.Board.Specialists)
        {
            foreach (var card in column.Tickets)
            {
                Place(column.Id, card);
            }
        }

        static string Where(Guid? column) => column is { } id ? $"the column of {id}" : "the waiting list";

        foreach (var stranger in places.Keys.Where(id => !tickets.ContainsKey(id)))
        {
            Violated("2", $"the board shows {stranger} with the case's skill, which the case never opened");
        }

        // 2. Every open ticket is on the board exactly once: waiting when New, else in its assignee's column.
        foreach (var ticket in tickets.Values)
        {
            var at = places.GetValueOrDefault(ticket.Id) ?? [];
            var name = $"{ticket.Id} ({ticket.Priority} {ticket.Status}, assignee {ticket.AssigneeId?.ToString() ?? "none"})";
            if (!Open.Contains(ticket.Status))
            {
                if (at.Count > 0)
                {
                    Violated("2", $"{name} is closed but on the board in {string.Join(", ", at.Select(p => Where(p.Column)))}");
                }

                continue;
            }

            if (at.Count != 1)
            {
                Violated("2", $"{name} is open but on the board {at.Count} times{(at.Count > 0 ? ": " + string.Join(", ", at.Select(p => Where(p.Column))) : "")}");
                continue;
            }

            var (place, card) = at[0];
            if (ticket.Status == TicketStatus.New)
            {
                if (ticket.AssigneeId is not null)
                {
                    Violated("2", $"{name} waits for the dispatcher but has an assignee");
                }

                if (place is not null)
                {
                    Violated("2", $"{name} waits for the dispatcher but the board shows it in {Where(place)}");
                }
            }
            else if (ticket.AssigneeId is not { } assignee)
            {
                Violated("2", $"{name} is {ticket.Status} without an assignee");
            }
            else
            {
                if (place != assignee)
                {
                    Violated("2", $"{name} is assigned to {assignee} but the board shows it in {Where(place)}");
                }

                if (!specialists.ContainsKey(assignee))
                {
                    Violated("2", $"{name} is assigned to {assignee}, who is not one of the case's specialists");
                }
            }

            if (card.Status != ticket.Status)
            {
                Violated("2", $"{name}: the board shows it as {card.Status}");
            }
        }

        return violations;
    }

    /// <summary>
    /// [3] Each specialist's load is the weight of the open tickets assigned to them and openTickets lists exactly those
    /// (so no ticket is in two specialists' lists); [3b] the board (the dispatcher's view) agrees.
    /// </summary>
    public static List<string> Loads(Snapshot snapshot)
    {
        var violations = new List<string>();
        void Violated(string invariant, string text) => violations.Add($"[{invariant}] {text}");

        foreach (var specialist in snapshot.Specialists.Values)
        {
            var held = HeldBy(snapshot, specialist.Id);
            var name = $"{specialist.Id} (capacity {specialist.Capacity}, load {specialist.Load}, {specialist.Availability.Status})";

            // 3. The load is the weight of the open tickets assigned to them, and openTickets lists exactly those.
            var weight = held.Sum(t => Weight(t.Priority));
            if (specialist.Load != weight)
            {
                Violated("3", $"{name}: load {specialist.Load}, but the open tickets assigned to them weigh {weight}: [{string.Join(", ", held.Select(t => $"{t.Id} {t.Priority} {t.Status}"))}]");
            }

            var listed = specialist.OpenTickets.Order().ToList();
            var expected = held.Select(t => t.Id).Order().ToList();
            if (!listed.SequenceEqual(expected))
            {
                Violated("3", $"{name}: openTickets [{string.Join(", ", listed)}], but the open tickets assigned to them are [{string.Join(", ", expected)}]");
            }

            // 3b. The board (the dispatcher's own view, which it decides from) agrees with the specialist.
            var column = snapshot.Board.Specialists.FirstOrDefault(c => c.Id == specialist.Id);
            if (column is null)
            {
                Violated("3b", $"{name} is not on the board");
            }
            else if ((column.Load, column.Capacity, column.Availability) != (specialist.Load, specialist.Capacity, specialist.Availability.Status.ToString()))
            {
                Violated("3b", $"{name}: the board shows load {column.Load}, capacity {column.Capacity}, {column.Availability}");
            }
        }

        return violations;
    }

    /// <summary>[1] Nobody is over capacity, except by critical tickets the dispatcher gave them over capacity.</summary>
    public static List<string> Capacity(Snapshot snapshot)
    {
        var violations = new List<string>();
        void Violated(string invariant, string text) => violations.Add($"[{invariant}] {text}");

        foreach (var specialist in snapshot.Specialists.Values)
        {
            var held = HeldBy(snapshot, specialist.Id);
            var name = $"{specialist.Id} (capacity {specialist.Capacity}, load {specialist.Load}, {specialist.Availability.Status})";

            // 1. Nobody is over capacity, except by critical tickets the dispatcher gave them over capacity.
            var overCapacity = held.Where(t => t.OverCapacity).ToList();
            foreach (var wrong in overCapacity.Where(t => t.Priority != TicketPriority.Critical))
            {
                Violated("1", $"{wrong.Id} ({wrong.Priority}) is marked overCapacity, but only a critical ticket may go over capacity");
            }

            if (specialist.Load > specialist.Capacity)
            {
                var critical = overCapacity.Where(t => t.Priority == TicketPriority.Critical).ToList();
                var without = specialist.Load - critical.Sum(t => Weight(t.Priority));
                if (critical.Count == 0)
                {
                    Violated("1", $"{name} is over capacity without any ticket marked overCapacity: [{string.Join(", ", held.Select(t => $"{t.Id} {t.Priority} {t.Status}"))}]");
                }
                else if (without > specialist.Capacity)
                {
                    Violated("1", $"{name} is over capacity even without the critical tickets given over capacity ({without} > {specialist.Capacity})");
                }
            }
        }

        return violations;
    }

    /// <summary>[4] A ticket waits only when nobody can take it (see <see cref="Violations"/> for <paramref name="excluded"/>).</summary>
    public static List<string> Waiting(Snapshot snapshot, string skill, IReadOnlyDictionary<Guid, Guid>? excluded = null)
    {
        var violations = new List<string>();
        void Violated(string invariant, string text) => violations.Add($"[{invariant}] {text}");

        var tickets = snapshot.Tickets;
        var specialists = snapshot.Specialists;

        // 4. A ticket waits only when nobody can take it: no qualified specialist on duty with room (critical: nobody qualified on duty).
        //    Whoever just declined it, or had it taken away, is not offered it straight back: until the next re-plan they don't count.
        foreach (var ticket in tickets.Values.Where(t => t.Status == TicketStatus.New))
        {
            var justLeft = excluded?.GetValueOrDefault(ticket.Id);
            var qualified = specialists.Values
                .Where(s => s.Availability.Status == AvailabilityStatus.OnDuty && Level(s, skill) >= ticket.MinLevel && s.Id != justLeft)
                .ToList();
            var name = $"{ticket.Id} ({ticket.Priority}, weight {Weight(ticket.Priority)}, minLevel {ticket.MinLevel})";
            if (ticket.Priority == TicketPriority.Critical)
            {
                if (qualified.Count > 0)
                {
                    Violated("4", $"critical {name} waits although {string.Join(", ", qualified.Select(s => $"{s.Id} (level {Level(s, skill)}, load {s.Load}/{s.Capacity})"))} is on duty and qualified");
                }
            }
            else
            {
                foreach (var free in qualified.Where(s => HasRoom(s, ticket.Priority)))
                {
                    Violated("4", $"{name} waits although {free.Id} (level {Level(free, skill)}, load {free.Load}/{free.Capacity}) is on duty and has room");
                }
            }
        }

        return violations;
    }

    /// <summary>[5] The tickets list (the read table the dispatcher rebuilds from) agrees with the tickets, and lists no other ticket of the skill.</summary>
    public static List<string> ReadTable(Snapshot snapshot, string skill)
    {
        var violations = new List<string>();
        void Violated(string invariant, string text) => violations.Add($"[{invariant}] {text}");

        var tickets = snapshot.Tickets;

        // 5. The tickets list (the read table the dispatcher rebuilds from) agrees with the tickets.
        var rows = snapshot.Listed.ToDictionary(r => r.Id);
        foreach (var ticket in tickets.Values)
        {
            if (!rows.TryGetValue(ticket.Id, out var row))
            {
                Violated("5", $"{ticket.Id} is not in the tickets list");
            }
            else if ((row.Version, row.Status, row.AssigneeId) != (ticket.Version, ticket.Status, ticket.AssigneeId))
            {
                Violated("5", $"{ticket.Id}: the tickets list has version {row.Version}, {row.Status}, assignee {row.AssigneeId?.ToString() ?? "none"}; the ticket has version {ticket.Version}, {ticket.Status}, assignee {ticket.AssigneeId?.ToString() ?? "none"}");
            }
        }

        foreach (var extra in rows.Keys.Where(id => !tickets.ContainsKey(id)))
        {
            Violated("5", $"the tickets list has {extra} with the case's skill, which the case never opened");
        }

        return violations;
    }

    /// <summary>What differs between two snapshots of the same case: after a refused request, nothing may.</summary>
    public static List<string> Changes(Snapshot before, Snapshot after, string skill)
    {
        var changes = new List<string>();
        foreach (var (id, was) in before.Tickets)
        {
            var now = after.Tickets[id];
            if ((was.Version, was.Status, was.AssigneeId, was.OverCapacity) != (now.Version, now.Status, now.AssigneeId, now.OverCapacity))
            {
                changes.Add($"{id}: version {was.Version} → {now.Version}, {was.Status} → {now.Status}, assignee {was.AssigneeId?.ToString() ?? "none"} → {now.AssigneeId?.ToString() ?? "none"}, overCapacity {was.OverCapacity} → {now.OverCapacity}");
            }
        }

        foreach (var (id, was) in before.Specialists)
        {
            var now = after.Specialists[id];
            if ((was.Version, was.Load, was.Availability) != (now.Version, now.Load, now.Availability) || !was.OpenTickets.Order().SequenceEqual(now.OpenTickets.Order()))
            {
                changes.Add($"{id}: version {was.Version} → {now.Version}, load {was.Load} → {now.Load}, {was.Availability.Status} → {now.Availability.Status}");
            }
        }

        if (after.Listed.Count != before.Listed.Count)
        {
            changes.Add($"the tickets list with skill {skill} had {before.Listed.Count} tickets and has {after.Listed.Count}");
        }

        static List<string> Board(Snapshot s, string skill) =>
            s.Board.Waiting.Where(t => t.RequiredSkill == skill).Select(t => $"waiting {t.Id} {t.Status}")
                .Concat(s.Board.Specialists.SelectMany(c => c.Tickets.Where(t => t.RequiredSkill == skill).Select(t => $"{c.Id}: {t.Id} {t.Status}")))
                .Order().ToList();
        if (!Board(before, skill).SequenceEqual(Board(after, skill)))
        {
            changes.Add($"the board changed: [{string.Join("; ", Board(before, skill))}] → [{string.Join("; ", Board(after, skill))}]");
        }

        return changes;
    }
}
