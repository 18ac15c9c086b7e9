using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.Billing.Payments.Demo;
using OrleansCrm.Billing.Payments.ImportStatement;
using OrleansCrm.Billing.Schedules;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;

namespace OrleansCrm.Billing.Demo;

/// <summary>
/// Money on the first start, made by the product's own paths: last month's invoices and acts for the demo contracts (the
/// monthly run, dated that month's first day, so they are overdue now), this month's (dated today, due in the coming
/// days: the expected receipts), and the demo bank statement imported, so some of last month's invoices are paid (the
/// wall's cash), some payments wait as unknown with their suggestions, and some invoices stay owed; and a payment schedule
/// of three invoices with their follow-up tasks. Runs after the
/// contracts' seeder (<see cref="Order"/>); with no contracts it logs and does nothing. The run's key makes a second seed
/// create nothing, and a second import only duplicates.
/// </summary>
internal sealed class BillingDemoSeeder(
    ISender sender, MonthlyRunService run, BillingClients clients, CompanyCalendar calendar, ILogger<BillingDemoSeeder> logger)
    : IDemoDataSeeder
{
    public int Order => 20; // on the demo contracts: last month's run

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var lastMonth = BillingPeriods.Of(calendar.Today).AddMonths(-1);
        var contracts = await sender.Send(new ListBillableContracts(lastMonth), cancellationToken);
        if (contracts.Count == 0)
        {
            logger.LogInformation("Demo data: no contracts to bill for {Period}; no invoices or acts made", BillingPeriods.Key(lastMonth));
            return;
        }

        var result = await run.RunAsync(lastMonth, contracts, lastMonth, cancellationToken);
        logger.LogInformation("Demo data: the run for {Period} made {Created} documents ({Failed} contracts failed)", result.Period, result.Created, result.Failed.Count);

        var thisMonth = lastMonth.AddMonths(1);
        var current = await run.RunAsync(thisMonth, await sender.Send(new ListBillableContracts(thisMonth), cancellationToken), calendar.Today, cancellationToken);
        logger.LogInformation("Demo data: the run for {Period} made {Created} documents", current.Period, current.Created);

        // A payment schedule (seed 002) with its follow-up tasks for the client's manager; keyed, so a second seed makes nothing.
        foreach (var scheduled in contracts)
        {
            if (await clients.GetAsync(scheduled.ClientId) is not { TaxId.Length: > 0 })
            {
                continue; // an invoice is issued to a client with its tax id only
            }

            var schedule = await sender.Send(new CreateSchedule(
                MoneyCaller.System, scheduled.ClientId, scheduled.ContractId, 36_000m, 3, calendar.Today.AddDays(10), 30, null, Service: "Впровадження BAS Бухгалтерія")
            {
                IdempotencyKey = "demo-schedule",
            }, cancellationToken);
            logger.LogInformation("Demo data: a payment schedule of {Parts} invoices with {Tasks} follow-up tasks", schedule.Payments.Count, schedule.Payments.Count(p => p.TaskId is not null));
            break;
        }

        var cashier = Caller.System;
        var statement = await sender.Send(new GetDemoStatement { Caller = cashier }, cancellationToken);
        var imported = await sender.Send(new ImportStatement(statement.FileName, statement.Content, StatementFormat.ClientBankExchange) { Caller = cashier }, cancellationToken);
        logger.LogInformation("Demo data: the demo statement imported {Imported} payments, {Matched} matched", imported.Imported, imported.Matched);
    }
}
