using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.Jobs;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Testing;
using static OrleansCrm.Testing.ApiAssert;

namespace OrleansCrm.Agreements.Tests.Api;

/// <summary>A clock the test moves: the company's "today" (sign-in and the rest of the host keep the real clock).</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The product's host with the company calendar (Europe/Kyiv) on a clock the tests set.</summary>
public abstract class CompanyDayFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.Zero));

    public TestDatabase Database { get; private set; } = null!;

    public CrmHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        Host = Database.StartHost(services: services => services.AddSingleton(
            new CompanyCalendar(Clock, TimeZoneInfo.FindSystemTimeZoneById(CompanyCalendar.DefaultZone))));
        Http = Host.Http();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class SqliteCompanyDayFixture() : CompanyDayFixture(DatabaseProvider.Sqlite);

public sealed class PostgresCompanyDayFixture() : CompanyDayFixture(DatabaseProvider.PostgreSql);

/// <summary>
/// Contracts on the company's calendar day (Kyiv, not UTC), suspension and resumption, and terminations dated in the
/// future that the daily job carries out on their day. Each test sets the clock first and makes its own client.
/// </summary>
public abstract class CompanyDayTests(CompanyDayFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task A_contract_ending_today_in_Kyiv_runs_on_while_one_that_ended_yesterday_expires_though_UTC_is_still_that_day()
    {
        fixture.Clock.Now = new DateTimeOffset(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
        var client = await ClientAsync();
        var endedYesterday = await CreateActiveAsync(client, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 15));
        var endsToday = await CreateActiveAsync(client, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 16));

        // 22:30 UTC on 15 March is 00:30 on 16 March in Kyiv (UTC+2 in winter).
        fixture.Clock.Now = new DateTimeOffset(2026, 3, 15, 22, 30, 0, TimeSpan.Zero);
        var calendar = fixture.Host.HostServices.GetRequiredService<CompanyCalendar>();
        Assert.Equal(new DateOnly(2026, 3, 16), calendar.Today);
        Assert.Equal(new DateOnly(2026, 3, 15), DateOnly.FromDateTime(fixture.Clock.Now.UtcDateTime));
        Assert.Equal(calendar.Zone, fixture.Host.HostServices.GetRequiredService<WorkCalendar>().TimeZone); // the SLA's day turns over then too

        var outcome = await DailyJob().RunOnAsync(calendar.Today, CancellationToken.None);
        Assert.True(outcome.Expired >= 1, outcome.ToString());
        Assert.Equal(ContractStatus.Expired, (await GetAsync(endedYesterday.Id)).Status);
        Assert.Equal(ContractStatus.Active, (await GetAsync(endsToday.Id)).Status);

        // The job's own run takes the company's day, not the UTC one: the same result again, nothing left to do.
        await DailyJob().RunAsync(new JobPeriod(fixture.Clock.Now, fixture.Clock.Now), CancellationToken.None);
        Assert.Equal(ContractStatus.Active, (await GetAsync(endsToday.Id)).Status);

        // Activating one that ended "yesterday" is refused, though in UTC it still runs today.
        var late = await ReadAsync(await _http.PostAsJsonAsync("/api/contracts", Contract(client, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 15)), CrmHost.Json));
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync($"/api/contracts/{late.Id}/activate", null)).StatusCode);
    }

    [Fact]
    public async Task A_future_termination_keeps_the_contract_active_until_the_job_ends_it_on_that_day()
    {
        fixture.Clock.Now = new DateTimeOffset(2026, 4, 10, 9, 0, 0, TimeSpan.Zero);
        var client = await ClientAsync();
        var contract = await CreateActiveAsync(client, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

        var on = new DateOnly(2026, 4, 20);
        var scheduled = await ReadAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/terminate", new { reason = "Клієнт переходить до іншого підрядника", on }, CrmHost.Json));
        Assert.Equal(ContractStatus.Active, scheduled.Status);
        Assert.True(scheduled.TerminationScheduled);
        Assert.Equal(on, scheduled.TerminatedOn);
        var again = await ReadAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/terminate", new { reason = "Клієнт переходить до іншого підрядника", on }, CrmHost.Json));
        Assert.Equal(scheduled.Version, again.Version);

        // Billed through that day: April lists it, May does not.
        var mediator = fixture.Host.HostServices.GetRequiredService<IMediator>();
        Assert.Contains(await mediator.Send(new ListBillableContracts(new DateOnly(2026, 4, 1))), c => c.ContractId == contract.Id && c.EndsOn == on);
        Assert.DoesNotContain(await mediator.Send(new ListBillableContracts(new DateOnly(2026, 5, 1))), c => c.ContractId == contract.Id);

        // After the end, or for a draft, a future day is refused.
        await AssertFieldErrorsAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/terminate", new { reason = "x", on = new DateOnly(2027, 2, 1) }, CrmHost.Json), "on");
        var draft = await ReadAsync(await _http.PostAsJsonAsync("/api/contracts", Contract(client, new DateOnly(2026, 4, 1), new DateOnly(2026, 12, 31)), CrmHost.Json));
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsJsonAsync($"/api/contracts/{draft.Id}/terminate", new { reason = "x", on }, CrmHost.Json)).StatusCode);

        // The day before, the job leaves it; on the day (in Kyiv) it terminates it, once.
        var job = DailyJob();
        fixture.Clock.Now = new DateTimeOffset(2026, 4, 19, 12, 0, 0, TimeSpan.Zero);
        await job.RunAsync(new JobPeriod(fixture.Clock.Now, fixture.Clock.Now), CancellationToken.None);
        Assert.Equal(ContractStatus.Active, (await GetAsync(contract.Id)).Status);
        Assert.Equal(SupportStatus.Active, await SupportOfAsync(client));

        fixture.Clock.Now = new DateTimeOffset(2026, 4, 19, 21, 30, 0, TimeSpan.Zero); // 00:30 on 20 April in Kyiv (UTC+3)
        var first = await job.RunOnAsync(fixture.Host.HostServices.GetRequiredService<CompanyCalendar>().Today, CancellationToken.None);
        Assert.True(first.Terminated >= 1, first.ToString());
        var terminated = await GetAsync(contract.Id);
        Assert.Equal(ContractStatus.Terminated, terminated.Status);
        Assert.Equal(on, terminated.TerminatedOn);
        var second = await job.RunOnAsync(new DateOnly(2026, 4, 20), CancellationToken.None);
        Assert.Equal(terminated.Version, (await GetAsync(contract.Id)).Version);
        Assert.Equal(0, second.Terminated);
        await EventuallyAsync(() => SupportOfAsync(client), s => s == SupportStatus.Terminated);

        var actions = await AuditActionsAsync(contract.Id);
        Assert.Single(actions, a => a == "Terminate"); // scheduled, then the same request again: one entry
        Assert.Contains("TerminateDue", actions);
    }

    [Fact]
    public async Task A_suspended_contract_is_not_billed_and_its_client_loses_support_until_it_resumes()
    {
        fixture.Clock.Now = new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.Zero);
        var client = await ClientAsync();
        var contract = await CreateActiveAsync(client, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        var mediator = fixture.Host.HostServices.GetRequiredService<IMediator>();
        var june = new DateOnly(2026, 6, 1);

        await AssertFieldErrorsAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/suspend", new { reason = "" }, CrmHost.Json), "reason");
        var suspended = await ReadAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/suspend", new { reason = "Борг за три місяці" }, CrmHost.Json));
        Assert.Equal(ContractStatus.Suspended, suspended.Status);
        Assert.Equal(new DateOnly(2026, 6, 10), suspended.SuspendedOn);
        Assert.Equal("Борг за три місяці", suspended.SuspensionReason);
        Assert.Equal(suspended.Version, (await ReadAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/suspend", new { reason = "ще раз" }, CrmHost.Json))).Version);
        // Billed for the days before the suspension only: 1–9 June.
        Assert.Equal(9, (await mediator.Send(new ListBillableContracts(june))).Single(c => c.ContractId == contract.Id).DaysInForce(june));
        await EventuallyAsync(() => SupportOfAsync(client), s => s == SupportStatus.Terminated);
        Assert.Equal(HttpStatusCode.Conflict, (await OpenTicketAsync(client)).StatusCode);

        var resumed = await ReadAsync(await _http.PostAsync($"/api/contracts/{contract.Id}/resume", null));
        Assert.Equal(ContractStatus.Active, resumed.Status);
        Assert.Null(resumed.SuspendedOn);
        // Resumed the day it was suspended: not a day out of service, the whole month is billed.
        Assert.Equal(30, (await mediator.Send(new ListBillableContracts(june))).Single(c => c.ContractId == contract.Id).DaysInForce(june));
        Assert.Empty(resumed.Suspensions!);
        await EventuallyAsync(() => SupportOfAsync(client), s => s == SupportStatus.Active);
        Assert.Equal(HttpStatusCode.Created, (await OpenTicketAsync(client)).StatusCode);

        // Resuming an active one changes nothing; a draft can be neither suspended nor resumed.
        Assert.Equal(resumed.Version, (await ReadAsync(await _http.PostAsync($"/api/contracts/{contract.Id}/resume", null))).Version);
        var draft = await ReadAsync(await _http.PostAsJsonAsync("/api/contracts", Contract(client, june, new DateOnly(2026, 12, 31)), CrmHost.Json));
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsJsonAsync($"/api/contracts/{draft.Id}/suspend", new { reason = "x" }, CrmHost.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync($"/api/contracts/{draft.Id}/resume", null)).StatusCode);
        using var manager = fixture.Host.Http(OrleansCrm.BuildingBlocks.Security.CrmRoles.Manager);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync($"/api/contracts/{contract.Id}/resume", null)).StatusCode);

        var actions = await AuditActionsAsync(contract.Id);
        Assert.Contains("Suspend", actions);
        Assert.Contains("Resume", actions);
    }

    [Fact]
    public async Task A_suspension_from_the_10th_to_the_19th_leaves_20_of_30_days_billed()
    {
        fixture.Clock.Now = new DateTimeOffset(2026, 9, 10, 9, 0, 0, TimeSpan.Zero);
        var client = await ClientAsync();
        var contract = await CreateActiveAsync(client, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        await ReadAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/suspend", new { reason = "Борг" }, CrmHost.Json));
        fixture.Clock.Now = new DateTimeOffset(2026, 9, 20, 9, 0, 0, TimeSpan.Zero);
        var resumed = await ReadAsync(await _http.PostAsync($"/api/contracts/{contract.Id}/resume", null));
        Assert.Equal(new[] { new SuspensionPeriod(new DateOnly(2026, 9, 10), new DateOnly(2026, 9, 19)) }, resumed.Suspensions!);

        // The list table carries the periods: the run reads them without the grain, on either database.
        var september = new DateOnly(2026, 9, 1);
        var billable = (await fixture.Host.HostServices.GetRequiredService<IMediator>().Send(new ListBillableContracts(september)))
            .Single(c => c.ContractId == contract.Id);
        Assert.Equal(resumed.Suspensions, billable.Suspensions);
        Assert.Equal(20, billable.DaysInForce(september));
        Assert.Equal(31, billable.DaysInForce(new DateOnly(2026, 10, 1)));
    }

    [Fact]
    public async Task A_scheduled_termination_is_withdrawn_once_and_the_contract_runs_on()
    {
        fixture.Clock.Now = new DateTimeOffset(2026, 5, 10, 9, 0, 0, TimeSpan.Zero);
        var client = await ClientAsync();
        var contract = await CreateActiveAsync(client, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync($"/api/contracts/{contract.Id}/terminate/withdraw", null)).StatusCode);

        var on = new DateOnly(2026, 5, 20);
        await ReadAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/terminate", new { reason = "Клієнт передумає", on }, CrmHost.Json));
        var withdrawn = await ReadAsync(await _http.PostAsync($"/api/contracts/{contract.Id}/terminate/withdraw", null));
        Assert.Equal(ContractStatus.Active, withdrawn.Status);
        Assert.False(withdrawn.TerminationScheduled);
        Assert.Null(withdrawn.TerminatedOn);
        Assert.Null(withdrawn.TerminationReason);
        Assert.Equal(withdrawn.Version, (await ReadAsync(await _http.PostAsync($"/api/contracts/{contract.Id}/terminate/withdraw", null))).Version); // a retry
        using (var manager = fixture.Host.Http(OrleansCrm.BuildingBlocks.Security.CrmRoles.Manager))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync($"/api/contracts/{contract.Id}/terminate/withdraw", null)).StatusCode);
        }

        // On the day it would have ended, the job leaves it; it is billed for the months after.
        fixture.Clock.Now = new DateTimeOffset(2026, 5, 20, 9, 0, 0, TimeSpan.Zero);
        await DailyJob().RunOnAsync(new DateOnly(2026, 5, 20), CancellationToken.None);
        Assert.Equal(ContractStatus.Active, (await GetAsync(contract.Id)).Status);
        Assert.Contains(await fixture.Host.HostServices.GetRequiredService<IMediator>().Send(new ListBillableContracts(new DateOnly(2026, 6, 1))), c => c.ContractId == contract.Id);

        // A new termination after the withdrawal is a new one; a terminated contract has nothing to withdraw.
        await ReadAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/terminate", new { reason = "Тепер остаточно" }, CrmHost.Json));
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsync($"/api/contracts/{contract.Id}/terminate/withdraw", null)).StatusCode);

        var actions = await AuditActionsAsync(contract.Id);
        Assert.Single(actions, a => a == "WithdrawTermination");
    }

    [Fact]
    public async Task A_contract_suspended_after_its_termination_was_scheduled_is_terminated_on_that_day()
    {
        fixture.Clock.Now = new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);
        var client = await ClientAsync();
        var contract = await CreateActiveAsync(client, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        var on = new DateOnly(2026, 10, 20);
        await ReadAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/terminate", new { reason = "Клієнт іде", on }, CrmHost.Json));
        var suspended = await ReadAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/suspend", new { reason = "Борг" }, CrmHost.Json));
        Assert.True(suspended.TerminationScheduled);

        fixture.Clock.Now = new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero);
        var outcome = await DailyJob().RunOnAsync(on, CancellationToken.None);
        Assert.True(outcome.Terminated >= 1, outcome.ToString());
        var terminated = await GetAsync(contract.Id);
        Assert.Equal((ContractStatus.Terminated, on), (terminated.Status, terminated.TerminatedOn));
        Assert.Equal(new[] { new SuspensionPeriod(new DateOnly(2026, 10, 5), on) }, terminated.Suspensions!);
    }

    [Fact]
    public async Task A_suspended_contract_past_its_end_expires_even_with_auto_renewal_and_its_client_loses_support()
    {
        fixture.Clock.Now = new DateTimeOffset(2026, 7, 20, 9, 0, 0, TimeSpan.Zero);
        var client = await ClientAsync();
        var created = await ReadAsync(await _http.PostAsJsonAsync("/api/contracts", Contract(client, new DateOnly(2026, 1, 1), new DateOnly(2026, 7, 31), autoRenew: true), CrmHost.Json));
        var contract = await ReadAsync(await _http.PostAsync($"/api/contracts/{created.Id}/activate", null));
        await ReadAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/suspend", new { reason = "Борг" }, CrmHost.Json));

        fixture.Clock.Now = new DateTimeOffset(2026, 7, 31, 9, 0, 0, TimeSpan.Zero); // its last day: nothing yet
        await DailyJob().RunOnAsync(new DateOnly(2026, 7, 31), CancellationToken.None);
        Assert.Equal(ContractStatus.Suspended, (await GetAsync(contract.Id)).Status);

        fixture.Clock.Now = new DateTimeOffset(2026, 8, 1, 9, 0, 0, TimeSpan.Zero);
        var first = await DailyJob().RunOnAsync(new DateOnly(2026, 8, 1), CancellationToken.None);
        Assert.True(first.Expired >= 1, first.ToString());
        var expired = await GetAsync(contract.Id);
        Assert.Equal(ContractStatus.Expired, expired.Status);
        Assert.Equal(new DateOnly(2026, 7, 31), expired.EndsOn); // not renewed
        Assert.Equal(new[] { new SuspensionPeriod(new DateOnly(2026, 7, 20), new DateOnly(2026, 7, 31)) }, expired.Suspensions!);
        await DailyJob().RunOnAsync(new DateOnly(2026, 8, 1), CancellationToken.None);
        Assert.Equal(expired.Version, (await GetAsync(contract.Id)).Version);
        await EventuallyAsync(() => SupportOfAsync(client), s => s == SupportStatus.Terminated);
        Assert.Contains("Expire", await AuditActionsAsync(contract.Id));
    }

    [Fact]
    public async Task A_contract_gets_its_own_text_from_the_template_and_returns_to_it()
    {
        fixture.Clock.Now = new DateTimeOffset(2026, 8, 10, 9, 0, 0, TimeSpan.Zero);
        var client = await ClientAsync();
        var contract = await CreateActiveAsync(client, new DateOnly(2026, 8, 1), new DateOnly(2026, 12, 31));

        var template = JsonNode.Parse(await _http.GetStringAsync($"/api/contracts/{contract.Id}/text"))!;
        Assert.False(template["own"]!.GetValue<bool>());
        var text = template["text"]!.GetValue<string>();
        Assert.Contains("\n## ", text, StringComparison.Ordinal); // a template: sections of clauses

        var own = text + "\nДодатковий пункт лише для цього клієнта: {contract.services}.\n";
        var saved = await ReadAsync(await _http.PutAsJsonAsync($"/api/contracts/{contract.Id}/text", new { ownText = own }, CrmHost.Json));
        Assert.Equal(own, saved.OwnText);
        Assert.Equal(saved.Version, (await ReadAsync(await _http.PutAsJsonAsync($"/api/contracts/{contract.Id}/text", new { ownText = own }, CrmHost.Json))).Version);
        var now = JsonNode.Parse(await _http.GetStringAsync($"/api/contracts/{contract.Id}/text"))!;
        Assert.True(now["own"]!.GetValue<bool>());
        Assert.Equal(own, now["text"]!.GetValue<string>());

        await AssertFieldErrorsAsync(await _http.PutAsJsonAsync($"/api/contracts/{contract.Id}/text", new { ownText = "# Д\n## П\nСума {contract.unknown}." }, CrmHost.Json), "ownText");

        var back = await ReadAsync(await _http.PutAsJsonAsync($"/api/contracts/{contract.Id}/text", new { ownText = (string?)null }, CrmHost.Json));
        Assert.Null(back.OwnText);
        Assert.Equal(text, JsonNode.Parse(await _http.GetStringAsync($"/api/contracts/{contract.Id}/text"))!["text"]!.GetValue<string>());
        Assert.Equal(2, (await AuditActionsAsync(contract.Id)).Count(a => a == "SetText"));

        var placeholders = JsonNode.Parse(await _http.GetStringAsync("/api/contract-templates/placeholders"))!.AsArray();
        Assert.Contains(placeholders, p => p!["name"]!.GetValue<string>() == "{contract.number}");
    }

    private AgreementsDailyJob DailyJob() => fixture.Host.HostServices.GetServices<IRecurringJob>().OfType<AgreementsDailyJob>().Single();

    private async Task<List<string>> AuditActionsAsync(Guid contractId)
    {
        var page = JsonNode.Parse(await _http.GetStringAsync($"/api/audit?entity=contract&id={contractId}"))!;
        return page["items"]!.AsArray().Select(i => i!["action"]!.GetValue<string>()).ToList();
    }

    private async Task<Guid> ClientAsync()
    {
        var response = await _http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Календарна " + Guid.NewGuid().ToString("N")[..8] + "»", kind = "Company" }, CrmHost.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await CrmHost.ReadAsync<ClientDetails>(response)).Id;
    }

    private static JsonObject Contract(Guid client, DateOnly starts, DateOnly ends, bool autoRenew = false) => new()
    {
        ["clientId"] = client,
        ["kind"] = "Support",
        ["startsOn"] = starts.ToString("yyyy-MM-dd"),
        ["endsOn"] = ends.ToString("yyyy-MM-dd"),
        ["autoRenew"] = autoRenew,
        ["monthlyFee"] = 5000m,
        ["includedHours"] = 8m,
        ["vatRate"] = 20,
        ["services"] = new JsonArray("Консультації"),
        ["signedOn"] = starts.ToString("yyyy-MM-dd"),
    };

    private async Task<ContractDetails> CreateActiveAsync(Guid client, DateOnly starts, DateOnly ends)
    {
        var created = await ReadAsync(await _http.PostAsJsonAsync("/api/contracts", Contract(client, starts, ends), CrmHost.Json));
        return await ReadAsync(await _http.PostAsync($"/api/contracts/{created.Id}/activate", null));
    }

    private async Task<ContractDetails> GetAsync(Guid id) => await ReadAsync(await _http.GetAsync($"/api/contracts/{id}"));

    private async Task<SupportStatus> SupportOfAsync(Guid client) =>
        (await CrmHost.ReadAsync<ClientDetails>(await _http.GetAsync($"/api/clients/{client}"))).SupportStatus;

    private Task<HttpResponseMessage> OpenTicketAsync(Guid client) =>
        _http.PostAsJsonAsync("/api/tickets", new { clientId = client, subject = "Не працює 1С", priority = "Normal", requiredSkill = "nobody-has-it" }, CrmHost.Json);

    private static async Task<ContractDetails> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize<ContractDetails>(text, CrmHost.Json)!;
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteCompanyDayCollection : ICollectionFixture<SqliteCompanyDayFixture>
{
    public const string Name = "company day on sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCompanyDayCollection : ICollectionFixture<PostgresCompanyDayFixture>
{
    public const string Name = "company day on postgresql";
}

[Collection(SqliteCompanyDayCollection.Name)]
public sealed class SqliteCompanyDayTests(SqliteCompanyDayFixture fixture) : CompanyDayTests(fixture);

[Collection(PostgresCompanyDayCollection.Name)]
public sealed class PostgresCompanyDayTests(PostgresCompanyDayFixture fixture) : CompanyDayTests(fixture);
