using System.Globalization;
using System.Text;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>
/// A deal's stays in one pipeline as its funnel row keeps them (sales.deal_funnel, migration 0052): "stage" for a stay
/// still open, "stage=microseconds" for a finished one, joined by ';' (stage codes are [a-z0-9_-]). Deals' projection
/// writes it; the funnel reads the stages reached and the finished stays' hours from it.
/// </summary>
public static class FunnelStays
{
    /// <param name="microseconds">
    /// Whether the database keeps moments to the microsecond (PostgreSQL) or the millisecond (SQLite): a length is taken
    /// between the moments as stored, so it is what the stays' rows in sales.deal_stages give.
    /// </param>
    public static string Write(IEnumerable<(string Stage, DateTimeOffset EnteredAt, DateTimeOffset? LeftAt)> stays, bool microseconds)
    {
        var unit = microseconds ? TimeSpan.TicksPerMicrosecond : TimeSpan.TicksPerMillisecond;
        var text = new StringBuilder();
        foreach (var (stage, entered, left) in stays)
        {
            text.Append(text.Length == 0 ? "" : ";").Append(stage);
            if (left is { } end)
            {
                var length = (end.UtcTicks / unit - entered.UtcTicks / unit) * (unit / TimeSpan.TicksPerMicrosecond);
                text.Append('=').Append(length.ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>A finished stay's hours, as PostgreSQL's EXTRACT(EPOCH FROM left - entered) / 3600.0 gives them.</summary>
    public static double Hours(long microseconds) => microseconds / 1_000_000.0 / 3600.0;

    /// <summary>The stays of a row's text as ASCII bytes, in order, read in place (no string per row).</summary>
    public static StayEnumerator Read(ReadOnlySpan<byte> text) => new(text);

    /// <summary>One stay of <see cref="Read"/>: its stage's code and, when finished, its length in microseconds.</summary>
    public readonly ref struct StayText(ReadOnlySpan<byte> code, long? microseconds)
    {
        public ReadOnlySpan<byte> Code { get; } = code;

        public long? Microseconds { get; } = microseconds;
    }

    public ref struct StayEnumerator(ReadOnlySpan<byte> text)
    {
        private ReadOnlySpan<byte> _rest = text;

        public StayText Current { get; private set; }

        public readonly StayEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_rest.IsEmpty)
            {
                return false;
            }

            var end = _rest.IndexOf((byte)';');
            var stay = end < 0 ? _rest : _rest[..end];
            _rest = end < 0 ? default : _rest[(end + 1)..];
            var equals = stay.IndexOf((byte)'=');
            Current = equals < 0 ? new StayText(stay, null) : new StayText(stay[..equals], Digits(stay[(equals + 1)..]));
            return true;
        }

        /// <summary>The length as <see cref="Write"/> puts it: whole microseconds, negative when a clock ran back.</summary>
        private static long Digits(ReadOnlySpan<byte> digits)
        {
            var negative = digits.StartsWith((byte)'-');
            var value = 0L;
            foreach (var digit in negative ? digits[1..] : digits)
            {
                value = value * 10 + (digit - (byte)'0');
            }

            return negative ? -value : value;
        }
    }
}
