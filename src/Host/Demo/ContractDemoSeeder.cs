using Mediator;
using OrleansCrm.Agreements.ChangeContract;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.CreateContract;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Demo;

namespace OrleansCrm.Host.Demo;

/// <summary>
/// Contracts for the demo clients, through the same commands as the API: most have an active support contract (2,000–15,000
/// UAH a month, VAT 20%, some started last year), a few expired or terminated (their clients' support ends with them), a
/// few end within 30 days (the daily job reminds their managers), one is suspended and one has a termination scheduled,
/// every tenth client has none (its status stays as set
/// by hand). Spans two modules, so it lives in the host, after the clients' seeder; idempotency keys make a repeated or
/// interrupted seed create nothing twice. Eight at a time: the demo's first start stays quick.
/// </summary>
internal sealed class ContractDemoSeeder(IMediator mediator, IGrainFactory grains, CompanyCalendar calendar) : IDemoDataSeeder
{
    public int Order => 10; // on the demo clients

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<IContractGrain>(ContractId(ClientDemoCount - 1)).Get() is not null)
        {
            return; // once: the last one is there
        }

        var today = calendar.Today;
        await Parallel.ForEachAsync(Enumerable.Range(0, ClientDemoCount), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, token) => await SeedAsync(i, today, token));
    }

    private const int ClientDemoCount = 200;

    /// <summary>The clients whose active contract is suspended, and whose contract has a termination scheduled in 20 days.</summary>
    private const int SuspendedDemo = 11, TerminationScheduledDemo = 13;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static Guid ContractId(int i) => OrleansCrm.BuildingBlocks.Ids.DeterministicGuid.Create("agreements/create", Key(i));

    private static string Key(int i) => $"demo/contract/{i}";

    private async Task SeedAsync(int i, DateOnly today, CancellationToken cancellationToken)
    {
        if (i % 10 == 9)
        {
            return; // no contract: the client keeps its manual status
        }

        var fee = 2_000m + (i * 137 % 131 * 100m);
        var lastYear = new DateOnly(today.Year - 1, 1 + (i % 12), 1);
        var thisYear = new DateOnly(today.Year, 1 + (i % today.Month), 1);
        var (starts, ends, autoRenew) = (i % 20) switch
        {
            3 => (lastYear, lastYear.AddYears(2).AddDays(-1), false),                                     // terminated below
            7 => (today.AddMonths(-11), today, false),                                                    // expires below
            5 or 15 => (today.AddDays(i % 25 + 1).AddYears(-1).AddDays(1), today.AddDays(i % 25 + 1), false), // ends within 30 days
            _ => i % 3 == 0 ? (lastYear, lastYear.AddYears(2).AddDays(-1), true) : (thisYear, thisYear.AddYears(1).AddDays(-1), true),
        };
        var contract = await mediator.Send(new CreateContract
        {
            ClientId = DemoClients.Id(i),
            Kind = i % 17 == 4 ? ContractKind.Its : ContractKind.Support,
            SignedOn = starts.AddDays(-3),
            StartsOn = starts,
            EndsOn = ends,
            AutoRenew = autoRenew,
            MonthlyFee = fee,
            IncludedHours = Math.Round(fee / 1_000m),
            VatRate = 20,
            ExtraHourRate = 800m,
            Services = ["Консультації з 1С і BAS", "Оновлення конфігурацій", "Підтримка M.E.Doc"],
            ClientAddress = $"м. Київ, вул. Хрещатик, {i + 1}",
            ClientIban = $"UA21322313{i:00000}000026007233566001"[..29],
            ClientBank = "АТ «ПриватБанк»",
            SignatoryName = "Іваненко Іван Іванович",
            SignatoryPosition = "Директор",
            SignatoryBasis = "Статуту",
            IdempotencyKey = Key(i),
        }, cancellationToken);
        if (contract.Status != ContractStatus.Draft)
        {
            return;
        }

        contract = await mediator.Send(new ActOnContract(contract.Id, ContractAction.Activate), cancellationToken);
        if (i % 20 == 3)
        {
            await mediator.Send(new TerminateContract { ContractId = contract.Id, Reason = "Клієнт перейшов до іншого підрядника", On = Min(lastYear.AddMonths(8), today) }, cancellationToken);
        }
        else if (i % 20 == 7)
        {
            await grains.GetGrain<IContractGrain>(contract.Id).Expire(today.AddDays(1)); // as the daily job does the day after its end
        }
        else if (i == SuspendedDemo)
        {
            await mediator.Send(new SuspendContract { ContractId = contract.Id, Reason = "Неоплачені рахунки за два місяці" }, cancellationToken);
        }
        else if (i == TerminationScheduledDemo)
        {
            await mediator.Send(new TerminateContract { ContractId = contract.Id, Reason = "Клієнт закриває філію", On = Min(today.AddDays(20), contract.EndsOn) }, cancellationToken);
        }
    }
}
