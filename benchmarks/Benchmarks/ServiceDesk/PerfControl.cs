namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// Turns a waiting <c>perf record --control fifo:CTL -D -1</c> on and off around the timed work, so that a profile
/// holds only the tickets being opened: set <c>CRM_PERF_CONTROL</c> to the control fifo's path. Without it, nothing.
/// </summary>
internal static class PerfControl
{
    private static readonly string? Fifo = Environment.GetEnvironmentVariable("CRM_PERF_CONTROL");

    public static void Enable() => Send("enable\n");

    public static void Disable() => Send("disable\n");

    private static void Send(string command)
    {
        if (Fifo is not null)
        {
            File.AppendAllText(Fifo, command);
        }
    }
}
