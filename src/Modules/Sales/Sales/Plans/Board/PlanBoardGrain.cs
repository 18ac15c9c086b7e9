using Microsoft.Extensions.Logging;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Plans.Reports;

namespace OrleansCrm.Sales.Plans.Board;

/// <summary>The wall's plan tile for the company: one per cluster (key <see cref="PlanBoard.Key"/>).</summary>
public interface IPlanBoardGrain : IGrainWithStringKey
{
    /// <summary>The month's figures as last read (read again when the company's day has turned since).</summary>
    Task<PlanChanged> Read();

    /// <summary>Something the figures count changed and is committed: read them again shortly and publish them.</summary>
    Task Changed();
}

/// <summary>How the module reaches its board.</summary>
public static class PlanBoard
{
    public const string Key = "sales";

    public static Task ChangedAsync(IGrainFactory grains) => grains.GetGrain<IPlanBoardGrain>(Key).Changed();
}

/// <summary>
/// An aggregate grain over the tables: it holds nothing a new activation could not read again (it reads the figures on
/// activation), and recounts on every change rather than adding amounts up, so a repeated or reordered event (a deal's
/// DealClosed published twice, an invoice's InvoicePaid after a retry) cannot count twice. Changes are coalesced: the
/// first one starts a short timer, and everything arriving before it fires costs one reading and one push.
/// </summary>
internal sealed class PlanBoardGrain(PlanFigures figures, CompanyCalendar calendar, ILiveFeed feed, ILogger<PlanBoardGrain> logger) : Grain, IPlanBoardGrain
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(200);

    private PlanChanged? _shown;
    private DateOnly _readOn;
    private IGrainTimer? _pending;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            _shown = await ReadAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // Activation must not fail on a reading: the next Read or change reads again.
            logger.LogWarning(exception, "Reading the plan figures on activation failed");
        }
    }

    public async Task<PlanChanged> Read()
    {
        if (_shown is null || calendar.Today != _readOn)
        {
            _shown = await ReadAsync(CancellationToken.None);
        }

        return _shown;
    }

    public Task Changed()
    {
        _pending ??= this.RegisterGrainTimer(
            async cancellationToken =>
            {
                // Disposed after the reading, not before: disposing a timer cancels the token its callback runs with.
                var done = _pending;
                _pending = null;
                await PublishAsync(cancellationToken);
                done?.Dispose();
            },
            new GrainTimerCreationOptions(Coalesce, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        try
        {
            _shown = await ReadAsync(cancellationToken);
            feed.Publish(_shown);
        }
        catch (Exception exception)
        {
            // The walls re-read their figures on a timer and on reconnect: a lost reading leaves them late, not wrong.
            logger.LogWarning(exception, "Reading the plan figures for the wall failed");
        }
    }

    private async Task<PlanChanged> ReadAsync(CancellationToken cancellationToken)
    {
        _readOn = calendar.Today;
        var company = await figures.CompanyAsync(calendar.ThisMonth, cancellationToken);
        var (wonToday, wonTodayAmount) = await figures.WonTodayAsync(cancellationToken);
        return new PlanChanged(SalesPeriods.Key(company.Period), company.PlanAmount, company.ActualAmount, company.PaidAmount, wonToday, wonTodayAmount, calendar.Now);
    }
}
