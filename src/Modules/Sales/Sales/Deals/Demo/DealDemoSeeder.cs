using Mediator;
using Microsoft.Extensions.Logging;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Attachments;
using OrleansCrm.Sales.Deals.Pipelines;

namespace OrleansCrm.Sales.Deals.Demo;

/// <summary>
/// Deals on the first start: a sales pipeline and a claims pipeline linked to it, and deals of the demo clients (those with
/// demo contracts, found through Agreements) owned by each client's manager, at every stage, some won and some lost this
/// month, each with a history spread over the past weeks. Runs after the money (<see cref="Order"/>); a second start finds
/// the pipelines and seeds nothing, and the deals' ids come from their number, so a half-done seed completes.
/// </summary>
internal sealed class DealDemoSeeder(PipelineStore pipelines, AttachmentStore attachments, ISender sender, IGrainFactory grains, TimeProvider time, ILogger<DealDemoSeeder> logger)
    : IDemoDataSeeder
{
    public const string SalesName = "Продажі";
    public const string ClaimsName = "Рекламації";

    public int Order => 30; // after billing: deals of the clients with contracts

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var existing = await pipelines.ListAsync(cancellationToken);
        var sales = existing.FirstOrDefault(p => p.Name == SalesName) ?? await CreatePipelinesAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var clients = (await sender.Send(new ListBillableContracts(new DateOnly(today.Year, today.Month, 1)), cancellationToken))
            .Select(c => c.ClientId).Distinct().Take(40).ToList();
        if (clients.Count == 0)
        {
            logger.LogInformation("Demo data: no demo clients with contracts; no deals made");
            return;
        }

        var made = 0;
        Guid? first = null;
        var random = new Random(18);
        for (var i = 0; i < clients.Count; i++)
        {
            var client = await grains.GetGrain<IClientGrain>(clients[i]).Get();
            if (client?.ManagerId is not { } owner)
            {
                continue;
            }

            var id = DeterministicGuid.Create("sales/demo-deal", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await grains.GetGrain<IDealGrain>(id).Import(Deal(sales, i, client.Id, client.ShortName ?? client.LegalName, owner, random));
            first ??= id;
            made++;
        }

        if (first is { } withFile)
        {
            await AttachBriefAsync(withFile, cancellationToken);
        }

        logger.LogInformation("Demo data: {Count} deals in {Pipeline}", made, SalesName);
    }

    private ImportedDeal Deal(Pipeline sales, int i, Guid client, string clientName, Guid owner, Random random)
    {
        var now = time.GetUtcNow();
        var (title, amount) = Offers[i % Offers.Length];
        // Open deals spread over the stages (not the claim hand-off), a few won and lost this month.
        var outcome = (i % 7) switch { 5 => DealStatus.Won, 6 => DealStatus.Lost, _ => DealStatus.Open };
        var open = sales.Stages.Take(sales.Stages.Count - 1).ToList();
        var reached = outcome switch { DealStatus.Open => i % open.Count, DealStatus.Won => open.Count - 1, _ => 1 + i % 3 };
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var closedAt = outcome == DealStatus.Open ? (DateTimeOffset?)null : Max(monthStart, now.AddDays(-random.Next(0, 10))).AddHours(-random.Next(1, 5));
        var history = new List<DealStageStay>();
        var end = closedAt ?? now.AddHours(-random.Next(2, 48));
        var at = end.AddDays(-(reached + 1) * random.Next(3, 8));
        for (var s = 0; s <= reached; s++)
        {
            var left = s == reached ? closedAt : at.AddDays(random.Next(2, 7)).AddHours(random.Next(0, 8));
            if (left is { } l && l > end)
            {
                left = end;
            }

            history.Add(new DealStageStay(s + 1, sales.Id, open[s].Code, at, left, owner));
            at = left ?? at;
        }

        var deal = new NewDeal(sales.Id, open[0].Code, client, $"{title} — {clientName}", amount, "UAH", Channels[i % Channels.Length], Sources[i % Sources.Length],
            [new DealParticipant("Головний бухгалтер", "приймає рішення", null)], "Перейти на сучасну версію й отримувати оновлення вчасно",
            new Dictionary<string, string>(), owner, DateOnly.FromDateTime(now.AddDays(random.Next(5, 45)).UtcDateTime), null);
        return new ImportedDeal(deal, outcome, outcome == DealStatus.Won ? amount : null, outcome == DealStatus.Lost ? sales.LossReasons[i % sales.LossReasons.Count] : null,
            closedAt, history, history[0].EnteredAt);
    }

    /// <summary>A short brief on the first demo deal, so the deal page's files section has one; once (a restart finds it).</summary>
    private async Task AttachBriefAsync(Guid deal, CancellationToken cancellationToken)
    {
        if ((await attachments.ListAsync(deal, cancellationToken)).Count > 0)
        {
            return;
        }

        var content = System.Text.Encoding.UTF8.GetBytes(DemoBrief);
        await sender.Send(new AddAttachment
        {
            DealId = deal, Kind = DemoBriefKind, FileName = "Бриф клієнта.txt", Size = content.Length, Open = () => new MemoryStream(content),
        }, cancellationToken);
    }

    public const string DemoBriefKind = "brief";

    private const string DemoBrief = """
        Бриф клієнта (демо)

        Що потрібно: перейти на BAS Бухгалтерія й отримувати оновлення вчасно.
        Хто вирішує: головний бухгалтер.
        Бюджет: до 50 000 грн, оплата після підписання договору.
        Наступний крок: зустріч із демонстрацією звітів.
        """;

    private async Task<Pipeline> CreatePipelinesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var salesId = DeterministicGuid.Create("sales/demo-pipeline", SalesName);
        var claimsId = DeterministicGuid.Create("sales/demo-pipeline", ClaimsName);
        var reasons = new[] { "Дорого", "Обрали іншого постачальника", "Відклали проєкт", "Не відповідає" };
        var sales = new Pipeline(salesId, SalesName, 0, true,
        [
            new PipelineStage("new", "Новий запит", 10, [], []),
            new PipelineStage("qualified", "Кваліфікація", 25, ["amount"], [new StageRobot(RobotKind.PlanInteraction, "Дзвінок: уточнити потребу", DueAfter: "4h", Interaction: Activities.InteractionKind.Call)]),
            new PipelineStage("offer", "Комерційна пропозиція", 50, ["amount", "expectedCloseOn"], [new StageRobot(RobotKind.CreateTask, "Надіслати КП", DealFieldNames.Assignee, "4h")], AdvanceWhenTasksDone: true),
            new PipelineStage("invoice", "Рахунок", 75, ["amount"], [new StageRobot(RobotKind.DraftInvoice)]),
            new PipelineStage("paid", "Оплачено", 90, [], [new StageRobot(RobotKind.CreateTask, "Запланувати впровадження", DealFieldNames.Assignee, "1d")]),
            new PipelineStage("claim", "Рекламація", 90, [], [new StageRobot(RobotKind.MoveToPipeline, PipelineId: claimsId, Stage: "review")]),
        ], [], reasons, "paid", now, now);
        var claims = new Pipeline(claimsId, ClaimsName, 0, false,
        [
            new PipelineStage("review", "Розбір", 0, [], [new StageRobot(RobotKind.CreateTask, "Розібрати рекламацію", DealFieldNames.Assignee, "2h")]),
            new PipelineStage("fixing", "Виправлення", 0, [], []),
            new PipelineStage("fixed", "Виправлено", 0, [], [new StageRobot(RobotKind.MoveToPipeline, PipelineId: salesId, Stage: "paid")]),
        ], [], [], null, now, now);
        var created = await pipelines.CreateAsync(sales, cancellationToken);
        await pipelines.CreateAsync(claims, cancellationToken);
        return created;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static readonly (string Title, decimal Amount)[] Offers =
    [
        ("Перехід на BAS Бухгалтерія", 48_000m), ("Підписка ITS на рік", 14_400m), ("M.E.Doc: модуль звітності", 3_600m), ("КЕП для директора", 650m),
        ("Впровадження BAS Управління торгівлею", 96_000m), ("Супровід 1С: 10 годин на місяць", 8_500m), ("Оновлення конфігурації", 5_200m),
    ];

    private static readonly string[] Channels = ["Телефон", "Сайт", "E-mail", "Виставка"];

    private static readonly string[] Sources = ["Рекомендація", "Повторний клієнт", "Реклама", "Холодний дзвінок"];
}
