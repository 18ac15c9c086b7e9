using System.Globalization;

namespace OrleansCrm.Benchmarks.Billing;

/// <summary>
/// The machine's load average (/proc/loadavg) at a moment of the run. The development machine is often shared with other
/// builds: a figure measured while the load is above the cores is still written, and the results say so (the average
/// also counts the run's own start-up, so it flags a run that had the machine to itself as well; the service-desk and
/// sales benchmarks' CPU columns tell other jobs apart).
/// </summary>
internal sealed record MachineLoad(double One, double Five, double Fifteen)
{
    public static MachineLoad Now()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return new MachineLoad(Parse(parts[0]), Parse(parts[1]), Parse(parts[2]));
        }
        catch (IOException)
        {
            return new MachineLoad(double.NaN, double.NaN, double.NaN);
        }

        static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>More runnable work than cores: what other jobs did shows in the figures.</summary>
    public bool Loaded => One > Environment.ProcessorCount;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{One:F2} / {Five:F2} / {Fifteen:F2}");

    /// <summary>The sentence each results file carries: the load before and after, and whether the figures were taken under load.</summary>
    public static string Note(MachineLoad before, MachineLoad after) =>
        $"Load average (1 / 5 / 15 min) on {Environment.ProcessorCount} cores: {before} before, {after} after" +
        (before.Loaded || after.Loaded
            ? " — **above the cores**: the run's own start-up counts in the load average, and so would any other job; a figure taken beside other jobs is slower than an idle machine's."
            : " (an idle machine).");
}
