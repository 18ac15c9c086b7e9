using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Unbilled;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;
using static OrleansCrm.Testing.ApiAssert;

namespace OrleansCrm.Billing.Tests.Unbilled;

[CollectionDefinition(Name)]
public sealed class SqliteUnbilledCollection : ICollectionFixture<SqliteHostFixture>
{
    public const string Name = "unbilled work on sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresUnbilledCollection : ICollectionFixture<PostgresHostFixture>
{
    public const string Name = "unbilled work on postgresql";
}

/// <summary>
/// Unbilled work on the real host: tickets worked through the service desk's API, the sync run as the hourly job runs
/// it (the service desk's <see cref="ListBillableWork"/>, then <see cref="UnbilledWorkSync"/>) with the contracts given
/// here (Agreements' <see cref="ListBillableContracts"/> is another part's), and the items read and written off through
/// the API. Every test has a client of its own.
/// </summary>
public abstract class UnbilledWorkApiTests(HostFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;
    private readonly string _skill = "unb-" + Guid.NewGuid().ToString("N")[..8];
    private static readonly IReadOnlyDictionary<DateOnly, IReadOnlyList<BillableContract>> NoContracts = new Dictionary<DateOnly, IReadOnlyList<BillableContract>>();

    [Fact]
    public async Task A_billable_ticket_resolved_becomes_one_item_however_often_the_sync_runs()
    {
        var client = await ClientAsync();
        await SpecialistAsync();
        var billable = await WorkAsync(client, billable: true, minutes: [60, 30]);
        await WorkAsync(client, billable: false, minutes: [45]);
        var stillOpen = await OpenAsync(client, billable: true);

        await SyncAsync(NoContracts);
        await SyncAsync(NoContracts);

        var page = await ListAsync($"clientId={client}");
        var item = Assert.Single(page.Items);
        Assert.Equal(1, page.Total);
        Assert.Equal((UnbilledSource.Ticket, billable.Id, UnbilledStatus.Open), (item.Source, item.TicketId, item.Status));
        Assert.Equal((1.5m, "год"), (item.Quantity, item.Unit));
        Assert.Contains(billable.DisplayNumber, item.Description);
        Assert.DoesNotContain(page.Items, i => i.TicketId == stillOpen.Id);
    }

    [Fact]
    public async Task Hours_beyond_the_included_hours_of_a_month_become_an_item_that_follows_the_time_until_it_is_settled()
    {
        var client = await ClientAsync();
        await SpecialistAsync();
        var ticket = await WorkAsync(client, billable: false, minutes: [120, 100], resolve: false);
        await WorkAsync(client, billable: true, minutes: [300]); // billed with its ticket: not counted against the included hours
        var month = (await BillableWorkAsync()).Minutes.Single(m => m.ClientId == client).Month;
        var contract = Contract(client, includedHours: 2, extraHourRate: 750m);
        var contracts = new Dictionary<DateOnly, IReadOnlyList<BillableContract>> { [month] = [contract] };

        await SyncAsync(contracts);
        await SyncAsync(contracts);

        var hours = Assert.Single((await ListAsync($"clientId={client}&status=open")).Items, i => i.Source == UnbilledSource.HoursOver);
        Assert.Equal((1.67m, "год", 750m), (hours.Quantity, hours.Unit, hours.Price));
        Assert.Equal((contract.ContractId, month), (hours.ContractId!.Value, hours.Period!.Value));

        // While open, it follows the time logged.
        await LogAsync(ticket.Id, 20);
        await SyncAsync(contracts);
        var grown = Assert.Single((await ListAsync($"clientId={client}")).Items, i => i.Source == UnbilledSource.HoursOver);
        Assert.Equal((hours.Id, 2m), (grown.Id, grown.Quantity));

        // Once written off, it stays as it was settled; hours logged later are an item of their own, for them only.
        Assert.Equal(HttpStatusCode.OK, (await WriteOffAsync(grown.Id, "входить у пакет години")).StatusCode);
        await LogAsync(ticket.Id, 60);
        await SyncAsync(contracts);
        var items = (await ListAsync($"clientId={client}")).Items.Where(i => i.Source == UnbilledSource.HoursOver).ToList();
        var settled = Assert.Single(items, i => i.Status == UnbilledStatus.WrittenOff);
        Assert.Equal((grown.Id, 2m), (settled.Id, settled.Quantity));
        var late = Assert.Single(items, i => i.Status == UnbilledStatus.Open);
        Assert.Equal((1m, 750m), (late.Quantity, late.Price));

        // A client within its hours gets nothing.
        var modest = await ClientAsync();
        await WorkAsync(modest, billable: false, minutes: [60]);
        await SyncAsync(new Dictionary<DateOnly, IReadOnlyList<BillableContract>> { [month] = [Contract(modest, includedHours: 2, extraHourRate: 750m)] });
        Assert.Equal(0, (await ListAsync($"clientId={modest}")).Total);
    }

    [Fact]
    public async Task Hours_logged_after_the_months_item_was_invoiced_become_an_item_for_the_extra_hours_only_and_never_twice()
    {
        var client = await ClientAsync();
        await SpecialistAsync();
        var ticket = await WorkAsync(client, billable: false, minutes: [180], resolve: false);
        var month = (await BillableWorkAsync()).Minutes.Single(m => m.ClientId == client).Month;
        var contracts = new Dictionary<DateOnly, IReadOnlyList<BillableContract>> { [month] = [Contract(client, includedHours: 2, extraHourRate: 600m)] };
        await SyncAsync(contracts);
        var first = Assert.Single((await ListAsync($"clientId={client}")).Items);
        Assert.Equal(1m, first.Quantity);
        await InvoiceAsync(first.Id);

        // An hour and a half logged late: one item for it, however often the sync runs; it follows the time while open.
        await LogAsync(ticket.Id, 90);
        await SyncAsync(contracts);
        await SyncAsync(contracts);
        var late = Assert.Single((await ListAsync($"clientId={client}&status=open")).Items);
        Assert.Equal((1.5m, 600m, month, first.ContractId), (late.Quantity, late.Price, late.Period!.Value, late.ContractId));
        Assert.NotEqual(first.Id, late.Id);
        await LogAsync(ticket.Id, 30);
        await SyncAsync(contracts);
        var grown = Assert.Single((await ListAsync($"clientId={client}&status=open")).Items);
        Assert.Equal((late.Id, 2m), (grown.Id, grown.Quantity));

        // Invoiced too: nothing more is found until more time is logged, and everything invoiced is the hours over, once.
        await InvoiceAsync(late.Id);
        await SyncAsync(contracts);
        var all = (await ListAsync($"clientId={client}")).Items;
        Assert.Equal(2, all.Count);
        Assert.All(all, i => Assert.Equal(UnbilledStatus.Invoiced, i.Status));
        Assert.Equal(3m, all.Sum(i => i.Quantity)); // 5 h logged, 2 included
    }

    [Fact]
    public async Task A_write_off_needs_a_reason_leaves_the_open_list_is_audited_and_a_second_is_a_conflict()
    {
        var client = await ClientAsync();
        await SpecialistAsync();
        await WorkAsync(client, billable: true, minutes: [30]);
        await SyncAsync(NoContracts);
        var item = Assert.Single((await ListAsync($"clientId={client}&status=open")).Items);

        await AssertFieldErrorsAsync(await WriteOffAsync(item.Id, " "), "reason");

        var response = await WriteOffAsync(item.Id, "зроблено за гарантією");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var written = await CrmHost.ReadAsync<UnbilledItem>(response);
        Assert.Equal((UnbilledStatus.WrittenOff, "зроблено за гарантією"), (written.Status, written.WriteOffReason));
        Assert.Equal(0, (await ListAsync($"clientId={client}&status=open")).Total);
        Assert.Equal(item.Id, Assert.Single((await ListAsync($"clientId={client}&status=writtenOff")).Items).Id);

        Assert.Equal(HttpStatusCode.Conflict, (await WriteOffAsync(item.Id, "ще раз")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await WriteOffAsync(Guid.NewGuid(), "немає такої")).StatusCode);

        // The sync does not bring it back.
        await SyncAsync(NoContracts);
        Assert.Equal(0, (await ListAsync($"clientId={client}&status=open")).Total);

        // Newest first: the write-off, then the sync's creation (logged once, though the sync ran three times).
        var audit = JsonNode.Parse(await _http.GetStringAsync($"/api/audit?entity=unbilled-item&id={item.Id}"))!;
        Assert.Equal(["WriteOff", "Create"], audit["items"]!.AsArray().Select(e => (string?)e!["action"]));
        var entry = audit["items"]![0]!;
        Assert.StartsWith("system:", (string?)audit["items"]![1]!["actorName"]);
        Assert.Contains(entry["changes"]!.AsArray(), c => (string?)c!["to"] == "зроблено за гарантією");
    }

    [Fact]
    public async Task A_reopened_tickets_open_item_goes_and_comes_back_when_resolved_again_while_an_invoiced_one_stays_the_only_one()
    {
        var client = await ClientAsync();
        await SpecialistAsync();
        var ticket = await WorkAsync(client, billable: true, minutes: [60]);
        await SyncAsync(NoContracts);
        var first = Assert.Single((await ListAsync($"clientId={client}")).Items);

        // Reopened before it was invoiced: the work is not done, so there is nothing to invoice yet.
        var reopened = await ActAsync(ticket.Id, "reopen");
        await SyncAsync(NoContracts);
        await SyncAsync(NoContracts);
        Assert.Equal(0, (await ListAsync($"clientId={client}")).Total);
        var audit = JsonNode.Parse(await _http.GetStringAsync($"/api/audit?entity=unbilled-item&id={first.Id}"))!;
        Assert.Equal(["Withdraw", "Create"], audit["items"]!.AsArray().Select(e => (string?)e!["action"]));

        // Resolved again with more time: it comes back once, with all the time logged.
        await ResolveAgainAsync(reopened, 30);
        await SyncAsync(NoContracts);
        await SyncAsync(NoContracts);
        var back = Assert.Single((await ListAsync($"clientId={client}")).Items);
        Assert.Equal((UnbilledStatus.Open, 1.5m, ticket.Id), (back.Status, back.Quantity, back.TicketId!.Value));

        // Invoiced, then reopened and resolved again: it stays invoiced, and no second item is made for the same work.
        await InvoiceAsync(back.Id);
        reopened = await ActAsync(ticket.Id, "reopen");
        await SyncAsync(NoContracts);
        var kept = Assert.Single((await ListAsync($"clientId={client}")).Items);
        Assert.Equal((back.Id, UnbilledStatus.Invoiced), (kept.Id, kept.Status));
        await ResolveAgainAsync(reopened, 15);
        await SyncAsync(NoContracts);
        var only = Assert.Single((await ListAsync($"clientId={client}")).Items);
        Assert.Equal((back.Id, UnbilledStatus.Invoiced, 1.5m), (only.Id, only.Status, only.Quantity));
    }

    [Fact]
    public async Task A_bad_status_or_sort_is_a_400_naming_the_field()
    {
        await AssertFieldErrorsAsync(await _http.GetAsync("/api/billing/unbilled?status=paid"), "status");
        await AssertFieldErrorsAsync(await _http.GetAsync("/api/billing/unbilled?sort=client"), "sort");
        await AssertFieldErrorsAsync(await _http.GetAsync("/api/billing/unbilled?page=0"), "page");
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/api/billing/unbilled?status=writtenOff&sort=-quantity")).StatusCode);
    }

    [Theory]
    [InlineData(CrmRoles.Director, true)]
    [InlineData(CrmRoles.SalesHead, true)]
    [InlineData(CrmRoles.Manager, false)]
    [InlineData(CrmRoles.Dispatcher, false)]
    [InlineData(CrmRoles.Specialist, false)]
    [InlineData(CrmRoles.Methodologist, false)]
    [InlineData(CrmRoles.Admin, false)]
    public async Task Only_the_director_and_the_head_of_sales_see_and_write_off_unbilled_work(string role, bool allowed)
    {
        using var http = fixture.Host.Http(role);
        var list = await http.GetAsync("/api/billing/unbilled");
        var writeOff = await http.PostAsJsonAsync($"/api/billing/unbilled/{Guid.NewGuid()}/write-off", new { reason = "перевірка ролі" });
        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(allowed ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden, writeOff.StatusCode);
    }

    [Fact]
    public void The_sync_is_an_hourly_job_that_also_runs_after_a_start()
    {
        var job = fixture.Host.HostServices.GetServices<OrleansCrm.BuildingBlocks.Jobs.IRecurringJob>().Single(j => j.Id == "billing.unbilled-work");
        Assert.Equal(("0 * * * *", true), (job.Cron, job.RunAtStart));
    }

    private async Task SyncAsync(IReadOnlyDictionary<DateOnly, IReadOnlyList<BillableContract>> contracts)
    {
        var sync = fixture.Host.HostServices.GetRequiredService<UnbilledWorkSync>();
        await sync.SyncAsync(await BillableWorkAsync(), contracts, CancellationToken.None);
    }

    /// <summary>The job's months: the previous one to the current one (a day ahead of UTC).</summary>
    private Task<BillableWork> BillableWorkAsync()
    {
        var now = DateTime.UtcNow;
        var to = DateOnly.FromDateTime(now.AddDays(1));
        var from = new DateOnly(now.Year, now.Month, 1).AddMonths(-1);
        return fixture.Host.HostServices.GetRequiredService<IMediator>().Send(new ListBillableWork(from, new DateOnly(to.Year, to.Month, 1))).AsTask();
    }

    private static BillableContract Contract(Guid client, decimal includedHours, decimal extraHourRate) => new(
        Guid.NewGuid(), "П-" + Random.Shared.Next(1000, 9999), new DateOnly(2026, 1, 5), client, ContractKind.Support, ContractStatus.Active,
        new DateOnly(2026, 1, 5), null,
        new ContractTerms(new DateOnly(2026, 1, 5), 5000m, includedHours, 20, false, extraHourRate, [], ["Супровід BAS"]));

    private async Task<UnbilledPage> ListAsync(string query)
    {
        var response = await _http.GetAsync($"/api/billing/unbilled?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<UnbilledPage>(response);
    }

    /// <summary>"Invoice selected" for one item, with the lines as proposed.</summary>
    private async Task InvoiceAsync(Guid itemId)
    {
        var draft = await _http.GetFromJsonAsync<JsonObject>($"/api/billing/unbilled/invoice-draft?itemIds={itemId}", CrmHost.Json);
        var invoice = await _http.PostAsJsonAsync("/api/billing/unbilled/invoice", new JsonObject { ["lines"] = draft!["lines"]!.DeepClone() });
        Assert.True(invoice.StatusCode == HttpStatusCode.Created, await invoice.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> WriteOffAsync(Guid id, string reason) =>
        _http.PostAsJsonAsync($"/api/billing/unbilled/{id}/write-off", new { reason });

    private async Task<Guid> ClientAsync()
    {
        var response = await _http.PostAsJsonAsync("/api/clients", new { legalName = $"ТОВ «Клієнт {_skill}-{Guid.NewGuid():N}»", supportStatus = "Active" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await CrmHost.ReadAsync<ClientDetails>(response)).Id;
    }

    private async Task SpecialistAsync()
    {
        var response = await _http.PostAsJsonAsync("/api/specialists", new { name = "Фахівець " + _skill, skills = new[] { new { code = _skill, level = 3 } }, capacity = 100 });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        _ = await CrmHost.ReadAsync<SpecialistDetails>(response);
    }

    private async Task<TicketDetails> OpenAsync(Guid client, bool billable)
    {
        var response = await _http.PostAsJsonAsync("/api/tickets", new JsonObject
        {
            ["clientId"] = client,
            ["subject"] = "Оновити конфігурацію",
            ["channel"] = "Phone",
            ["priority"] = "Normal",
            ["requiredSkill"] = _skill,
            ["minLevel"] = 1,
            ["billable"] = billable,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<TicketDetails>(response);
    }

    /// <summary>Opens a ticket, takes it, logs the minutes and (unless told otherwise) resolves it.</summary>
    private async Task<TicketDetails> WorkAsync(Guid client, bool billable, int[] minutes, bool resolve = true)
    {
        var ticket = await OpenAsync(client, billable);
        Assert.NotNull(ticket.AssigneeId);
        await ActAsync(ticket.Id, "accept");
        await ActAsync(ticket.Id, "start");
        foreach (var m in minutes)
        {
            ticket = await LogAsync(ticket.Id, m);
        }

        return resolve ? await ActAsync(ticket.Id, "resolve") : ticket;
    }

    /// <summary>A reopened ticket (assigned again by the dispatcher) taken, worked and resolved again.</summary>
    private async Task ResolveAgainAsync(TicketDetails reopened, int minutes)
    {
        Assert.NotNull(reopened.AssigneeId);
        await ActAsync(reopened.Id, "accept");
        await ActAsync(reopened.Id, "start");
        if (minutes > 0)
        {
            await LogAsync(reopened.Id, minutes);
        }

        await ActAsync(reopened.Id, "resolve");
    }

    private async Task<TicketDetails> LogAsync(Guid ticket, int minutes)
    {
        var response = await _http.PostAsJsonAsync($"/api/tickets/{ticket}/time", new { minutes, note = "робота" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<TicketDetails>(response);
    }

    private async Task<TicketDetails> ActAsync(Guid ticket, string action)
    {
        var response = await _http.PostAsJsonAsync($"/api/tickets/{ticket}/{action}", new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<TicketDetails>(response);
    }
}

[Collection(SqliteUnbilledCollection.Name)]
public sealed class SqliteUnbilledWorkApiTests(SqliteHostFixture fixture) : UnbilledWorkApiTests(fixture);

[Collection(PostgresUnbilledCollection.Name)]
public sealed class PostgresUnbilledWorkApiTests(PostgresHostFixture fixture) : UnbilledWorkApiTests(fixture);
