using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.Lifecycle;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Cards;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Lifecycle;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Dispatching;
using OrleansCrm.ServiceDesk.Tickets;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Specialists;

namespace OrleansCrm.Host.Tests.Persistence.Golden;

/// <summary>
/// One fully filled value of every stored grain state: every field set, every collection non-empty, every enum past its
/// 0 member (checked by <see cref="GoldenPayloadTests.Every_sample_fills_every_field"/>). The golden payloads were
/// written from these; when a state gains a field, fill it here and write a new payload (see Golden/README.md).
/// </summary>
internal static class GoldenStates
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 15, 30, 123, TimeSpan.Zero);
    private static readonly Guid ClientId = Guid.Parse("c1000000-0000-4000-8000-000000000001");
    private static readonly Guid ContactId = Guid.Parse("c2000000-0000-4000-8000-000000000002");
    private static readonly Guid Manager = Guid.Parse("c3000000-0000-4000-8000-000000000003");
    private static readonly Guid SpecialistA = Guid.Parse("5a000000-0000-4000-8000-00000000000a");
    private static readonly Guid SpecialistB = Guid.Parse("5b000000-0000-4000-8000-00000000000b");
    private static readonly Guid SpecialistC = Guid.Parse("5c000000-0000-4000-8000-00000000000c");
    private static readonly Guid TicketA = Guid.Parse("7a000000-0000-4000-8000-00000000000a");
    private static readonly Guid TicketB = Guid.Parse("7b000000-0000-4000-8000-00000000000b");
    private static readonly Guid TicketC = Guid.Parse("7c000000-0000-4000-8000-00000000000c");

    /// <summary>The samples by state type; the folder of each one's payloads is named after the type.</summary>
    public static IReadOnlyDictionary<Type, Func<object>> All { get; } = new Dictionary<Type, Func<object>>
    {
        [typeof(TicketState)] = Ticket,
        [typeof(SpecialistState)] = Specialist,
        [typeof(SpecialistArchive)] = Archive,
        [typeof(DispatcherRoster)] = Roster,
        [typeof(ClientState)] = Client,
        [typeof(ContractState)] = Contract,
        [typeof(DealState)] = Deal,
    };

    public static TicketState Ticket() => new()
    {
        Ticket = new NewTicket(ClientId, ContactId, "Не формується податкова накладна", "M.E.Doc відмовляє з кодом 0x1F", TicketChannel.Assistant,
            TicketPriority.Critical, "medoc", 3, 90, true, "Підтримка призупинена: беремо під відповідальність", "support"),
        Version = 12,
        Status = TicketStatus.Paused,
        AssigneeId = SpecialistA,
        CreatedAt = At,
        DueAt = At.AddHours(4),
        AssignedAt = At.AddSeconds(2),
        FirstAcceptedAt = At.AddMinutes(3),
        ResolvedAt = At.AddHours(2),
        OverCapacity = true,
        UnbilledWork = true,
        Overdue = true,
        MinutesLogged = 45,
        History =
        [
            new TicketHistoryEntry(1, At, "dispatcher", TicketHistoryKind.Redirected, SpecialistB, SpecialistA, "на місці", TicketStatus.Assigned, null)
            {
                Text = ServerText.Of("ServiceDesk.History_WasDueAt", new TextArg(TextArgKind.Date, "2026-03-02T13:00:00.0000000+02:00"),
                    new TextArg(TextArgKind.Label, "ServiceDesk.TicketStatus_Paused"), new TextArg(TextArgKind.Number, "12.5")),
            },
            new TicketHistoryEntry(2, At.AddMinutes(5), "spec-a", TicketHistoryKind.TimeLogged, null, null, "звірка", null, 45),
            // An offset other than UTC: the stored time keeps it.
            new TicketHistoryEntry(3, new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.FromHours(2)), "spec-a", TicketHistoryKind.StatusChanged, null, null, null, TicketStatus.Paused, null),
        ],
        FirstResponseDue = At.AddHours(1),
        WarningAt = At.AddHours(3),
        AssignmentDeadline = At.AddMinutes(15),
        PausedAt = At.AddHours(1).AddMinutes(30),
        Warned = true,
        Number = 123,
        Outbox =
        [
            new PendingWork(SpecialistA, new WorkEvent(TicketA, 7, WorkEventKind.Resolved, TicketWeights.Critical, At.AddHours(2), true)),
            new PendingWork(SpecialistB, new WorkEvent(TicketA, 6, WorkEventKind.RedirectedAway, TicketWeights.Critical, At.AddHours(1), false)),
        ],
    };

    public static SpecialistState Specialist()
    {
        var state = new SpecialistState
        {
            Profile = new SpecialistProfile("Олена Коваль", "user-42", [new Skill("medoc", 4), new Skill("1c.erp", 2)], 4,
                [new Certificate("1С:Професіонал", new DateOnly(2025, 11, 20))], 12),
            Version = 31,
            Availability = new Availability(AvailabilityStatus.Absent, At.AddDays(3)),
            ResolvedDays = [new ResolvedDay(739_600, 3), new ResolvedDay(739_601, 1)],
            Accepted = 17,
            Declined = 2,
            RedirectedAway = 3,
            Resolved = 14,
            ResolvedOnTime = 12,
            Overdue = 1,
            CreatedAt = At.AddDays(-30),
            UpdatedAt = At,
        };
        state.OpenTickets.Add(new OpenTicket(TicketA, TicketWeights.Critical, 4));
        state.OpenTickets.Add(new OpenTicket(TicketB, TicketWeights.Normal, 2));
        state.LastApplied[TicketC] = new AppliedWork(9, At.AddMinutes(-10)); // packed to the millisecond, as At is
        return state;
    }

    public static SpecialistArchive Archive()
    {
        var archive = new SpecialistArchive();
        archive.Applied[TicketA] = new AppliedWork(11, At.AddDays(-8));
        archive.Applied[TicketB] = new AppliedWork(5, At.AddDays(-9));
        return archive;
    }

    public static DispatcherRoster Roster() => new() { Specialists = [SpecialistA, SpecialistB, SpecialistC] };

    public static ClientState Client() => new()
    {
        Card = new ClientCard(
            "ТОВ «Зоряна бухгалтерія»", "Зоряна", ClientKind.BudgetInstitution, "32855961",
            [new Contact(ContactId, "Ірина Петренко", "головний бухгалтер", ["+380441234567", "+380501112233"], ["iryna@zoryana.ua"])],
            Manager,
            ["vip", "medoc"],
            new Dictionary<string, CustomAttribute> { ["licences"] = new(AttributeType.Number, "12.5"), ["since"] = new(AttributeType.Date, "2019-04-01") },
            SupportStatus.Suspended,
            new RemoteAccess("AnyDesk", "ID 123 456 789"),
            "Дзвонити після 10:00",
            [new Installation("M.E.Doc", "11.02.058", ["main", "archive"], new DateOnly(2026, 4, 1))]),
        Version = 5,
        CreatedAt = At.AddDays(-400),
        UpdatedAt = At,
    };

    public static ContractState Contract() => new()
    {
        Contract = new NewContract(
            ClientId, "ТОВ «Зоряна бухгалтерія»", Manager, ContractKind.Its, new DateOnly(2026, 1, 28), new DateOnly(2026, 2, 1), new DateOnly(2027, 1, 31), true,
            new ContractTerms(new DateOnly(2026, 2, 1), 7500.50m, 12.5m, 20, true, 850m,
                [new ContractLine("Оновлення M.E.Doc", 2m, "шт.", 300.25m, 7)], ["Консультації", "Оновлення"]),
            Guid.Parse("7e000000-0000-4000-8000-00000000000e"), "# Договір\n## Предмет\nПослуги: {contract.services}.",
            new ClientRequisites("м. Полтава, вул. Соборності, 1", "UA213223130000026007233566001", "АТ «ПриватБанк»", "Коваль П. П.", "Директор", "Статуту")),
        Version = 7,
        Number = "Д-2026-0042",
        Status = ContractStatus.Expired,
        EndsOn = new DateOnly(2028, 1, 31),
        Amendments = [new ContractAmendment(1, new DateOnly(2026, 6, 1), 9000m, 16m, "Додаткова угода № 1", At)],
        ActivatedOn = new DateOnly(2026, 2, 1),
        TerminatedOn = new DateOnly(2027, 12, 15),
        TerminationReason = "Клієнт перейшов до іншого підрядника",
        Renewals = 1,
        CreatedAt = At.AddDays(-30),
        UpdatedAt = At,
        Outbox = [new SupportCheck(ClientId, "Д-2026-0042", ContractStatus.Terminated)],
        SuspendedOn = new DateOnly(2026, 9, 1),
        SuspensionReason = "Борг за три місяці",
        Suspensions = [new SuspensionPeriod(new DateOnly(2026, 7, 10), new DateOnly(2026, 7, 19)), new SuspensionPeriod(new DateOnly(2026, 9, 1), null)],
        WithdrawnTerminationOn = new DateOnly(2027, 6, 30),
        TextEdited = true,
        OwnText = "# Договір\n## Предмет\nПослуги для клієнта: {contract.services}.",
    };

    public static DealState Deal() => new()
    {
        Version = 9,
        Created = true,
        PipelineId = Guid.Parse("d1000000-0000-4000-8000-000000000001"),
        Stage = "review",
        Status = DealStatus.Won,
        ClientId = ClientId,
        Title = "Впровадження BAS Бухгалтерія",
        Amount = 48000.50m,
        Currency = "UAH",
        Channel = "Телефон",
        Source = "Рекомендація",
        Participants = [new DealParticipant("Олена Коваль", "Головний бухгалтер", ContactId)],
        PrimaryDemand = "Перейти з 1С 7.7 до BAS",
        Fields = new() { ["budget"] = "50000", ["urgent"] = "true" },
        OwnerId = Manager,
        ExpectedCloseOn = new DateOnly(2026, 4, 30),
        PausedUntil = new DateOnly(2026, 3, 10),
        PauseComment = "Клієнт у відпустці",
        WonAmount = 45000m,
        LostReason = "Дорого",
        ClosedAt = At.AddDays(20),
        InvoiceId = Guid.Parse("d2000000-0000-4000-8000-000000000002"),
        History =
        [
            new DealStageStay(1, Guid.Parse("d1000000-0000-4000-8000-000000000001"), "new", At, At.AddDays(2), Manager),
            new DealStageStay(2, Guid.Parse("d3000000-0000-4000-8000-000000000003"), "review", At.AddDays(2), null, null),
        ],
        CreatedAt = At,
        UpdatedAt = At.AddDays(20),
        Outbox =
        [
            new DealMessage(DealMessageKind.PauseEnded, 2, Guid.Parse("d3000000-0000-4000-8000-000000000003"), "review", At.AddDays(8), new DateOnly(2026, 3, 10)),
            new DealMessage(DealMessageKind.Closed, 2, Guid.Parse("d3000000-0000-4000-8000-000000000003"), "review", At.AddDays(20)),
        ],
    };
}
