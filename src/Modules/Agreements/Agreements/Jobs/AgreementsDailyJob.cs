using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.ReadModel;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Agreements.Jobs;

public sealed class AgreementsOptions
{
    public const string Section = "Agreements";

    /// <summary>How many days before a contract's end its client's manager is reminded.</summary>
    public int ReminderDays { get; set; } = 30;
}

/// <summary>
/// Once a day (and at each start, to catch up): active contracts whose termination was dated for today or earlier are
/// terminated; active contracts past their end expire, or run another term when they
/// renew automatically; suspended contracts past their end expire; those ending within <see cref="AgreementsOptions.ReminderDays"/> remind the client's manager once
/// per end date (a row keyed by contract and end date; the live feed tells the manager's screens). A re-check of stored
/// state, so a second run of the day changes nothing. One contract's failure is logged and does not stop the others.
/// </summary>
public sealed class AgreementsDailyJob(
    ContractRows rows, IGrainFactory grains, DatabaseOptions database, GroupCommitWriter writer, ILiveFeed feed, TimeProvider time, CompanyCalendar calendar,
    IOptions<AgreementsOptions> options, ILogger<AgreementsDailyJob> logger) : IRecurringJob
{
    public string Id => "agreements.daily";

    public string Cron => "0 1 * * *";

    public bool RunAtStart => true;

    private readonly string _remind = $"""
        INSERT INTO {AgreementsTables.Of(database).Sql("reminders")} (contract_id, ends_on, manager_id, sent_at) VALUES (@contract, @ends_on, @manager, @sent_at)
        ON CONFLICT (contract_id, ends_on) DO NOTHING
        """;

    public Task RunAsync(JobPeriod period, CancellationToken cancellationToken) =>
        RunOnAsync(calendar.Today, cancellationToken);

    /// <summary>The day's work as of <paramref name="today"/>; what it did, for the log and tests.</summary>
    public async Task<DailyOutcome> RunOnAsync(DateOnly today, CancellationToken cancellationToken)
    {
        int expired = 0, renewed = 0, reminded = 0, failed = 0, terminated = 0;
        foreach (var row in await rows.ActiveEndingByAsync(today, today.AddDays(options.Value.ReminderDays), cancellationToken))
        {
            try
            {
                var contract = grains.GetGrain<IContractGrain>(row.Id);
                if (row.TerminatedOn is { } due && due <= today)
                {
                    terminated += (await contract.TerminateDue(today)).Version != row.Version ? 1 : 0;
                }
                else if (row.Status == ContractStatus.Suspended)
                {
                    // Past its end while suspended: it expires (never renews; see the README), the client's support as for any expiry.
                    expired += (await contract.Expire(today)).Version != row.Version ? 1 : 0;
                }
                else if (row.EndsOn < today)
                {
                    var after = row.AutoRenew ? await contract.Renew(today) : await contract.Expire(today);
                    if (after.Version != row.Version)
                    {
                        _ = row.AutoRenew ? renewed++ : expired++;
                    }

                    if (after.Status != ContractStatus.Active || after.EndsOn > today.AddDays(options.Value.ReminderDays))
                    {
                        continue;
                    }

                    reminded += await RemindAsync(after, cancellationToken) ? 1 : 0;
                }
                else
                {
                    reminded += await RemindAsync(await contract.Get() ?? throw new InvalidOperationException("row without grain"), cancellationToken) ? 1 : 0;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failed++;
                logger.LogError(exception, "Contract {Number}: the daily check failed; the others go on", row.Number);
            }
        }

        var outcome = new DailyOutcome(expired, renewed, reminded, failed, terminated);
        logger.LogInformation("Contracts on {Today}: {Outcome}", today, outcome);
        return outcome;
    }

    /// <summary>Records the reminder for this end date once; only the run that recorded it tells the manager.</summary>
    private async Task<bool> RemindAsync(ContractDetails contract, CancellationToken cancellationToken)
    {
        var manager = (await grains.GetGrain<IClientGrain>(contract.ClientId).Get())?.ManagerId;
        var inserted = await writer.WriteAsync(new SqlStatement(_remind)
            .Add("@contract", database.DbId(contract.Id))
            .Add("@ends_on", contract.EndsOn)
            .Add("@manager", manager is { } m ? database.DbId(m) : null)
            .Add("@sent_at", time.GetUtcNow()), cancellationToken);
        if (inserted == 0)
        {
            return false;
        }

        if (manager is { } managerId)
        {
            feed.Publish(new ContractEnding(contract.Id, contract.Number, contract.ClientId, contract.ClientName, managerId, contract.EndsOn, contract.AutoRenew, time.GetUtcNow()));
        }

        return true;
    }
}

public sealed record DailyOutcome(int Expired, int Renewed, int Reminded, int Failed, int Terminated = 0);
