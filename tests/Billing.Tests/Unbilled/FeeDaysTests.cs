using System.Net;
using System.Net.Http.Json;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.Billing.Unbilled;
using OrleansCrm.Billing.Unbilled.InvoiceUnbilled;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.Testing;

namespace OrleansCrm.Billing.Tests.Unbilled;

/// <summary>
/// A contract resumed after its month was run: the days back in force become one "fee for the days" item, found by the
/// sync however often it runs (or twice at once), invoiced with "Invoice selected", and never billed again by a later
/// run of the month. Contracts are built here as Agreements' ListBillableContracts gives them, before and after the
/// resumption; each test bills a month of a far year of its own.
/// </summary>
public abstract class FeeDaysTests(HostFixture fixture) : BillingHostTests(fixture)
{
    private MonthlyRunService Run => Service<MonthlyRunService>();

    private UnbilledWorkSync Sync => Service<UnbilledWorkSync>();

    [Fact]
    public async Task A_contract_skipped_as_suspended_and_resumed_within_the_month_gets_its_days_as_one_item_that_no_later_run_bills_again()
    {
        var clientId = await ClientAsync("ТОВ «Відновлений»");
        var period = new DateOnly(2046, 3, 1);
        var suspended = Contract(clientId, 3_100m) with { Status = ContractStatus.Suspended, Suspensions = [new SuspensionPeriod(new DateOnly(2046, 2, 10), null)] };
        var resumed = suspended with { Status = ContractStatus.Active, Suspensions = [new SuspensionPeriod(new DateOnly(2046, 2, 10), new DateOnly(2046, 3, 19))] };

        var run = await Run.RunAsync(period, [suspended], period);
        Assert.Equal((0, 0), (run.Created, run.Skipped));
        Assert.Empty(run.Failed);

        // The resume notice found twice, and twice at once: one item for the 20th to the 31st.
        Assert.Equal(1, await Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None));
        Assert.Equal(0, await Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None));
        await Task.WhenAll(
            Task.Run(() => Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None)),
            Task.Run(() => Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None)));
        var item = Assert.Single((await ItemsAsync(clientId)).Items);
        Assert.Equal((UnbilledSource.FeeDays, UnbilledStatus.Open, resumed.ContractId, period), (item.Source, item.Status, item.ContractId!.Value, item.Period!.Value));
        Assert.Equal((1m, "міс.", 1_200m), (item.Quantity, item.Unit, item.Price!.Value)); // 3 100 × 12 / 31
        Assert.StartsWith("Абонентське обслуговування за березень 2046, 20.03–31.03 (12 з 31 дн.)", item.Description);

        // A later run of the month (the button, or a run on another host) leaves those days to the item: nothing more to bill.
        var preview = await Run.PreviewAsync(period, [resumed]);
        Assert.Empty(preview.ToCreate);
        var again = await Run.RunAsync(period, [resumed], period);
        Assert.Equal(0, again.Created);
        Assert.Empty(await DocumentsAsync(resumed, period));

        // Invoiced with "Invoice selected": the prorated fee, and the item is settled; the sync finds nothing more.
        var draft = await CrmHost.ReadAsync<UnbilledInvoiceDraft>(await Http.GetAsync($"/api/billing/unbilled/invoice-draft?itemIds={item.Id}"));
        Assert.Equal((item.Description, 1m, 1_200m), (draft.Lines[0].Service, draft.Lines[0].Quantity, draft.Lines[0].Price));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/billing/unbilled/invoice") { Content = JsonContent.Create(new { lines = draft.Lines }, options: CrmHost.Json) };
        request.Headers.Add(UnbilledEndpoints.IdempotencyHeader, "fee-days-" + item.Id);
        var response = await Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var invoice = await CrmHost.ReadAsync<CreatedDocument>(response);
        Assert.Equal(1_440m, invoice.Total); // + 20 % VAT
        Assert.Equal(0, await Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None));
        var settled = Assert.Single((await ItemsAsync(clientId)).Items);
        Assert.Equal((UnbilledStatus.Invoiced, invoice.Id), (settled.Status, settled.InvoiceId!.Value));
        Assert.Equal(0, (await Run.RunAsync(period, [resumed], period)).Created);
    }

    [Fact]
    public async Task A_month_billed_before_the_suspension_gets_only_the_days_after_the_resumption_and_each_day_once()
    {
        var clientId = await ClientAsync("ТОВ «Призупинений»");
        var period = new DateOnly(2046, 4, 1);
        var suspended = Contract(clientId, 3_000m) with { Status = ContractStatus.Suspended, Suspensions = [new SuspensionPeriod(new DateOnly(2046, 4, 10), null)] };
        var resumed = suspended with { Status = ContractStatus.Active, Suspensions = [new SuspensionPeriod(new DateOnly(2046, 4, 10), new DateOnly(2046, 4, 20))] };

        Assert.Equal(2, (await Run.RunAsync(period, [suspended], new DateOnly(2046, 4, 12))).Created);
        var invoiceId = (await DocumentsAsync(suspended, period)).Single(d => d.Kind == DocumentKind.Invoice).Id;
        var invoice = await Service<Mediator.ISender>().Send(new GetDocument(MoneyCaller.System, invoiceId));
        Assert.Equal((900m, "Абонентське обслуговування за квітень 2046 (9 з 30 дн.)"), (invoice.Body.Lines[0].Price, invoice.Body.Lines[0].Service));
        Assert.Equal([new DayRange(new DateOnly(2046, 4, 1), new DateOnly(2046, 4, 9))], invoice.Body.FeeDays);

        // While still suspended nothing is owed; once resumed on the 21st, the 21st to the 30th.
        Assert.Equal(0, await Sync.SyncFeeDaysAsync(Month(period, suspended), CancellationToken.None));
        Assert.Equal(1, await Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None));
        Assert.Equal(0, await Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None));
        var item = Assert.Single((await ItemsAsync(clientId)).Items);
        Assert.Equal(1_000m, item.Price!.Value);
        Assert.StartsWith("Абонентське обслуговування за квітень 2046, 21.04–30.04 (10 з 30 дн.)", item.Description);

        // A re-run finds the month's documents made; the 19 days in force are billed once: 9 by the run, 10 by the item.
        var rerun = await Run.RunAsync(period, [resumed], new DateOnly(2046, 4, 25));
        Assert.Equal((0, 2), (rerun.Created, rerun.Skipped));
        Assert.Equal(resumed.DaysInForce(period), invoice.Body.FeeDays!.Sum(r => r.Days) + 10);
    }

    [Fact]
    public async Task Before_the_month_is_run_the_sync_leaves_the_days_to_the_run_which_bills_them()
    {
        var clientId = await ClientAsync("ТОВ «До запуску»");
        var period = new DateOnly(2046, 5, 1);
        var resumed = Contract(clientId, 3_100m) with { Suspensions = [new SuspensionPeriod(new DateOnly(2046, 4, 20), new DateOnly(2046, 5, 10))] };

        Assert.Equal(0, await Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None));
        Assert.Equal(2, (await Run.RunAsync(period, [resumed], period)).Created);
        var invoiceId = (await DocumentsAsync(resumed, period)).Single(d => d.Kind == DocumentKind.Invoice).Id;
        var invoice = await Service<Mediator.ISender>().Send(new GetDocument(MoneyCaller.System, invoiceId));
        Assert.Equal(2_100m, invoice.Body.Lines[0].Price); // 3 100 × 21 / 31
        Assert.Equal([new DayRange(new DateOnly(2046, 5, 11), new DateOnly(2046, 5, 31))], invoice.Body.FeeDays);
        Assert.Equal(0, await Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None));
        Assert.Equal(0, (await ItemsAsync(clientId)).Total);
    }

    [Fact]
    public async Task A_sync_whose_write_fails_stores_nothing_and_the_next_one_makes_the_item_once()
    {
        var clientId = await ClientAsync("ТОВ «Збій запису»");
        var period = new DateOnly(2046, 6, 1);
        var resumed = Contract(clientId, 3_000m) with { Suspensions = [new SuspensionPeriod(new DateOnly(2046, 5, 25), new DateOnly(2046, 6, 14))] };
        Assert.Equal(0, (await Run.RunAsync(period, [resumed with { Status = ContractStatus.Suspended, Suspensions = [new SuspensionPeriod(new DateOnly(2046, 5, 25), null)] }], period)).Created);

        // The same write the sync makes, with a row the database refuses (no description): the transaction is rolled back whole.
        var found = UnbilledWork.FromFeeDays(period, [resumed], new Dictionary<Guid, IReadOnlyList<DayRange>?>(), new Dictionary<Guid, HashSet<DateOnly>>(), runDone: true).ToList();
        var broken = found[0] with { SourceKey = found[0].SourceKey + "-x", Description = null! };
        await Assert.ThrowsAnyAsync<Exception>(() => Service<UnbilledStore>().UpsertAsync([.. found, broken], DateTimeOffset.UtcNow, null, CancellationToken.None));
        Assert.Equal(0, (await ItemsAsync(clientId)).Total);

        Assert.Equal(1, await Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None));
        Assert.Equal(0, await Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None));
        var item = Assert.Single((await ItemsAsync(clientId)).Items);
        Assert.Equal(1_600m, item.Price!.Value); // 3 000 × 16 / 30
        Assert.Equal(UnbilledWork.FeeDaysKey(resumed.ContractId, new DayRange(new DateOnly(2046, 6, 15), new DateOnly(2046, 6, 30))), found[0].SourceKey);
    }

    [Fact]
    public async Task A_run_invoice_planned_before_the_sync_made_the_item_is_refused_whole_and_the_run_then_leaves_those_days_to_the_item()
    {
        var clientId = await ClientAsync("ТОВ «Запізнілий запуск»");
        var period = new DateOnly(2046, 7, 1);
        var suspended = Contract(clientId, 3_100m) with { Status = ContractStatus.Suspended, Suspensions = [new SuspensionPeriod(new DateOnly(2046, 6, 20), null)] };
        var resumed = suspended with { Status = ContractStatus.Active, Suspensions = [new SuspensionPeriod(new DateOnly(2046, 6, 20), new DateOnly(2046, 7, 19))] };
        Assert.Equal(0, (await Run.RunAsync(period, [suspended], period)).Created);

        // A re-run reads before the item exists and plans the 20th to the 31st; the sync then bills them as an item.
        var lines = ContractBilling.Lines(resumed, period, new HashSet<DateOnly>(), out var feeDays, out _, out _)!;
        Assert.Equal([new DayRange(new DateOnly(2046, 7, 20), new DateOnly(2046, 7, 31))], feeDays);
        Assert.Equal(1, await Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None));

        // The run's write comes after: the database refuses the days, and nothing of the invoice is kept, not its number.
        var store = Service<DocumentStore>();
        var client = (await Service<BillingClients>().GetAsync(clientId))!;
        var invoice = new NewDocument(DocumentKind.Invoice, clientId, resumed.ContractId, period, period, period.AddDays(5), lines, false, client.Buyer,
            new DocumentBasis(resumed.Number, resumed.SignedOn), FeeDays: feeDays);
        await using (var connection = await store.Db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var refused = await Assert.ThrowsAsync<ConflictException>(() => store.InsertAndIssueAsync(connection, transaction, [(Guid.NewGuid(), invoice)], CancellationToken.None));
            Assert.Equal(FeeDayClaims.TakenCode, refused.Text!.Code);
            Assert.Contains(resumed.Number, refused.Message, StringComparison.Ordinal);
        }

        Assert.Empty(await DocumentsAsync(resumed, period));
        var rerun = await Run.RunAsync(period, [resumed], period);
        Assert.Equal((0, 0), (rerun.Created, rerun.Failed.Count));
        Assert.Empty(await DocumentsAsync(resumed, period));
        Assert.Equal(1_200m, Assert.Single((await ItemsAsync(clientId)).Items).Price!.Value); // 3 100 × 12 / 31, once
    }

    [Fact]
    public async Task An_item_found_before_the_run_invoice_was_made_is_refused_whole_and_the_sync_then_finds_nothing()
    {
        var clientId = await ClientAsync("ТОВ «Запізніла звірка»");
        var period = new DateOnly(2046, 8, 1);
        var resumed = Contract(clientId, 3_100m) with { Suspensions = [new SuspensionPeriod(new DateOnly(2046, 7, 25), new DateOnly(2046, 8, 9))] };

        // The sync read when the month was run and the contract had no invoice (skipped as suspended then)…
        var stale = UnbilledWork.FromFeeDays(period, [resumed], new Dictionary<Guid, IReadOnlyList<DayRange>?>(), new Dictionary<Guid, HashSet<DateOnly>>(), runDone: true).ToList();
        Assert.Equal(UnbilledWork.FeeDaysKey(resumed.ContractId, new DayRange(new DateOnly(2046, 8, 10), new DateOnly(2046, 8, 31))), Assert.Single(stale).SourceKey);

        // …and a re-run billed the same days before the sync wrote: the item is refused, and a sync reading now finds nothing.
        Assert.Equal(2, (await Run.RunAsync(period, [resumed], period)).Created);
        var refused = await Assert.ThrowsAsync<ConflictException>(() => Service<UnbilledStore>().UpsertAsync(stale, DateTimeOffset.UtcNow, null, CancellationToken.None));
        Assert.Equal(FeeDayClaims.TakenCode, refused.Text!.Code);
        Assert.Equal(0, (await ItemsAsync(clientId)).Total);
        Assert.Equal(0, await Sync.SyncFeeDaysAsync(Month(period, resumed), CancellationToken.None));
        Assert.Equal(0, (await ItemsAsync(clientId)).Total);
    }

    [Fact]
    public async Task Runs_and_syncs_at_once_over_resumed_contracts_bill_every_day_in_force_once()
    {
        var period = new DateOnly(2046, 10, 1);
        var clientId = await ClientAsync("ТОВ «Одночасний»");
        var contracts = Enumerable.Range(0, 30).Select(i => Contract(clientId, 3_100m) with
        {
            Status = ContractStatus.Suspended,
            Suspensions = [new SuspensionPeriod(new DateOnly(2046, 9, 20), null)],
        }).ToList();
        Assert.Equal(0, (await Run.RunAsync(period, contracts, period)).Created);

        // Resumed on different days; then re-runs of the month (the button, another host) and the hourly sync, at once.
        var resumed = contracts.Select((c, i) => c with
        {
            Status = ContractStatus.Active,
            Suspensions = [new SuspensionPeriod(new DateOnly(2046, 9, 20), new DateOnly(2046, 10, 1 + i))],
        }).ToList();
        var month = new Dictionary<DateOnly, IReadOnlyList<BillableContract>> { [period] = resumed };
        for (var round = 0; round < 3; round++)
        {
            var runs = Task.WhenAll(
                Task.Run(() => Run.RunAsync(period, resumed, period)),
                Task.Run(() => Run.RunAsync(period, [.. Enumerable.Reverse(resumed)], period)));
            await Task.WhenAll(
                Task.Run(() => Sync.SyncFeeDaysAsync(month, CancellationToken.None)),
                Task.Run(() => Sync.SyncFeeDaysAsync(month, CancellationToken.None)));
            Assert.All(await runs, r => Assert.Empty(r.Failed));
        }

        // Each contract's days in force, billed once: by its run invoice's fee line or by items, never both, none left out.
        var unbilled = Service<UnbilledStore>();
        var invoices = await unbilled.RunFeeDaysAsync(period, [.. resumed.Select(c => c.ContractId)], CancellationToken.None);
        var items = await ItemDaysAsync(period);
        foreach (var contract in resumed)
        {
            List<DateOnly> billed = [.. (invoices.GetValueOrDefault(contract.ContractId) ?? []).SelectMany(r => r.Each())];
            billed.AddRange(items.GetValueOrDefault(contract.ContractId) ?? []);
            Assert.Equal(contract.DaysInForceOf(period), billed.Order());
        }
    }

    /// <summary>Every fee-days item's days of the month, by contract, a day as often as items bill it.</summary>
    private async Task<Dictionary<Guid, List<DateOnly>>> ItemDaysAsync(DateOnly period)
    {
        var days = new Dictionary<Guid, List<DateOnly>>();
        var db = new Storage.BillingDb(Fixture.Database.Options);
        await using var connection = await db.OpenAsync();
        await using var command = OrleansCrm.BuildingBlocks.Persistence.ModuleDb.Command(connection, null,
            $"SELECT contract_id, source_key FROM {db.Table("unbilled_items")} WHERE source = 2 AND period = @period", ("@period", db.Date(period)));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var contract = OrleansCrm.BuildingBlocks.Persistence.ModuleDb.ReadId(reader, 0);
            (days.TryGetValue(contract, out var list) ? list : days[contract] = []).AddRange(UnbilledWork.DaysOfKey(reader.GetString(1))!.Each());
        }

        return days;
    }

    private static Dictionary<DateOnly, IReadOnlyList<BillableContract>> Month(DateOnly period, BillableContract contract) => new() { [period] = [contract] };

    private async Task<UnbilledPage> ItemsAsync(Guid clientId) =>
        await CrmHost.ReadAsync<UnbilledPage>(await Http.GetAsync($"/api/billing/unbilled?clientId={clientId}&pageSize=200"));

    private async Task<List<DocumentSummary>> DocumentsAsync(BillableContract contract, DateOnly period)
    {
        var page = await Service<Mediator.ISender>().Send(new ListDocuments(MoneyCaller.System, Period: BillingPeriods.Key(period), PageSize: 200));
        return [.. page.Items.Where(d => d.ContractId == contract.ContractId)];
    }
}

