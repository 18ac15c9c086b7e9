using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing.Demo;

/// <summary>
/// Last month's invoices and acts for the demo contracts, made by the monthly run itself and dated the month's first day,
/// so they are overdue now (the payments' demo pays some of them). Registered after Agreements' seeder (module order in
/// Program.cs), whose contracts it bills; with no contracts it logs and does nothing. The run's key makes a second seed
/// create nothing.
/// </summary>
internal sealed class BillingDemoSeeder(ISender sender, MonthlyRunService run, IOptions<BillingOptions> options, TimeProvider time, ILogger<BillingDemoSeeder> logger)
    : IDemoDataSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var lastMonth = BillingPeriods.Of(options.Value.Today(time)).AddMonths(-1);
        var contracts = await sender.Send(new ListBillableContracts(lastMonth), cancellationToken);
        if (contracts.Count == 0)
        {
            logger.LogInformation("Demo data: no contracts to bill for {Period}; no invoices or acts made", BillingPeriods.Key(lastMonth));
            return;
        }

        var result = await run.RunAsync(lastMonth, contracts, lastMonth, cancellationToken);
        logger.LogInformation("Demo data: the run for {Period} made {Created} documents ({Failed} contracts failed)", result.Period, result.Created, result.Failed.Count);
    }
}
