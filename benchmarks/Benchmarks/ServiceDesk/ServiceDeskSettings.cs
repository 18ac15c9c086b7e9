using System.Globalization;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// The service-desk benchmark's knobs; the defaults keep a whole run at about three minutes on 2 cores.
/// <c>--concurrency 16,32 --peak-seconds 15 --open-seconds 30 --baseline-seconds 8 --wait-quiet 120 --no-pgbench --keep --only decisions|tickets --soak 0 --allocations</c>.
/// <c>--only</c> runs one part (for profiling and quick checks); the results file is written only by a whole run.
/// <c>--soak N</c> (for profiling, with <c>--only tickets</c>): after the warm-up, only N closed loops at the highest
/// concurrency (at most 5), their tickets cancelled afterwards; see <see cref="PerfControl"/>; <c>--allocations</c> adds
/// the types allocated most (<see cref="AllocationSampler"/>).
/// </summary>
/// <param name="WaitQuiet">How long to wait, at most, for other jobs on the machine to leave the cores (almost) idle before starting.</param>
internal sealed record ServiceDeskSettings(
    int[] Concurrency, TimeSpan PeakDuration, TimeSpan OpenDuration, TimeSpan BaselineDuration, TimeSpan WaitQuiet, bool Pgbench, bool Keep, string? Only, int SoakRounds, bool Allocations)
{
    /// <summary>Tickets one closed-loop run may open at most, whatever its duration.</summary>
    public const int MaxTicketsPerClosedRun = 2000;

    /// <summary>
    /// Tickets each closed loop compared with the insert rate may open at most (a few seconds' worth, against the
    /// baseline's 8 s); they are cancelled afterwards, so the next run finds the same room.
    /// </summary>
    public const int MaxTicketsPerPeakRun = 6000;

    /// <summary>Tickets the open-loop run may open at most.</summary>
    public const int MaxTicketsOpenRun = 3000;

    public bool Runs(string part) => Only is null || Only == part;

    public static ServiceDeskSettings Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        TimeSpan Seconds(string name, int fallback) =>
            TimeSpan.FromSeconds(Math.Clamp(int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture), 1, 120));

        var concurrency = Value("concurrency", "16,32").Split(',').Select(c => Math.Clamp(int.Parse(c, CultureInfo.InvariantCulture), 1, 40)).Distinct().ToArray();
        return new ServiceDeskSettings(
            concurrency, Seconds("peak-seconds", 15), Seconds("open-seconds", 30), Seconds("baseline-seconds", 8),
            TimeSpan.FromSeconds(Math.Clamp(int.Parse(Value("wait-quiet", "120"), CultureInfo.InvariantCulture), 0, 600)),
            !args.Contains("--no-pgbench"), args.Contains("--keep"), Value("only", "") is { Length: > 0 } only ? only : null,
            Math.Clamp(int.Parse(Value("soak", "0"), CultureInfo.InvariantCulture), 0, 5), args.Contains("--allocations"));
    }
}
