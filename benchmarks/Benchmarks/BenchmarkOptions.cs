namespace OrleansCrm.Benchmarks;

/// <param name="Keep">Keep the loaded database and reuse it on the next run (loading 100,000 clients takes minutes).</param>
public sealed record BenchmarkOptions(string Name, string ConnectionString, int Clients, int Samples, string ResultsFolder, bool Keep)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new BenchmarkOptions(
            args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "clients-search",
            Value("postgres", Environment.GetEnvironmentVariable("CRM_TEST_POSTGRES") ?? "Host=127.0.0.1;Username=crm;Password=crm;Database=crm"),
            int.Parse(Value("clients", "100000")),
            int.Parse(Value("samples", "400")),
            Value("results", "benchmarks/results"),
            args.Contains("--keep"));
    }
}
