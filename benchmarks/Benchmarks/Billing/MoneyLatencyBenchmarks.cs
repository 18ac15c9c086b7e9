extern alias CrmHostApp;

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CrmHostApp::OrleansCrm.Host.LiveFeed;
using Mediator;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansCrm.Benchmarks.ServiceDesk;
using OrleansCrm.Billing;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Payments.ImportStatement;
using OrleansCrm.Billing.Payments.Statements;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.CreateClient;
using OrleansCrm.Clients.Demo;

namespace OrleansCrm.Benchmarks.Billing;

/// <summary>
/// Two latencies of money on PostgreSQL, each in the product's host (<see cref="ProductHost"/>: the real Program, Kestrel,
/// its silo) with invoices made through the product's own commands, against PostgreSQL's single-row insert rate measured
/// in the same run:
/// <list type="bullet">
/// <item><c>payment-to-wall</c>: an unknown payment matched to its invoice through the API (as the /billing button and
/// the API do) until a SignalR wall client, signed in as a Director on the operations hub, receives the
/// <c>moneyChanged</c> that carries it (its paid-this-month figure includes the payment). Target p99 ≤ 250 ms.</item>
/// <item><c>invoice-pdf</c>: one invoice's PDF through <c>GET /api/invoices/{id}/pdf</c> (what a person waits for), and
/// the same rendering in process through Mediator (no HTTP). Target p95 ≤ 50 ms.</item>
/// </list>
/// </summary>
public static class MoneyLatencyBenchmarks
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static async Task PaymentToWallAsync(BenchmarkOptions options, string[] args)
    {
        var samples = Value(args, "samples", 300);
        const int warmUp = 20;
        await using var setup = await MoneyHost.StartAsync(options, "crm_bench_payment_to_wall");
        var invoices = await setup.InvoicesAsync(samples + warmUp, lines: 1);
        var payments = await setup.ImportUnknownPaymentsAsync(invoices);
        var saleshead = await setup.ApiAsync("bench-saleshead", CrmRoles.SalesHead);

        var directorToken = await BenchmarkUsers.TokenForNewUserAsync(setup.Http, "bench-director", CrmRoles.Director);
        await using var wall = new HubConnectionBuilder()
            .WithUrl(new Uri(setup.Api, OperationsHub.Path.TrimStart('/')), hub =>
            {
                hub.Transports = HttpTransportType.WebSockets;
                hub.SkipNegotiation = true;
                hub.AccessTokenProvider = () => Task.FromResult<string?>(directorToken);
            })
            .Build();
        long expected = long.MaxValue;
        TaskCompletionSource<long>? arrival = null;
        wall.On<JsonElement>(MoneyChanged.HubMessage, figures =>
        {
            var now = Stopwatch.GetTimestamp();
            var paid = (long)Math.Round(figures.GetProperty("paidMonth").GetDecimal() * 100m);
            if (paid >= Volatile.Read(ref expected))
            {
                Volatile.Read(ref arrival)?.TrySetResult(now);
            }
        });
        await wall.StartAsync();
        using var summary = await setup.Http.SendAsync(Get("api/billing/summary", saleshead));
        var paidBefore = (long)Math.Round((await summary.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paidMonth").GetDecimal() * 100m);

        var fromRequest = new List<double>();
        var fromAnswer = new List<double>();
        var missing = 0;
        var loadBefore = MachineLoad.Now();
        var paidSoFar = paidBefore;
        for (var i = 0; i < invoices.Count; i++)
        {
            paidSoFar += (long)Math.Round(invoices[i].Total * 100m);
            var waiting = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref arrival, waiting);
            Volatile.Write(ref expected, paidSoFar);
            var sent = Stopwatch.GetTimestamp();
            var match = new HttpRequestMessage(HttpMethod.Post, $"api/payments/{payments[i]}/match") { Content = JsonContent.Create(new { invoiceId = invoices[i].Id }) };
            match.Headers.Authorization = saleshead;
            using (var answer = await setup.Http.SendAsync(match))
            {
                if (!answer.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"Matching payment {payments[i]}: {answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                }
            }

            var answered = Stopwatch.GetTimestamp();
            if (await Task.WhenAny(waiting.Task, Task.Delay(Patience)) != waiting.Task)
            {
                missing++;
                continue;
            }

            if (i >= warmUp)
            {
                fromRequest.Add(Stopwatch.GetElapsedTime(sent, waiting.Task.Result).TotalMilliseconds);
                fromAnswer.Add(Stopwatch.GetElapsedTime(answered, waiting.Task.Result).TotalMilliseconds);
            }
        }

        var loadAfter = MachineLoad.Now();
        var total = Summary.Of(fromRequest);
        var afterCommit = Summary.Of(fromAnswer);
        Console.WriteLine($"Payment matched → moneyChanged: p50 {total.P50:F1} ms, p95 {total.P95:F1} ms, p99 {total.P99:F1} ms ({missing} missing)");
        var met = total.P99 <= 250 && missing == 0;
        await setup.WriteAsync("payment-to-wall.md", $"""
            # Billing: a matched payment reaches the wall (PostgreSQL)

            | goal | measured | met |
            |---|---|---|
            | from a payment matched to a SignalR wall client receiving `moneyChanged`: p99 ≤ 250 ms | p99 {total.P99:F1} ms ({fromRequest.Count} payments, {missing} never arrived) | {(met ? "yes" : "**no**")}{(loadBefore.Loaded || loadAfter.Loaded ? " (under load)" : "")} |

            | span | p50 | p95 | p99 | max |
            |---|---|---|---|---|
            | match request sent → `moneyChanged` with the payment received | {total.P50:F1} ms | {total.P95:F1} ms | {total.P99:F1} ms | {total.Max:F1} ms |
            | match answered (committed) → `moneyChanged` received | {afterCommit.P50:F1} ms | {afterCommit.P95:F1} ms | {afterCommit.P99:F1} ms | {afterCommit.Max:F1} ms |
            | PostgreSQL single-row INSERT, 1 connection (same run, same database) | {setup.Baseline.MeanMs:F3} ms mean ({setup.Baseline.PerSecond:N0}/s) | | | |

            Method: `benchmarks/run.sh payment-to-wall`. A fresh PostgreSQL database and the product's host. {invoices.Count} invoices issued
            today through `CreateInvoices`, and a 1C statement (Windows-1251) of as many payments that name no invoice and no tax
            id imported through `ImportStatement`, so every payment is unknown. A SignalR client signed in as a Director holds
            the operations hub (WebSockets) as the wall's browser does. One payment at a time is matched by hand to its invoice
            through `POST /api/payments/<id>/match` as a head of sales; the clock runs from sending the request until the client
            receives a `moneyChanged` whose `paidMonth` includes that payment (the figures are read again after each commit,
            coalesced). The first {warmUp} are a warm-up and not counted. {MachineLoad.Note(loadBefore, loadAfter)} Written
            {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.
            """);
    }

    public static async Task InvoicePdfAsync(BenchmarkOptions options, string[] args)
    {
        var samples = Value(args, "samples", 400);
        await using var setup = await MoneyHost.StartAsync(options, "crm_bench_invoice_pdf");
        var invoices = await setup.InvoicesAsync(50, lines: 3);
        var saleshead = await setup.ApiAsync("bench-saleshead", CrmRoles.SalesHead);
        var mediator = setup.Host.Services.GetRequiredService<IMediator>();
        var random = new Random(5);
        var size = 0L;

        async Task OverHttp()
        {
            using var answer = await setup.Http.SendAsync(Get($"api/invoices/{invoices[random.Next(invoices.Count)].Id}/pdf", saleshead));
            var pdf = await answer.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
            size = pdf.Length;
        }

        async Task InProcess() => await mediator.Send(new RenderDocumentPdf(MoneyCaller.System, invoices[random.Next(invoices.Count)].Id));

        var http = new Latencies("GET /api/invoices/{id}/pdf (HTTP, signed in)");
        var inProcess = new Latencies("RenderDocumentPdf through Mediator (read + render)");
        for (var i = 0; i < 30; i++)
        {
            await OverHttp();
            await InProcess();
        }

        var loadBefore = MachineLoad.Now();
        for (var i = 0; i < samples; i++)
        {
            await http.MeasureAsync(OverHttp);
            await inProcess.MeasureAsync(InProcess);
        }

        var loadAfter = MachineLoad.Now();
        Console.WriteLine($"Invoice PDF over HTTP: p50 {http.Percentile(50):F1} ms, p95 {http.Percentile(95):F1} ms; in process p95 {inProcess.Percentile(95):F1} ms");
        var met = http.Percentile(95) <= 50;
        string Row(Latencies l) => $"| {l.Kind} | {l.Percentile(50):F1} ms | {l.Percentile(95):F1} ms | {l.Percentile(99):F1} ms |";
        await setup.WriteAsync("invoice-pdf.md", $"""
            # Billing: rendering one invoice PDF (PostgreSQL)

            | goal | measured | met |
            |---|---|---|
            | rendering one invoice PDF: p95 ≤ 50 ms | p95 {http.Percentile(95):F1} ms through the API ({inProcess.Percentile(95):F1} ms in process) | {(met ? "yes" : "**no**")}{(loadBefore.Loaded || loadAfter.Loaded ? " (under load)" : "")} |

            | what | p50 | p95 | p99 |
            |---|---|---|---|
            {Row(http)}
            {Row(inProcess)}
            | PostgreSQL single-row INSERT, 1 connection (same run, same database) | {setup.Baseline.MeanMs:F3} ms mean ({setup.Baseline.PerSecond:N0}/s) | | |

            Method: `benchmarks/run.sh invoice-pdf`. A fresh PostgreSQL database and the product's host; {invoices.Count} invoices of three
            lines (20% VAT) issued through `CreateInvoices` for one client (a card of the demo generator). {samples} times, alternately: a random one
            of them fetched through `GET /api/invoices/<id>/pdf` as a signed-in head of sales (the row read, the page laid out
            and the PDF written with its embedded font subsets, about {size / 1024} KB, and sent), and the same through Mediator's
            `RenderDocumentPdf` in process. 30 of each first as a warm-up. The goal is read on the API's figure.
            {MachineLoad.Note(loadBefore, loadAfter)} Written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.
            """);
    }

    private static HttpRequestMessage Get(string path, AuthenticationHeaderValue token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = token;
        return request;
    }

    private static int Value(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record Summary(double P50, double P95, double P99, double Max)
    {
        public static Summary Of(List<double> values)
        {
            if (values.Count == 0)
            {
                return new Summary(double.NaN, double.NaN, double.NaN, double.NaN);
            }

            var sorted = values.Order().ToList();
            double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
            return new Summary(At(50), At(95), At(99), sorted[^1]);
        }
    }

    /// <summary>The database, the baseline, the host and one client, made once per benchmark and dropped after it.</summary>
    private sealed class MoneyHost : IAsyncDisposable
    {
        private readonly BenchmarkOptions _options;
        private readonly string _connectionString;

        private MoneyHost(BenchmarkOptions options, string connectionString, Samples baseline, ProductHost host, Uri api)
        {
            _options = options;
            _connectionString = connectionString;
            Baseline = baseline;
            Host = host;
            Api = api;
            Http = new HttpClient { BaseAddress = api };
        }

        public Samples Baseline { get; }

        public ProductHost Host { get; }

        public Uri Api { get; }

        public HttpClient Http { get; }

        public Guid ClientId { get; private set; }

        public static async Task<MoneyHost> StartAsync(BenchmarkOptions options, string database)
        {
            var connectionString = await PostgresDatabase.CreateAsync(options.ConnectionString, database);
            await InsertBaseline.CreateTableAsync(connectionString);
            var baseline = await InsertBaseline.RunAsync(connectionString, 1, TimeSpan.FromSeconds(5), 20_000);
            Console.WriteLine($"Single-row INSERT, 1 connection: {baseline.PerSecond:N0}/s");
            var host = new ProductHost(connectionString);
            var api = host.Start();
            var setup = new MoneyHost(options, connectionString, baseline, host, api);
            var card = DemoClients.Generate(1, seed: 3).Single();
            var client = await host.Services.GetRequiredService<IMediator>().Send(new CreateClient(card, "bench/money-client"));
            setup.ClientId = client.Id;
            return setup;
        }

        public async Task<AuthenticationHeaderValue> ApiAsync(string userName, string role) =>
            new("Bearer", await BenchmarkUsers.TokenForNewUserAsync(Http, userName, role));

        /// <summary>Issued invoices of the client, dated today, through the product's manual invoicing.</summary>
        public async Task<List<CreatedDocument>> InvoicesAsync(int count, int lines)
        {
            var mediator = Host.Services.GetRequiredService<IMediator>();
            var made = new List<CreatedDocument>(count);
            for (var i = 0; i < count; i++)
            {
                var input = Enumerable.Range(0, lines)
                    .Select(line => new LineInput($"Абонентське обслуговування, послуга {line + 1}", 1 + line, "посл.", 1_000m + i + line * 0.5m, 20))
                    .ToList();
                var result = await mediator.Send(new CreateInvoices(MoneyCaller.System, ClientId, null, input, Issue: true));
                made.Add(result.Created.Single());
            }

            return made;
        }

        /// <summary>One payment of each invoice's total in a 1C statement that names neither invoice nor payer: all unknown. Their ids in order.</summary>
        public async Task<List<Guid>> ImportUnknownPaymentsAsync(List<CreatedDocument> invoices)
        {
            var company = Host.Services.GetRequiredService<IOptions<OrleansCrm.BuildingBlocks.Printing.CompanyProfile>>().Value;
            var account = company.Accounts.FirstOrDefault() ?? company.Iban ?? "UA733220010000026201234567890";
            var today = Host.Services.GetRequiredService<CompanyCalendar>().Today.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
            var text = new StringBuilder();
            void Line(string line) => text.Append(line).Append("\r\n");
            Line(ClientBankExchangeReader.Signature);
            Line("ВерсияФормата=1.03");
            Line("Кодировка=Windows");
            Line($"РасчСчет={account}");
            for (var i = 0; i < invoices.Count; i++)
            {
                Line("СекцияДокумент=Платіжна інструкція");
                Line($"Номер={100_000 + i}");
                Line($"Дата={today}");
                Line($"Сумма={invoices[i].Total.ToString("0.00", CultureInfo.InvariantCulture)}");
                Line($"ПлательщикСчет=UA9030529929900041491{i:D8}");
                Line($"Плательщик=ФОП Платник {i}");
                Line($"ПолучательСчет={account}");
                Line($"НазначениеПлатежа=Оплата за послуги, платіж {i}");
                Line($"ДатаПоступило={today}");
                Line("КонецДокумента");
            }

            Line("КонецФайла");
            var imported = await Host.Services.GetRequiredService<IMediator>().Send(
                new ImportStatement("bench.txt", StatementEncodings.Windows1251.GetBytes(text.ToString()), StatementFormat.ClientBankExchange) { Caller = Caller.System });
            if (imported.Imported != invoices.Count || imported.Matched != 0)
            {
                throw new InvalidOperationException($"Expected {invoices.Count} unknown payments, got {imported.Imported} imported and {imported.Matched} matched.");
            }

            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT id FROM billing.payments ORDER BY doc_number", connection);
            var ids = new List<Guid>(invoices.Count);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }

            return ids;
        }

        public async Task WriteAsync(string file, string text)
        {
            Directory.CreateDirectory(_options.ResultsFolder);
            await File.WriteAllTextAsync(Path.Combine(_options.ResultsFolder, file), text);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Host.DisposeAsync();
            await PostgresDatabase.DropAsync(_options.ConnectionString, _connectionString);
        }
    }
}
