namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>
/// The median as PostgreSQL's percentile_cont(0.5) computes it (the mean of the two middle values of an even count), for
/// SQLite, which has no percentile function: the funnel reads the durations there and takes the median here.
/// </summary>
public static class Medians
{
    public static double? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
