using System.Data.Common;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Sales.Activities.Interactions;
using OrleansCrm.Sales.Activities.Tasks;
using OrleansCrm.Sales.Storage;

namespace OrleansCrm.Sales.Activities.Demo;

/// <summary>
/// Demo tasks and interactions (after deals, which seed at 30): for each demo manager's clients a done interaction with
/// notes and, for most, a planned next one (linked to the client's open deal when there is one, so some deals show
/// "no activity"); tasks overdue, due today, later and done; and one task the head of sales set for every manager.
/// Every record is keyed, so a repeated or interrupted seed makes nothing twice.
/// </summary>
internal sealed class ActivityDemoSeeder(
    IOptions<SalesDemoOptions> demo, ISender sender, TaskStore tasks, InteractionStore interactions, SalesDb db, TimeProvider time) : IDemoDataSeeder
{
    private static readonly string[] Notes =
    [
        "Обговорили продовження ІТС на рік, чекають рахунок",
        "Головбух просить демонстрацію BAS Бухгалтерія",
        "Уточнили кількість робочих місць для M.E.Doc",
        "Клієнт порівнює нашу пропозицію з конкурентом",
        "Надіслали комерційну пропозицію на оновлення 1С:ЗУП",
        "Домовилися про зустріч з директором",
        "Потрібен КЕП для нового директора",
        "Скаржаться на повільну роботу бази, можливо переведення на сервер",
    ];

    private static readonly string[] TaskTitles =
    [
        "Підготувати комерційну пропозицію",
        "Передзвонити щодо продовження ІТС",
        "Надіслати рахунок і договір",
        "Перевірити оплату за минулий місяць",
    ];

    public int Order => 40;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var managers = demo.Value.ManagerIds;
        if (managers.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var deals = await OpenDealsAsync(cancellationToken);
        var head = managers[^1];
        for (var m = 0; m < managers.Count; m++)
        {
            var manager = managers[m];
            var clients = (await sender.Send(new FindClientIdsOfManager(manager), cancellationToken)).Take(10).ToList();
            for (var j = 0; j < clients.Count; j++)
            {
                var client = clients[j];
                var deal = deals.FirstOrDefault(d => d.ClientId == client && d.OwnerId == manager).Id;
                var kind = (InteractionKind)(j % 4);
                var done = await interactions.CreateAsync(
                    new InteractionDraft(kind, client, null, deal == Guid.Empty ? null : deal, null, manager, null, today.AddDays(-1 - j % 6).AddHours(8 + j % 8),
                        Notes[(j + m) % Notes.Length], $"demo/activities/{manager}/{j}/done"),
                    j % 3 == 2 ? null : new NextInteraction((InteractionKind)((j + 1) % 3), today.AddDays(j % 7).AddHours(7 + j % 9)),
                    cancellationToken);
                _ = done;
            }

            for (var n = 0; n < TaskTitles.Length; n++)
            {
                var due = n switch { 0 => now.AddDays(-1), 1 => today.AddHours(20), 2 => now.AddDays(3), _ => now.AddDays(-2) };
                var made = await tasks.CreateAsync(
                    new NewTask(TaskTitles[n], null, head == manager ? null : head, due, null, null, clients.Count > n ? clients[n] : null, null,
                        $"demo/activities/task/{manager}/{n}"),
                    [manager], cancellationToken);
                if (n == 3 && made.Single() is { Status: SalesTaskStatus.Set } finished)
                {
                    await tasks.ActAsync(finished.Id, SalesCaller.System, TaskAction.Accept, null, null, cancellationToken);
                    await tasks.ActAsync(finished.Id, SalesCaller.System, TaskAction.Done, null, null, cancellationToken);
                }
            }
        }

        // The head of sales' one task for every manager: one task each.
        await tasks.CreateAsync(
            new NewTask("Оновити контакти клієнтів перед розсилкою", "Перевірте телефони та e-mail головбухів", head, now.AddDays(2), null, null, null, null,
                "demo/activities/task/everyone"),
            managers, cancellationToken);
    }

    private async Task<List<(Guid Id, Guid ClientId, Guid OwnerId)>> OpenDealsAsync(CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var select = ModuleDb.Command(connection, null, $"SELECT id, client_id, owner_id FROM {db.Deals} WHERE status = 0 ORDER BY created_at, id LIMIT 200");
        await using DbDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
        var deals = new List<(Guid, Guid, Guid)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deals.Add((ModuleDb.ReadId(reader, 0), ModuleDb.ReadId(reader, 1), ModuleDb.ReadId(reader, 2)));
        }

        return deals;
    }
}
