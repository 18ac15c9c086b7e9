using System.Globalization;

namespace OrleansCrm.Benchmarks.LiveFeed;

/// <param name="Clients">Hub connections subscribed to <c>wall</c>.</param>
/// <param name="Rounds">Measured rounds (after one warm-up round), each with <paramref name="Pairs"/> raw broadcasts and as many ticket changes, interleaved.</param>
/// <param name="Interval">Pause between broadcasts, so each is measured on its own rather than queued behind the last.</param>
/// <param name="WaitQuiet">How long to wait, before starting, for other jobs to leave the cores idle.</param>
internal sealed record LiveFeedSettings(int Clients, int Rounds, int Pairs, TimeSpan Interval, TimeSpan Patience, TimeSpan WaitQuiet)
{
    public static LiveFeedSettings Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new LiveFeedSettings(
            int.Parse(Value("clients", "1000"), CultureInfo.InvariantCulture),
            int.Parse(Value("rounds", "5"), CultureInfo.InvariantCulture),
            int.Parse(Value("pairs", "20"), CultureInfo.InvariantCulture),
            TimeSpan.FromMilliseconds(int.Parse(Value("interval-ms", "100"), CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(5),
            TimeSpan.FromSeconds(int.Parse(Value("wait-quiet", "120"), CultureInfo.InvariantCulture)));
    }
}
