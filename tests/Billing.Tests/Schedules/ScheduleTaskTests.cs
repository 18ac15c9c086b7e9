using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Mediator;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Schedules;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Billing.Tests.Schedules;

/// <summary>A schedule's follow-up tasks in Sales, and a retried schedule (same Idempotency-Key) that does nothing twice.</summary>
public abstract class ScheduleTaskTests(HostFixture fixture) : BillingHostTests(fixture)
{
    private static readonly TimeZoneInfo Kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");

    private Task<HttpResponseMessage> PostAsync(object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/billing/schedules") { Content = JsonContent.Create(body, options: CrmHost.Json) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return Http.SendAsync(request);
    }

    private async Task<ScheduleResult> ScheduleAsync(object body, string? key)
    {
        var response = await PostAsync(body, key);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<ScheduleResult>(response);
    }

    private async Task<int> InvoiceCountAsync(Guid clientId) =>
        (await CrmHost.ReadAsync<DocumentPage>(await Http.GetAsync($"/api/invoices?clientId={clientId}&pageSize=100"))).Total;

    private async Task<List<JsonElement>> TasksAsync(Guid clientId)
    {
        var response = await Http.GetAsync($"/api/tasks?clientId={clientId}&pageSize=100");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. page.RootElement.GetProperty("items").EnumerateArray().Select(t => t.Clone())];
    }

    [Fact]
    public async Task Each_payment_gets_a_task_for_the_clients_manager_due_at_the_end_of_its_due_date_in_Kyiv()
    {
        var manager = Guid.NewGuid();
        var clientId = await ClientAsync("ТОВ «Графік із завданнями»", managerId: manager);

        var schedule = await ScheduleAsync(new { clientId, total = 37_500.00m, parts = 3, firstDueOn = "2027-01-15", intervalDays = 31 }, key: null);

        var tasks = await TasksAsync(clientId);
        Assert.Equal(3, tasks.Count);
        foreach (var payment in schedule.Payments)
        {
            var task = tasks.Single(t => t.GetProperty("id").GetGuid() == payment.TaskId);
            Assert.Equal(manager, task.GetProperty("executorId").GetGuid());
            Assert.Equal(clientId, task.GetProperty("clientId").GetGuid());
            var due = task.GetProperty("dueAt").GetDateTimeOffset();
            var local = TimeZoneInfo.ConvertTime(due, Kyiv);
            Assert.Equal((payment.DueOn, new TimeOnly(23, 59)), (DateOnly.FromDateTime(local.DateTime), TimeOnly.FromDateTime(local.DateTime)));
            Assert.Equal(new DateTimeOffset(payment.DueOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(2)).AddMinutes(-1), due); // winter: UTC+2
            Assert.Equal(
                $"Проконтролювати оплату рахунку {payment.Number} ({payment.Part} з 3) на {OrleansCrm.BuildingBlocks.Printing.UaFormat.Money(12_500m)} грн до {payment.DueOn:dd.MM.yyyy}",
                task.GetProperty("title").GetString());
        }

        // No manager on the card: the task is the caller's own.
        var orphan = await ClientAsync("ТОВ «Без менеджера»");
        var own = await ScheduleAsync(new { clientId = orphan, total = 100m, parts = 1, firstDueOn = "2027-03-01", intervalDays = 1 }, key: null);
        var ownTask = Assert.Single(await TasksAsync(orphan));
        Assert.Equal(own.Payments[0].TaskId, ownTask.GetProperty("id").GetGuid());
        Assert.Equal(ownTask.GetProperty("authorId").GetGuid(), ownTask.GetProperty("executorId").GetGuid());
    }

    [Fact]
    public async Task The_same_key_again_answers_the_same_schedule_and_creates_nothing_a_new_body_is_a_409()
    {
        var clientId = await ClientAsync("ТОВ «Повтор графіка»", managerId: Guid.NewGuid());
        var body = new { clientId, total = 1000.00m, parts = 3, firstDueOn = "2027-02-10", intervalDays = 30 };
        var key = Guid.NewGuid().ToString();

        var first = await ScheduleAsync(body, key);
        var again = await ScheduleAsync(body, key);

        Assert.Equal(first.Payments.Select(p => (p.InvoiceId, p.Number, p.TaskId)), again.Payments.Select(p => (p.InvoiceId, p.Number, p.TaskId)));
        Assert.All(first.Payments, p => Assert.NotNull(p.TaskId));
        Assert.Equal(3, await InvoiceCountAsync(clientId));
        Assert.Equal(3, (await TasksAsync(clientId)).Count);

        foreach (var other in new object[] { body with { total = 1200.00m }, body with { parts = 2 }, body with { parts = 4 }, body with { firstDueOn = "2027-02-11" } })
        {
            var refused = await PostAsync(other, key);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("Idempotency-Key", await refused.Content.ReadAsStringAsync());
        }

        // Without a key each request is a new schedule, as before.
        await ScheduleAsync(body, key: null);
        Assert.Equal(6, await InvoiceCountAsync(clientId));
        Assert.Equal(6, (await TasksAsync(clientId)).Count);
    }

    [Fact]
    public async Task When_the_tasks_fail_after_the_invoices_committed_a_retry_sets_them_and_makes_no_invoice_twice()
    {
        var manager = Guid.NewGuid();
        var clientId = await ClientAsync("ТОВ «Збій завдань»", managerId: manager);
        var failing = FailOnce.Around(Service<ISender>());
        var handler = new CreateScheduleHandler(Service<DocumentStore>(), Service<BillingClients>(), Service<CompanyCalendar>(), failing);
        var command = new CreateSchedule(new MoneyCaller("retrier", Guid.NewGuid(), true), clientId, null, 900m, 3, new DateOnly(2027, 4, 1), 30, null)
        {
            IdempotencyKey = "schedule-fault-1",
        };

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await handler.Handle(command, default));
        Assert.Equal(3, await InvoiceCountAsync(clientId)); // the invoices' transaction committed
        Assert.Empty(await TasksAsync(clientId));

        var retried = await handler.Handle(command, default);

        Assert.Equal(3, await InvoiceCountAsync(clientId));
        var tasks = await TasksAsync(clientId);
        Assert.Equal(3, tasks.Count);
        Assert.Equal(retried.Payments.Select(p => p.TaskId).Order(), tasks.Select(t => (Guid?)t.GetProperty("id").GetGuid()).Order());
        Assert.All(tasks, t => Assert.Equal(manager, t.GetProperty("executorId").GetGuid()));
        Assert.Equal(retried.Payments.Select(p => p.InvoiceId), (await handler.Handle(command, default)).Payments.Select(p => p.InvoiceId));
        Assert.Equal(3, (await TasksAsync(clientId)).Count);
    }

    /// <summary>The real sender, but the first <see cref="CreateFollowUpTasks"/> throws, as Sales failing after Billing's commit.</summary>
    public class FailOnce : DispatchProxy
    {
        private ISender inner = null!;
        private int failed;

        public static ISender Around(ISender inner)
        {
            var proxy = Create<ISender, FailOnce>();
            ((FailOnce)(object)proxy).inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (args is [CreateFollowUpTasks, ..] && Interlocked.Exchange(ref failed, 1) == 0)
            {
                throw new InvalidOperationException("Sales is down");
            }

            try
            {
                return targetMethod!.Invoke(inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}

[Collection(SqliteBillingHost.Name)]
public sealed class SqliteScheduleTaskTests(SqliteHostFixture fixture) : ScheduleTaskTests(fixture);

[Collection(PostgresBillingHost.Name)]
public sealed class PostgresScheduleTaskTests(PostgresHostFixture fixture) : ScheduleTaskTests(fixture);
