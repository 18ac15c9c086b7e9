using Microsoft.Extensions.Logging;
using OrleansCrm.Billing.Reports;
using OrleansCrm.BuildingBlocks.LiveFeed;

namespace OrleansCrm.Billing.Wall;

/// <summary>
/// Told after a commit that moved the wall's money figures (a document issued or cancelled, a payment imported or
/// matched): the director's wall gets <c>moneyChanged</c> with the new figures. Call it after the commit, never inside.
/// </summary>
internal interface IMoneyChanges
{
    void Changed();
}

/// <summary>
/// Reads the figures again and publishes them on the live feed, which carries them to every silo's walls: a change on
/// any host reaches every screen, and each host reads the one shared database. Bursts are coalesced
/// (<see cref="CoalescedRun"/>): an import of a thousand payments costs two readings, and the last change is always read.
/// </summary>
internal sealed partial class MoneyChanges : IMoneyChanges
{
    private readonly MoneyReports _reports;
    private readonly ILiveFeed _feed;
    private readonly ILogger<MoneyChanges> _logger;
    private readonly CoalescedRun _reading;

    public MoneyChanges(MoneyReports reports, ILiveFeed feed, ILogger<MoneyChanges> logger)
    {
        _reports = reports;
        _feed = feed;
        _logger = logger;
        _reading = new CoalescedRun(ReadAsync);
    }

    public void Changed() => _reading.Request();

    private async Task ReadAsync()
    {
        try
        {
            _feed.Publish((await _reports.SummaryAsync(debtors: false)).ToEvent());
        }
        catch (Exception exception)
        {
            // The walls re-read their figures on a timer and on reconnect: a lost reading leaves them late, not wrong.
            LogReadingFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the money figures for the wall failed")]
    private partial void LogReadingFailed(Exception exception);
}
