namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>
/// The median as PostgreSQL's percentile_cont(0.5) computes it (of an even count: the lower middle value plus half the
/// way to the upper one): the funnel takes its medians here on both databases, from the stays' lengths it reads.
/// </summary>
public static class Medians
{
    /// <summary>The median of <paramref name="values"/>, which it reorders (no copy: a quarter's stage has tens of thousands).</summary>
    public static double? Of(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return null;
        }

        // A selection, not a sort: only the middle is needed.
        var middle = values.Length / 2;
        var upper = Select(values, middle);
        if (values.Length % 2 == 1)
        {
            return upper;
        }

        // Select leaves every value before the middle no greater than it: the largest of them is the lower middle.
        var lower = values[0];
        foreach (var value in values.Slice(1, middle - 1))
        {
            lower = Math.Max(lower, value);
        }

        return lower + (upper - lower) * 0.5;
    }

    /// <summary>The k-th smallest value (from 0); reorders the array around it (three-way partitions, so equal values cost nothing).</summary>
    private static double Select(Span<double> values, int k)
    {
        var (low, high) = (0, values.Length - 1);
        while (low < high)
        {
            var pivot = values[low + (high - low) / 2];
            var (less, i, more) = (low, low, high);
            while (i <= more)
            {
                if (values[i] < pivot)
                {
                    (values[less], values[i]) = (values[i], values[less]);
                    less++;
                    i++;
                }
                else if (values[i] > pivot)
                {
                    (values[i], values[more]) = (values[more], values[i]);
                    more--;
                }
                else
                {
                    i++;
                }
            }

            if (k < less)
            {
                high = less - 1;
            }
            else if (k > more)
            {
                low = more + 1;
            }
            else
            {
                return pivot;
            }
        }

        return values[k];
    }
}
