using Hangfire.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace OrleansCrm.Host.Jobs;

/// <summary>
/// Hangfire's log lines into the host's logging. Hangfire keeps its log provider (and loggers in static fields) for the
/// whole process, so a process that ran an earlier host (tests build many) may log through that host's disposed
/// logger factory: such lines are dropped rather than thrown into Hangfire's code.
/// </summary>
internal sealed class HangfireLogs(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new Logger(factory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new Logger(null);
        }
    }

    private sealed class Logger(ILogger? logger) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                var level = logLevel switch
                {
                    HangfireLevel.Trace => Microsoft.Extensions.Logging.LogLevel.Trace,
                    HangfireLevel.Debug => Microsoft.Extensions.Logging.LogLevel.Debug,
                    HangfireLevel.Info => Microsoft.Extensions.Logging.LogLevel.Information,
                    HangfireLevel.Warn => Microsoft.Extensions.Logging.LogLevel.Warning,
                    HangfireLevel.Error => Microsoft.Extensions.Logging.LogLevel.Error,
                    _ => Microsoft.Extensions.Logging.LogLevel.Critical,
                };
                if (logger is null || !logger.IsEnabled(level))
                {
                    return false;
                }

                if (messageFunc is not null)
                {
                    logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
                }

                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
