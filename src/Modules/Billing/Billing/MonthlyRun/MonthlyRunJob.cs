using System.Globalization;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrm.Billing.Documents;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Jobs;

namespace OrleansCrm.Billing.MonthlyRun;

/// <summary>
/// The monthly run on Hangfire: on <see cref="BillingOptions.RunDay"/> of each month (default the 1st) it bills the
/// current month. Idempotent by construction (the run key (contract, period, kind)), so a second run of the same
/// occurrence, or a click on the button the same day, creates nothing new.
/// </summary>
internal sealed class MonthlyRunJob(ISender sender, IOptions<BillingOptions> options, CompanyCalendar calendar, ILogger<MonthlyRunJob> logger) : IRecurringJob
{
    public const string JobId = "billing.monthly-run";

    public string Id => JobId;

    public string Cron => string.Create(CultureInfo.InvariantCulture, $"0 {Math.Clamp(options.Value.RunHourUtc, 0, 23)} {Math.Clamp(options.Value.RunDay, 1, 28)} * *");

    public async Task RunAsync(JobPeriod period, CancellationToken cancellationToken)
    {
        var month = BillingPeriods.Key(BillingPeriods.Of(calendar.Today));
        var result = await sender.Send(new RunMonth(month), cancellationToken);
        logger.LogInformation("Monthly run {Period}: {Created} created, {Skipped} already there, {Failed} failed", result.Period, result.Created, result.Skipped, result.Failed.Count);
        foreach (var failure in result.Failed)
        {
            logger.LogWarning("Monthly run {Period}: contract {ContractId} not billed: {Reason}", result.Period, failure.ContractId, failure.Reason);
        }
    }
}
