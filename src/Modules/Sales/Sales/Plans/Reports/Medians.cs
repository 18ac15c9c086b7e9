namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>
/// The median as PostgreSQL's percentile_cont(0.5) computes it (of an even count: the lower middle value plus half the
/// way to the upper one): the funnel takes its medians here on both databases, from the stays' lengths it reads.
/// </summary>
public static class Medians
{
    public static double? Of(IEnumerable<double> values)
    {
        var all = values.ToArray();
        if (all.Length == 0)
        {
            return null;
        }

        // A selection, not a sort: a quarter's stage has tens of thousands of stays and needs only its middle.
        var middle = all.Length / 2;
        var upper = Select(all, middle);
        if (all.Length % 2 == 1)
        {
            return upper;
        }

        // Select leaves every value before the middle no greater than it: the largest of them is the lower middle.
        var lower = all[0];
        foreach (var value in all.AsSpan(1, middle - 1))
        {
            lower = Math.Max(lower, value);
        }

        return lower + (upper - lower) * 0.5;
    }

    /// <summary>The k-th smallest value (from 0); reorders the array around it (three-way partitions, so equal values cost nothing).</summary>
    private static double Select(double[] values, int k)
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
