using System.Net;
using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Activities.Tasks;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;
using static OrleansCrm.Sales.Tests.Activities.ActivitiesHost;

namespace OrleansCrm.Sales.Tests.Activities;

/// <summary>The task loop over the API on each database: one task per executor, set → accepted → done → checked → closed, a return, a reassign, who may do what, the due filter, reminders once.</summary>
public abstract class TaskApiTests(HostFixture fixture)
{
    private readonly ActivitiesHost _host = new(fixture);

    [Fact]
    public async Task The_head_sets_one_task_for_two_managers_and_each_goes_round_the_loop_with_a_return_and_a_reassign()
    {
        var (head, headId) = await _host.UserAsync("tasks-head", CrmRoles.SalesHead);
        var (anna, annaId) = await _host.UserAsync("tasks-anna", CrmRoles.Manager);
        var (boris, borisId) = await _host.UserAsync("tasks-boris", CrmRoles.Manager);
        var (clara, claraId) = await _host.UserAsync("tasks-clara", CrmRoles.Manager);

        var created = await JsonAsync(await PostAsync(head, "/api/tasks",
            new { title = "Обдзвонити клієнтів з ІТС, що закінчується", executorIds = new[] { annaId, borisId }, dueAt = DateTimeOffset.UtcNow.AddDays(2) }), HttpStatusCode.Created);
        var tasks = created.AsArray();
        Assert.Equal(2, tasks.Count);
        Assert.Equal([annaId, borisId], tasks.Select(t => Guid.Parse(t!["executorId"]!.GetValue<string>())));
        Assert.All(tasks, t => Assert.Equal("Set", t!["status"]!.GetValue<string>()));
        Assert.All(tasks, t => Assert.Equal(headId, Guid.Parse(t!["authorId"]!.GetValue<string>())));
        var annas = tasks[0]!["id"]!.GetValue<string>();
        var boriss = tasks[1]!["id"]!.GetValue<string>();

        // Only the executor accepts; the author may not finish for them; a step the status does not allow is a 409.
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(boris, $"/api/tasks/{annas}/accept")).StatusCode);
        var early = await PostAsync(anna, $"/api/tasks/{annas}/check");
        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        var notYet = await PostAsync(anna, $"/api/tasks/{annas}/done");
        Assert.Equal(HttpStatusCode.Conflict, notYet.StatusCode);
        Assert.Equal("application/problem+json", notYet.Content.Headers.ContentType?.MediaType);

        await Step(anna, annas, "accept", "Accepted");
        await Step(anna, annas, "done", "Done");
        await Step(head, annas, "return", "Returned", new { note = "Немає звіту по дзвінках" });
        await Step(anna, annas, "done", "Done");
        await Step(head, annas, "check", "Checked");
        await Step(head, annas, "close", "Closed");
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(head, $"/api/tasks/{annas}/accept")).StatusCode);

        // Boris's task goes to Clara: he no longer sees it, she accepts and finishes it.
        var reassigned = await JsonAsync(await PostAsync(head, $"/api/tasks/{boriss}/reassign", new { executorId = claraId }), HttpStatusCode.OK);
        Assert.Equal(claraId, Guid.Parse(reassigned["executorId"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await boris.GetAsync($"/api/tasks/{boriss}")).StatusCode);
        await Step(clara, boriss, "accept", "Accepted");
        await Step(clara, boriss, "done", "Done");

        var card = await JsonAsync(await head.GetAsync($"/api/tasks/{annas}"), HttpStatusCode.OK);
        Assert.Equal(["Create", "Accept", "Done", "Return", "Done", "Check", "Close"], card["history"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()));
        Assert.Equal("Немає звіту по дзвінках", card["history"]![3]!["note"]!.GetValue<string>());
        var claras = await JsonAsync(await head.GetAsync($"/api/tasks/{boriss}"), HttpStatusCode.OK);
        Assert.Equal(["Create", "Reassign", "Accept", "Done"], claras["history"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()));
        Assert.Equal(7, await _host.CountAsync($"SELECT COUNT(*) FROM {_host.Service<OrleansCrm.BuildingBlocks.Audit.AuditLog>().Table} WHERE entity = 'task' AND entity_id = @id", ("id", annas)));

        // A manager lists only the tasks they set or execute.
        var annaList = await JsonAsync(await anna.GetAsync("/api/tasks?pageSize=500"), HttpStatusCode.OK);
        Assert.All(annaList["items"]!.AsArray(), t => Assert.True(
            t!["executorId"]!.GetValue<string>() == annaId.ToString() || t["authorId"]?.GetValue<string>() == annaId.ToString()));
        Assert.Contains(annaList["items"]!.AsArray(), t => t!["id"]!.GetValue<string>() == annas);
        Assert.DoesNotContain(annaList["items"]!.AsArray(), t => t!["id"]!.GetValue<string>() == boriss);
    }

    [Fact]
    public async Task A_retried_create_with_the_same_key_makes_nothing_twice_and_bad_input_names_its_fields()
    {
        var (head, _) = await _host.UserAsync("tasks-head", CrmRoles.SalesHead);
        var (_, annaId) = await _host.UserAsync("tasks-anna", CrmRoles.Manager);
        var body = new { title = "Підготувати КП", executorIds = new[] { annaId }, dueAt = DateTimeOffset.UtcNow.AddDays(1) };
        var key = Guid.NewGuid().ToString();

        var first = await JsonAsync(await PostAsync(head, "/api/tasks", body, key), HttpStatusCode.Created);
        var again = await JsonAsync(await PostAsync(head, "/api/tasks", body, key), HttpStatusCode.Created);

        Assert.Equal(first[0]!["id"]!.GetValue<string>(), again[0]!["id"]!.GetValue<string>());
        await ApiAssert.AssertFieldErrorsAsync(await PostAsync(head, "/api/tasks", new { title = "", executorIds = Array.Empty<Guid>() }), "title", "executorIds", "dueAt");
        await ApiAssert.AssertFieldErrorsAsync(await head.GetAsync("/api/tasks?status=finished&due=yesterday&sort=owner"), "status", "due", "sort");
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Host.Http(CrmRoles.Specialist).GetAsync("/api/tasks")).StatusCode);
    }

    [Fact]
    public async Task The_due_filter_tells_overdue_from_today_from_later()
    {
        var (head, _) = await _host.UserAsync("tasks-head", CrmRoles.SalesHead);
        var (_, danaId) = await _host.UserAsync("tasks-dana", CrmRoles.Manager);
        var now = DateTimeOffset.UtcNow;
        var endOfToday = _host.Service<OrleansCrm.BuildingBlocks.Calendar.CompanyCalendar>().EndOfDay(now);
        var todayDue = now + (endOfToday - now) / 2; // between now and the end of the company's day
        var marker = "due-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var (title, due) in new[] { ("overdue", now.AddHours(-3)), ("today", todayDue), ("later", endOfToday.AddDays(1)) })
        {
            await JsonAsync(await PostAsync(head, "/api/tasks", new { title = $"{marker} {title}", executorIds = new[] { danaId }, dueAt = due }), HttpStatusCode.Created);
        }

        foreach (var due in new[] { "overdue", "today", "later" })
        {
            var page = await JsonAsync(await head.GetAsync($"/api/tasks?executorId={danaId}&due={due}&search={marker}"), HttpStatusCode.OK);
            var item = Assert.Single(page["items"]!.AsArray());
            Assert.Equal($"{marker} {due}", item!["title"]!.GetValue<string>());
            Assert.Equal(due, item["due"]!.GetValue<string>(), ignoreCase: true);
            Assert.Equal(1, page["total"]!.GetValue<int>());
        }

        var all = await JsonAsync(await head.GetAsync($"/api/tasks?executorId={danaId}&search={marker}&sort=-dueAt"), HttpStatusCode.OK);
        Assert.Equal([$"{marker} later", $"{marker} today", $"{marker} overdue"], all["items"]!.AsArray().Select(t => t!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_task_due_soon_is_reminded_once()
    {
        var (head, _) = await _host.UserAsync("tasks-head", CrmRoles.SalesHead);
        var (_, evaId) = await _host.UserAsync("tasks-eva", CrmRoles.Manager);
        var soon = await JsonAsync(await PostAsync(head, "/api/tasks", new { title = "Нагадати про оплату", executorIds = new[] { evaId }, dueAt = DateTimeOffset.UtcNow.AddMinutes(20) }), HttpStatusCode.Created);
        var far = await JsonAsync(await PostAsync(head, "/api/tasks", new { title = "Не скоро", executorIds = new[] { evaId }, dueAt = DateTimeOffset.UtcNow.AddDays(3) }), HttpStatusCode.Created);
        var job = _host.Service<TaskReminderJob>();

        await job.RemindAsync(CancellationToken.None);
        var reminded = await JsonAsync(await head.GetAsync($"/api/tasks/{soon[0]!["id"]}"), HttpStatusCode.OK);
        var at = reminded["task"]!["remindedAt"]!.GetValue<DateTimeOffset>();
        await job.RemindAsync(CancellationToken.None);
        var again = await JsonAsync(await head.GetAsync($"/api/tasks/{soon[0]!["id"]}"), HttpStatusCode.OK);

        Assert.Equal(at, again["task"]!["remindedAt"]!.GetValue<DateTimeOffset>());
        Assert.Null((await JsonAsync(await head.GetAsync($"/api/tasks/{far[0]!["id"]}"), HttpStatusCode.OK))["task"]!["remindedAt"]);
        Assert.False(await _host.Service<TaskStore>().MarkRemindedAsync(Guid.Parse(soon[0]!["id"]!.GetValue<string>()), DateTimeOffset.UtcNow, CancellationToken.None));
    }

    private static async Task Step(HttpClient http, string id, string action, string status, object? body = null)
    {
        var task = await JsonAsync(await PostAsync(http, $"/api/tasks/{id}/{action}", body), HttpStatusCode.OK);
        Assert.Equal(status, task["status"]!.GetValue<string>());
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class TaskApiOnSqlite(SqliteHostFixture fixture) : TaskApiTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class TaskApiOnPostgres(PostgresHostFixture fixture) : TaskApiTests(fixture);