[Collection(SqliteBillingHost.Name)]
public sealed class SqliteFeeDaysTests(SqliteHostFixture fixture) : FeeDaysTests(fixture);

[Collection(PostgresBillingHost.Name)]
public sealed class PostgresFeeDaysTests(PostgresHostFixture fixture) : FeeDaysTests(fixture)
{
    /// <summary>
    /// The race itself, at its worst moment: a re-run has read and planned, and waits at the invoice numbers (held here)
    /// while the sync bills the resumed days as an item. Let go, its chunk is refused whole, the other contract is billed
    /// alone, and the resumed one is planned again and left to the item.
    /// </summary>
    [Fact]
    public async Task A_run_held_at_the_numbers_while_the_sync_bills_the_resumed_days_plans_again_and_bills_only_what_is_left()
    {
        var run = Service<MonthlyRunService>();
        var sync = Service<UnbilledWorkSync>();
        var period = new DateOnly(2047, 9, 1);
        var clientId = await ClientAsync("ТОВ «Гонка»");
        var suspended = Contract(clientId, 3_000m) with { Status = ContractStatus.Suspended, Suspensions = [new SuspensionPeriod(new DateOnly(2047, 8, 20), null)] };
        var resumed = suspended with { Status = ContractStatus.Active, Suspensions = [new SuspensionPeriod(new DateOnly(2047, 8, 20), new DateOnly(2047, 9, 14))] };
        var other = Contract(clientId, 1_000m);
        Assert.Equal(0, (await run.RunAsync(period, [suspended], period)).Created);

        await using var holder = new Npgsql.NpgsqlConnection(Fixture.Database.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var command = new Npgsql.NpgsqlCommand(
            "INSERT INTO billing.number_counters (kind, year, last) VALUES (0, 2047, 0) ON CONFLICT (kind, year) DO UPDATE SET last = billing.number_counters.last", holder, hold))
        {
            await command.ExecuteNonQueryAsync();
        }

        var rerun = Task.Run(() => run.RunAsync(period, [resumed, other], period));
        await WaitForLockAsync(holder);
        Assert.Equal(1, await sync.SyncFeeDaysAsync(new Dictionary<DateOnly, IReadOnlyList<BillableContract>> { [period] = [resumed] }, CancellationToken.None));
        await hold.CommitAsync();

        var result = await rerun.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Empty(result.Failed);
        Assert.Equal(2, result.Created); // the other contract's invoice and act
        var documents = await Service<Mediator.ISender>().Send(new ListDocuments(MoneyCaller.System, Period: BillingPeriods.Key(period), PageSize: 200));
        Assert.DoesNotContain(documents.Items, d => d.ContractId == resumed.ContractId);
        Assert.Equal(2, documents.Items.Count(d => d.ContractId == other.ContractId));
        var item = Assert.Single((await CrmHost.ReadAsync<UnbilledPage>(await Http.GetAsync($"/api/billing/unbilled?clientId={clientId}&pageSize=200"))).Items);
        Assert.Equal(1_600m, item.Price!.Value); // 3 000 × 16 / 30: the 15th to the 30th, once
    }

    /// <summary>Until another session of this database waits for a lock (the run, on the counter row held).</summary>
    private static async Task WaitForLockAsync(Npgsql.NpgsqlConnection holder)
    {
        for (var waited = 0; waited < 600; waited++)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()", holder);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The run never reached the invoice numbers.");
    }
}
