using OrleansCrm.Benchmarks;
using OrleansCrm.Benchmarks.LiveFeed;
using OrleansCrm.Benchmarks.ServiceDesk;

// benchmarks/run.sh passes the PostgreSQL connection string; see README.md "Benchmarks".
var options = BenchmarkOptions.Parse(args);
switch (options.Name)
{
    case "clients-search":
        await ClientSearchBenchmark.RunAsync(options);
        break;
    case "service-desk":
        await ServiceDeskBenchmark.RunAsync(options, args);
        break;
    case "live-feed":
        await LiveFeedBenchmark.RunAsync(options, args);
        break;
    case "payments-import":
        await OrleansCrm.Benchmarks.Payments.PaymentsImportBenchmark.RunAsync(options, args);
        break;
    case "billing-run":
        await OrleansCrm.Benchmarks.Billing.BillingRunBenchmark.RunAsync(options, args);
        break;
    case "payment-to-wall":
        await OrleansCrm.Benchmarks.Billing.MoneyLatencyBenchmarks.PaymentToWallAsync(options, args);
        break;
    case "invoice-pdf":
        await OrleansCrm.Benchmarks.Billing.MoneyLatencyBenchmarks.InvoicePdfAsync(options, args);
        break;
    case "sales":
        await OrleansCrm.Benchmarks.Sales.SalesBenchmark.RunAsync(options, args);
        break;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{options.Name}'. Known: clients-search, service-desk, live-feed, payments-import, billing-run, payment-to-wall, invoice-pdf, sales.");
        return 2;
}

return 0;
