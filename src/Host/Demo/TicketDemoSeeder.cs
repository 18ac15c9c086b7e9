using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Demo;
using OrleansCrm.ServiceDesk.ActOnTicket;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.OpenTicket;

namespace OrleansCrm.Host.Demo;

/// <summary>
/// A working morning for the demo: tickets from the demo clients, dispatched by the real dispatcher, some already taken
/// into work or resolved, so the wall, the board and the workplaces have something to show. It spans two modules
/// (clients to pick from, tickets to open), so it lives with the other cross-module wiring in the host. Runs after
/// the clients' and specialists' seeders; idempotency keys make a repeated or interrupted seed open nothing twice.
/// </summary>
internal sealed class TicketDemoSeeder(IMediator mediator, IGrainFactory grains) : IDemoDataSeeder
{
    public int Order => 10; // on the demo clients and specialists

    private static readonly (string Subject, string Skill, int Level, TicketPriority Priority, TicketChannel Channel)[] Requests =
    [
        ("Не відправляється податкова накладна в M.E.Doc", "medoc", 2, TicketPriority.High, TicketChannel.Phone),
        ("Закінчився сертифікат КЕП директора", "qes", 1, TicketPriority.Critical, TicketChannel.Phone),
        ("Не проводиться документ «Реалізація товарів»", "1c.accounting", 2, TicketPriority.Normal, TicketChannel.Web),
        ("Помилка при розрахунку лікарняних", "1c.zup", 3, TicketPriority.High, TicketChannel.Email),
        ("ПРРО не фіскалізує чеки", "prro", 2, TicketPriority.Critical, TicketChannel.Phone),
        ("Оновити конфігурацію BAS Бухгалтерія до нового релізу", "bas", 2, TicketPriority.Low, TicketChannel.Scheduled),
        ("Немає доступу до бази з віддаленого офісу", "network", 2, TicketPriority.High, TicketChannel.Phone),
        ("Звіт ЄСВ не проходить перевірку", "medoc", 3, TicketPriority.Normal, TicketChannel.Email),
        ("Налаштувати права нового бухгалтера", "1c.accounting", 1, TicketPriority.Low, TicketChannel.Web),
        ("Повільно працює 1С:ERP після оновлення", "1c.erp", 3, TicketPriority.Normal, TicketChannel.Phone),
        ("Не формується звіт про рух коштів", "bas", 3, TicketPriority.Normal, TicketChannel.Assistant),
        ("Підключити новий касовий апарат", "prro", 1, TicketPriority.Normal, TicketChannel.Web),
        ("Помилка обміну з банком", "1c.accounting", 2, TicketPriority.High, TicketChannel.Phone),
        ("Продовжити ліцензію M.E.Doc", "medoc", 1, TicketPriority.Low, TicketChannel.Scheduled),
        ("Не відкривається база після збою живлення", "1c.erp", 4, TicketPriority.Critical, TicketChannel.Phone),
        ("Перенести залишки на новий рік", "bas", 2, TicketPriority.Normal, TicketChannel.Email),
        ("Зарплатна відомість не сходиться з банком", "1c.zup", 2, TicketPriority.Normal, TicketChannel.Web),
        ("Не працює VPN у філії", "network", 3, TicketPriority.High, TicketChannel.Phone),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        // Once: a seed that got to its last ticket is done, whatever users have changed since.
        if (await grains.GetGrain<ITicketGrain>(TicketId(Requests.Length - 1)).Get() is not null)
        {
            return;
        }

        for (var i = 0; i < Requests.Length; i++)
        {
            // Ticket i always belongs to demo client i (never "the i-th client as sorted now": a client a user adds
            // would shift that, and the same ticket key would meet another client). A client made inactive since is skipped.
            var clientId = DemoClients.Id(i);
            if (await grains.GetGrain<IClientGrain>(clientId).Get() is not { SupportStatus: SupportStatus.Active })
            {
                continue;
            }

            var (subject, skill, level, priority, channel) = Requests[i];
            var ticket = await mediator.Send(
                // The ones resolved below are billable: unbilled work on /billing has items to invoice on a first start.
                new OpenTicket(clientId, null, subject, null, channel, priority, skill, level, 60, Billable: i % 5 == 4, null)
                {
                    IdempotencyKey = Key(i), Actor = "demo", Caller = Caller.System,
                },
                cancellationToken);

            // Every third taken into work, every fifth already resolved: the wall shows a day under way. Version 1 is a
            // ticket just opened (and placed) by this seed, not one a repeated seed finds already worked on.
            foreach (var action in ticket.Version == 1 && ticket.AssigneeId is not null ? Progress(i) : [])
            {
                try
                {
                    await mediator.Send(new ActOnTicket(null, null) { TicketId = ticket.Id, Action = action, Actor = "demo", Caller = Caller.System }, cancellationToken);
                }
                catch (ConflictException)
                {
                    break; // moved on meanwhile (a timeout, a redirect): leave it as it is
                }
            }
        }
    }

    private static string Key(int index) => $"demo/tickets/{index}";

    private static Guid TicketId(int index) => OpenTicketHandler.TicketIdFor(Caller.System, Key(index));

    private static TicketAction[] Progress(int index) => index % 5 == 4
        ? [TicketAction.Accept, TicketAction.Start, TicketAction.Resolve]
        : index % 3 == 0 ? [TicketAction.Accept, TicketAction.Start] : [];
}
