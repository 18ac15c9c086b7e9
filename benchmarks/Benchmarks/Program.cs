using OrleansCrm.Benchmarks;

// benchmarks/run.sh passes the PostgreSQL connection string; see README.md "Benchmarks".
var options = BenchmarkOptions.Parse(args);
switch (options.Name)
{
    case "clients-search":
        await ClientSearchBenchmark.RunAsync(options);
        break;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{options.Name}'. Known: clients-search.");
        return 2;
}

return 0;
