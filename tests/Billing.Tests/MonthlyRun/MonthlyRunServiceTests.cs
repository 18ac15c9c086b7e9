using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.Testing;

namespace OrleansCrm.Billing.Tests.MonthlyRun;

/// <summary>
/// The monthly run's service on the real host and database, with contracts built here (Agreements' query gives the
/// same records): repeated, parallel, and with broken contracts among good ones. Each test bills its own period of a
/// far year, so tests sharing the host do not see each other's documents.
/// </summary>
public abstract class MonthlyRunServiceTests(HostFixture fixture) : BillingHostTests(fixture)
{
    private MonthlyRunService Run => Service<MonthlyRunService>();

    private async Task<List<DocumentSummary>> DocumentsAsync(IEnumerable<BillableContract> contracts, DateOnly period)
    {
        var ids = contracts.Select(c => c.ContractId).ToHashSet();
        var page = await Service<Mediator.ISender>().Send(new ListDocuments(MoneyCaller.System, Period: BillingPeriods.Key(period), PageSize: 200));
        return [.. page.Items.Where(d => d.ContractId is { } id && ids.Contains(id)).OrderBy(d => d.Number)];
    }

    [Fact]
    public async Task A_support_contract_gets_an_issued_invoice_and_act_with_the_monthly_fee_line_due_after_the_payment_days()
    {
        var clientId = await ClientAsync("ТОВ «Абонент»");
        var contract = Contract(clientId, 12_500m, lines: new ContractLine("Резервне копіювання", 1, "міс.", 500m, 20));
        var period = new DateOnly(2041, 12, 1);

        var result = await Run.RunAsync(period, [contract], new DateOnly(2041, 12, 1));

        Assert.Equal(("2041-12", 2, 0), (result.Period, result.Created, result.Skipped));
        Assert.Empty(result.Failed);
        var documents = await DocumentsAsync([contract], period);
        Assert.Equal([DocumentKind.Invoice, DocumentKind.Act], documents.Select(d => d.Kind).Order());
        Assert.All(documents, d => Assert.Equal(15_600m, d.Total)); // (12 500 + 500) × 1.2
        var invoice = await Service<Mediator.ISender>().Send(new GetDocument(MoneyCaller.System, documents.Single(d => d.Kind == DocumentKind.Invoice).Id));
        Assert.Equal("Абонентське обслуговування за грудень 2041", invoice.Body.Lines[0].Service);
        Assert.Equal(new DateOnly(2041, 12, 1), invoice.IssuedOn);
        Assert.Equal(new DateOnly(2041, 12, 6), invoice.DueOn); // Sunday the 1st: Mon–Fri are the 5 banking days
        Assert.Equal(DocumentStatus.Issued, invoice.Status);
        Assert.StartsWith("РФ-2041-", invoice.Number);
        Assert.StartsWith("Договір № Д-", invoice.Body.Basis!.Printed());
        Assert.StartsWith("АКТ-2041-", documents.Single(d => d.Kind == DocumentKind.Act).Number);
        Assert.Equal(new DateOnly(2041, 12, 31), documents.Single(d => d.Kind == DocumentKind.Act).IssuedOn);
    }

    [Fact]
    public async Task The_act_is_dated_on_the_billed_periods_last_day_and_numbered_in_its_year_while_the_invoice_keeps_the_run_date()
    {
        var clientId = await ClientAsync("ТОВ «Акт за грудень»");
        var contract = Contract(clientId, 3_000m);
        var december = new DateOnly(2044, 12, 1);
        var runOn = new DateOnly(2045, 1, 3); // December billed late, in the next year

        await Run.RunAsync(december, [contract], runOn);

        var documents = await DocumentsAsync([contract], december);
        var act = documents.Single(d => d.Kind == DocumentKind.Act);
        var invoice = documents.Single(d => d.Kind == DocumentKind.Invoice);
        Assert.Equal(new DateOnly(2044, 12, 31), act.IssuedOn);
        Assert.StartsWith("АКТ-2044-", act.Number);
        Assert.Equal(runOn, invoice.IssuedOn);
        Assert.StartsWith("РФ-2045-", invoice.Number);

        // A contract that ends within the month: its billed period, and so its act, ends on its last day.
        var ending = Contract(clientId, 3_000m) with { EndsOn = new DateOnly(2044, 11, 20) };
        var november = new DateOnly(2044, 11, 1);
        await Run.RunAsync(november, [ending], november);
        var endingAct = (await DocumentsAsync([ending], november)).Single(d => d.Kind == DocumentKind.Act);
        Assert.Equal(new DateOnly(2044, 11, 20), endingAct.IssuedOn);
        Assert.Equal(november, (await DocumentsAsync([ending], november)).Single(d => d.Kind == DocumentKind.Invoice).IssuedOn);
    }

    [Fact]
    public async Task Running_the_month_twice_gives_the_same_documents()
    {
        var clientId = await ClientAsync("ТОВ «Двічі»");
        var contracts = new[] { Contract(clientId, 1_000m), Contract(clientId, 2_000m, ContractKind.Its), Contract(clientId, 0m, ContractKind.OneOff, 20, false, new ContractLine("Впровадження", 10, "год", 900m, 20)) };
        var period = new DateOnly(2042, 3, 1);

        var first = await Run.RunAsync(period, contracts, period);
        var before = await DocumentsAsync(contracts, period);
        var preview = await Run.PreviewAsync(period, contracts);
        var second = await Run.RunAsync(period, contracts, period);
        var after = await DocumentsAsync(contracts, period);

        Assert.Equal((6, 0), (first.Created, first.Skipped));
        Assert.Equal((0, 6), (second.Created, second.Skipped));
        Assert.Empty(preview.ToCreate);
        Assert.Equal(3, preview.Skipped.Count);
        Assert.Equal(before.Select(d => (d.Id, d.Number, d.Total)), after.Select(d => (d.Id, d.Number, d.Total)));

        // A one-off contract is billed once: next month it is skipped, the subscriptions billed again.
        var next = await Run.RunAsync(period.AddMonths(1), contracts, period.AddMonths(1));
        Assert.Equal(4, next.Created);
    }

