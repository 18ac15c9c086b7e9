using Microsoft.Extensions.Logging;

namespace OrleansCrm.Web.Shared;

/// <summary>
/// Runs a refresh once, a short delay after the first of a burst of triggers, so a screen re-reads once for many live
/// changes. A trigger while the refresh runs schedules one more, so the last change is never left out.
/// </summary>
public sealed partial class DebouncedRefresh(TimeSpan delay, Func<Task> refresh, ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private int _scheduled;

    public void Trigger()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _ = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await Task.Delay(delay, _disposed.Token);
            Volatile.Write(ref _scheduled, 0);
            await refresh();
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // the screen has gone
        }
        catch (Exception exception) when (!_disposed.IsCancellationRequested)
        {
            // The screen keeps what it shows; the next change (or reconnect) refreshes it again.
            LogRefreshFailed(exception);
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live screen's refresh failed; the next change retries it")]
    private partial void LogRefreshFailed(Exception exception);
}