    [Fact]
    public async Task Two_runs_at_once_make_each_document_once()
    {
        var clientId = await ClientAsync("ТОВ «Паралельно»");
        var contracts = Enumerable.Range(1, 8).Select(i => Contract(clientId, 1_000m * i)).ToArray();
        var period = new DateOnly(2043, 5, 1);

        var results = await Task.WhenAll(
            Task.Run(() => Run.RunAsync(period, contracts, period)),
            Task.Run(() => Run.RunAsync(period, [.. contracts.Reverse()], period)),
            Task.Run(() => Run.RunAsync(period, contracts, period)));

        Assert.Equal(16, results.Sum(r => r.Created));
        Assert.Equal(32, results.Sum(r => r.Skipped));
        Assert.All(results, r => Assert.Empty(r.Failed));
        var documents = await DocumentsAsync(contracts, period);
        Assert.Equal(16, documents.Count);
        Assert.Equal(16, documents.Select(d => d.Number).Distinct().Count());
        Assert.All(contracts, c => Assert.Equal(2, documents.Count(d => d.ContractId == c.ContractId)));
    }

    [Fact]
    public async Task A_broken_contract_is_listed_with_its_reason_and_the_others_are_billed()
    {
        var good = await ClientAsync("ТОВ «Справний»");
        var noTaxId = await ClientAsync("ТОВ «Без Коду»", taxId: null);
        var contracts = new[]
        {
            Contract(good, 1_000m),
            Contract(noTaxId, 1_000m),
            Contract(good, 1_000m, lines: new ContractLine("Послуга", 1, "шт", 100m, 15)),
            Contract(Guid.NewGuid(), 1_000m),
            Contract(good, 3_000m),
        };
        var period = new DateOnly(2044, 7, 1);

        var preview = await Run.PreviewAsync(period, contracts);
        var result = await Run.RunAsync(period, contracts, period);

        Assert.Equal(4, result.Created);
        Assert.Equal(
            [(contracts[3].ContractId, "Billing.RunClientMissing"), (contracts[1].ContractId, "Billing.RunClientNoTaxId"), (contracts[2].ContractId, "Billing.RunLineVatInvalid")],
            result.Failed.Select(f => (f.ContractId, f.Code)).OrderBy(f => f.Code, StringComparer.Ordinal));
        Assert.Contains(result.Failed, f => f.Reason == "The client ТОВ «Без Коду» has no tax id (EDRPOU or RNOKPP) to print on the documents.");
        Assert.Contains(result.Failed, f => f.Reason == "Line 2 has VAT rate 15; allowed are 20, 7, 0 or none.");
        Assert.Equal(4, preview.ToCreate.Count);
        Assert.Equal(3, preview.Skipped.Count);
        Assert.Equal(2, (await DocumentsAsync(contracts, period)).Select(d => d.ContractId).Distinct().Count());
    }

    [Fact]
    public async Task A_chunk_meeting_a_document_made_already_is_billed_contract_by_contract_with_numbers_still_gapless()
    {
        var clientId = await ClientAsync("ТОВ «Частинами»");
        var contracts = Enumerable.Range(1, MonthlyRunService.ChunkSize + 30).Select(i => Contract(clientId, 100m + i)).ToArray();
        var period = new DateOnly(2051, 3, 1);
        var early = contracts[MonthlyRunService.ChunkSize + 5]; // in the second chunk

        Assert.Equal(2, (await Run.RunAsync(period, [early], period)).Created);
        var result = await Run.RunAsync(period, contracts, period);

        Assert.Equal((2 * (contracts.Length - 1), 2), (result.Created, result.Skipped));
        Assert.Empty(result.Failed);
        var ids = contracts.Select(c => c.ContractId).ToHashSet();
        var documents = new List<DocumentSummary>();
        for (var page = 1; ; page++)
        {
            var found = await Service<Mediator.ISender>().Send(new ListDocuments(MoneyCaller.System, Period: BillingPeriods.Key(period), Page: page, PageSize: 200));
            documents.AddRange(found.Items.Where(d => d.ContractId is { } id && ids.Contains(id)));
            if (found.Items.Count < 200)
            {
                break;
            }
        }

        // Each kind of 2051 numbered 1..n: the rolled back chunk gave its numbers back.
        foreach (var kind in new[] { DocumentKind.Invoice, DocumentKind.Act })
        {
            var seqs = documents.Where(d => d.Kind == kind).Select(d => int.Parse(d.Number![^6..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
            Assert.Equal(Enumerable.Range(1, contracts.Length), seqs);
        }
    }
}

[Collection(SqliteBillingHost.Name)]
public sealed class SqliteMonthlyRunServiceTests(SqliteHostFixture fixture) : MonthlyRunServiceTests(fixture);

[Collection(PostgresBillingHost.Name)]
public sealed class PostgresMonthlyRunServiceTests(PostgresHostFixture fixture) : MonthlyRunServiceTests(fixture);
