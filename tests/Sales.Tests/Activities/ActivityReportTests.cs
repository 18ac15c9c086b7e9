using System.Net;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Activities.Report;
using OrleansCrm.Sales.Tests.Deals;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;
using static OrleansCrm.Sales.Tests.Activities.ActivitiesHost;

namespace OrleansCrm.Sales.Tests.Activities;

/// <summary>The manager activity report on a known data set (in a March of 2021 no other test writes in), figures worked out by hand.</summary>
public abstract class ActivityReportTests(HostFixture fixture)
{
    private readonly HostFixture fixture = fixture;
    private readonly ActivitiesHost _host = new(fixture);

    [Fact]
    public async Task The_report_counts_interactions_by_kind_tasks_done_and_deals_moved_per_manager()
    {
        var (head, _) = await _host.UserAsync("report-head", CrmRoles.SalesHead);
        var (manager, _) = await _host.UserAsync("report-manager", CrmRoles.Manager);
        var ivan = Guid.NewGuid();
        var olena = Guid.NewGuid();
        // Kyiv is UTC+2 in early March: 2021-03-01 00:00 local is 2021-02-28 22:00 UTC.
        var inside = new DateTimeOffset(2021, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var justBefore = new DateTimeOffset(2021, 2, 28, 21, 59, 0, TimeSpan.Zero); // 23:59 on 28 February in Kyiv: outside
        var firstMinute = new DateTimeOffset(2021, 2, 28, 22, 0, 0, TimeSpan.Zero); // 00:00 on 1 March in Kyiv: inside
        var after = new DateTimeOffset(2021, 3, 3, 10, 0, 0, TimeSpan.Zero);         // 3 March: outside a 1–2 March report

        // Ivan: 2 calls and a meeting done inside, a call done before, an e-mail only planned; Olena: a note inside, a call after.
        await Interaction(ivan, 0, inside);
        await Interaction(ivan, 0, firstMinute);
        await Interaction(ivan, 1, inside.AddDays(1));
        await Interaction(ivan, 0, justBefore);
        await Interaction(ivan, 2, null);
        await Interaction(olena, 3, inside);
        await Interaction(olena, 0, after);

        // Tasks: Ivan finished task A twice (it was returned) and task B once; Olena finished C outside the period.
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await History(a, 2, "Done", ivan, inside);
        await History(a, 4, "Done", ivan, inside.AddHours(3), previous: inside);
        await History(b, 3, "Done", ivan, inside.AddDays(1));
        await History(b, 2, "Accept", ivan, inside);
        await History(c, 3, "Done", olena, after);

        // Deal moves: Ivan moved deal X twice and deal Y once; a creation (seq 1) and a robot's move (no user) do not count.
        var (x, y) = (Guid.NewGuid(), Guid.NewGuid());
        await Stage(x, 1, ivan, inside);
        await Stage(x, 2, ivan, inside.AddHours(1));
        await Stage(x, 3, ivan, inside.AddHours(2), previous: inside.AddHours(1));
        await Stage(x, 4, null, inside.AddHours(3));
        await Stage(y, 2, ivan, inside.AddDays(1));
        await Stage(y, 3, olena, after);

        var report = await JsonAsync(await head.GetAsync("/api/reports/activity?from=2021-03-01&to=2021-03-02"), HttpStatusCode.OK);
        var rows = report["items"]!.AsArray().ToDictionary(r => Guid.Parse(r!["userId"]!.GetValue<string>()));
        var ivans = rows[ivan]!;
        Assert.Equal((2, 1, 0, 0, 3), (ivans["calls"]!.GetValue<int>(), ivans["meetings"]!.GetValue<int>(), ivans["emails"]!.GetValue<int>(), ivans["notes"]!.GetValue<int>(),
            ivans["interactionsDone"]!.GetValue<int>()));
        Assert.Equal((2, 2, 3), (ivans["tasksDone"]!.GetValue<int>(), ivans["dealsMoved"]!.GetValue<int>(), ivans["stageMoves"]!.GetValue<int>()));
        var olenas = rows[olena]!;
        Assert.Equal((0, 1, 0, 0, 0), (olenas["calls"]!.GetValue<int>(), olenas["notes"]!.GetValue<int>(), olenas["tasksDone"]!.GetValue<int>(),
            olenas["dealsMoved"]!.GetValue<int>(), olenas["stageMoves"]!.GetValue<int>()));

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/reports/activity?from=2021-03-01&to=2021-03-02")).StatusCode);
        await ApiAssert.AssertFieldErrorsAsync(await head.GetAsync("/api/reports/activity?from=2021-03-02&to=2021-03-01"), "to");
    }

    [Fact]
    public async Task Whole_months_read_from_their_rows_give_what_the_history_rows_give_after_a_rebuild_in_the_company_zone()
    {
        var (u1, u2) = (Guid.NewGuid(), Guid.NewGuid());
        var (d1, d2, d3, t1) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2019, month, day, hour, minute, 0, TimeSpan.Zero);

        // 2019, in Kyiv UTC+2 until 31 March. D1: u1 moves it in January, twice in February and in March.
        await Stage(d1, 2, u1, Utc(1, 20, 10));
        await Stage(d1, 3, u1, Utc(2, 5, 10), previous: Utc(1, 20, 10));
        await Stage(d1, 4, u1, Utc(2, 25, 10), previous: Utc(2, 5, 10));
        await Stage(d1, 5, u1, Utc(3, 15, 10), previous: Utc(2, 25, 10));
        // D2: u1 in February; u2 at 00:30 on 1 March in Kyiv (still February in UTC).
        await Stage(d2, 2, u1, Utc(2, 10, 10));
        await Stage(d2, 3, u2, Utc(2, 28, 22, 30));
        // D3: u2 at 23:30 on 31 January in Kyiv, and in April.
        await Stage(d3, 2, u2, Utc(1, 31, 21, 30));
        await Stage(d3, 3, u2, Utc(4, 2, 9), previous: Utc(1, 31, 21, 30));
        // T1: u1 finishes it three times (returned twice).
        await History(t1, 3, "Done", u1, Utc(2, 3, 10));
        await History(t1, 5, "Done", u1, Utc(2, 20, 10), previous: Utc(2, 3, 10));
        await History(t1, 7, "Done", u1, Utc(3, 5, 10), previous: Utc(2, 20, 10));
        // Calls by u1 on 14 February and at 00:10 on 1 March in Kyiv; u2's note at 23:59 on 31 January, meeting at 00:00 on 1 February.
        await Interaction(u1, 0, Utc(2, 14, 10));
        await Interaction(u1, 0, Utc(2, 28, 22, 10));
        await Interaction(u2, 3, Utc(1, 31, 21, 59));
        await Interaction(u2, 1, Utc(1, 31, 22, 0));

        // The months were built in another zone: they are built again from the history rows, in the company's.
        var months = _host.Service<ActivityMonths>();
        await _host.ExecuteAsync($"DELETE FROM {_host.Db.ActivityMonthsZone}");
        await _host.ExecuteAsync($"INSERT INTO {_host.Db.ActivityMonthsZone} (zone, built_at) VALUES ('Etc/UTC', @at)", ("at", _host.Db.Moment(DateTimeOffset.UtcNow)));
        await months.EnsureBuiltAsync(CancellationToken.None);
        Assert.True(months.Ready);

        // (calls, meetings, e-mails, notes, tasks done, deals moved, stage moves), worked out from the rows above.
        var expected = new (DateOnly From, DateOnly To, ActivityReportRow U1, ActivityReportRow U2)[]
        {
            (new(2019, 2, 1), new(2019, 2, 28), new(u1, 1, 0, 0, 0, 1, 2, 3), new(u2, 0, 1, 0, 0, 0, 0, 0)),
            (new(2019, 1, 15), new(2019, 3, 10), new(u1, 2, 0, 0, 0, 1, 2, 4), new(u2, 0, 1, 0, 1, 0, 2, 2)),
            (new(2019, 3, 1), new(2019, 3, 31), new(u1, 1, 0, 0, 0, 1, 1, 1), new(u2, 0, 0, 0, 0, 0, 1, 1)),
            (new(2019, 1, 1), new(2019, 4, 30), new(u1, 2, 0, 0, 0, 1, 2, 5), new(u2, 0, 1, 0, 1, 0, 2, 3)),
            (new(2019, 2, 10), new(2019, 2, 20), new(u1, 1, 0, 0, 0, 1, 1, 1), new(u2, 0, 0, 0, 0, 0, 0, 0)),
        };
        var reports = _host.Service<ActivityReports>();
        foreach (var (from, to, first, second) in expected)
        {
            foreach (var byMonth in new[] { true, false })
            {
                var report = await reports.BuildAsync(from, to, byMonth, CancellationToken.None);
                ActivityReportRow Of(Guid user) => report.Items.SingleOrDefault(r => r.UserId == user) ?? new ActivityReportRow(user, 0, 0, 0, 0, 0, 0, 0);
                Assert.Equal((from, to, byMonth, first), (from, to, byMonth, Of(u1)));
                Assert.Equal((from, to, byMonth, second), (from, to, byMonth, Of(u2)));
            }
        }
    }

    [Fact]
    public async Task The_writers_keep_the_months_as_the_history_rows_count_them_and_a_lost_reply_or_a_repeated_write_counts_nothing_twice()
    {
        var api = new SalesApi(fixture);
        var (manager, managerId) = await api.UserAsync(CrmRoles.Manager);
        var (head, _) = await api.UserAsync(CrmRoles.SalesHead);
        var pipeline = await api.PipelineAsync(new
        {
            name = SalesApi.Unique("Місяці"),
            stages = new object[]
            {
                new { code = "new", name = "Нова", probability = 10 },
                new { code = "offer", name = "Пропозиція", probability = 50 },
                new { code = "invoice", name = "Рахунок", probability = 80 },
            },
            lossReasons = new[] { "Дорого" },
        });
        var client = await api.ClientAsync();
        var deal = await api.DealAsync(manager, new { clientId = client, pipelineId = SalesApi.Id(pipeline), title = "BAS Бухгалтерія" });
        var id = SalesApi.Id(deal);
        var offer = await SalesApi.ReadAsync(await PostAsync(manager, $"/api/deals/{id}/move", new { toStage = "offer", version = SalesApi.Version(deal) }));

        // The second move is stored but its reply is lost (the host could have died right after the commit); the manager
        // moves it again if it did not take.
        using (fixture.Host.Faults.LoseWriteReply("deal", times: 1))
        {
            await PostAsync(manager, $"/api/deals/{id}/move", new { toStage = "invoice", version = SalesApi.Version(offer) });
        }

        var stored = await api.GetDealAsync(id);
        if (stored["stage"]!.GetValue<string>() != "invoice")
        {
            await SalesApi.ReadAsync(await PostAsync(manager, $"/api/deals/{id}/move", new { toStage = "invoice", version = SalesApi.Version(stored) }));
        }

        foreach (var notes in new[] { "Узгодили обсяг", "Надіслали рахунок" })
        {
            await JsonAsync(await PostAsync(manager, "/api/interactions", new { kind = "Call", clientId = client, doneAt = DateTimeOffset.UtcNow, notes }), HttpStatusCode.Created);
        }

        var task = (await JsonAsync(await PostAsync(head, "/api/tasks", new { title = "Звіт по дзвінках", executorIds = new[] { managerId }, dueAt = DateTimeOffset.UtcNow.AddDays(1) }),
            HttpStatusCode.Created)).AsArray()[0]!["id"]!.GetValue<string>();
        foreach (var (who, step) in new[] { (manager, "accept"), (manager, "done"), (head, "return"), (manager, "done") })
        {
            await JsonAsync(await PostAsync(who, $"/api/tasks/{task}/{step}"), HttpStatusCode.OK);
        }

        // This month and the next, whole: read from the months, and again from the history rows.
        var today = _host.Service<OrleansCrm.BuildingBlocks.Calendar.CompanyCalendar>().Today;
        var from = new DateOnly(today.Year, today.Month, 1);
        var to = from.AddMonths(2).AddDays(-1);
        var reports = _host.Service<ActivityReports>();
        async Task<(ActivityReportRow ByMonth, ActivityReportRow ByRows)> ReadAsync() =>
            ((await reports.BuildAsync(from, to, true, CancellationToken.None)).Items.Single(r => r.UserId == managerId),
             (await reports.BuildAsync(from, to, false, CancellationToken.None)).Items.Single(r => r.UserId == managerId));
        Assert.True(_host.Service<ActivityMonths>().Ready);
        var expected = new ActivityReportRow(managerId, 2, 0, 0, 0, 1, 1, 2);
        Assert.Equal((expected, expected), await ReadAsync());

        // The month so far reads the month whole (nothing is done later than now), and gives the same.
        var soFar = (await reports.BuildAsync(from, today, true, CancellationToken.None)).Items.Single(r => r.UserId == managerId);
        Assert.Equal(expected, soFar);
        await ApiAssert.AssertFieldErrorsAsync(
            await PostAsync(manager, "/api/interactions", new { kind = "Call", clientId = client, doneAt = DateTimeOffset.UtcNow.AddDays(1) }), "doneAt");

        // The last move's count written again after its stay (as a batch run twice would): nothing changes.
        var history = (await api.GetDealAsync(id))["history"]!.AsArray();
        Assert.Equal(3, history.Count);
        var (first, last) = (history[1]!, history[2]!);
        await using (var connection = await _host.Db.OpenAsync())
        {
            await _host.Service<ActivityMonths>().DealMoved(managerId, id, last["seq"]!.GetValue<int>(), last["enteredAt"]!.GetValue<DateTimeOffset>(),
                first["enteredAt"]!.GetValue<DateTimeOffset>()).ExecuteAsync(connection, null, CancellationToken.None);
        }

        Assert.Equal((expected, expected), await ReadAsync());
    }

    private Task Interaction(Guid owner, int kind, DateTimeOffset? doneAt) => _host.ExecuteAsync($"""
        INSERT INTO {_host.Db.Interactions} (id, version, idempotency_key, kind, client_id, owner_id, planned_at, done_at, created_at, updated_at)
        VALUES (@id, 1, @key, @kind, @client, @owner, @planned, @done, @at, @at)
        """, ("id", _host.Db.Id(Guid.NewGuid())), ("key", "report:" + Guid.NewGuid()), ("kind", (short)kind), ("client", _host.Db.Id(Guid.NewGuid())),
        ("owner", _host.Db.Id(owner)), ("planned", _host.Db.Moment(doneAt ?? new DateTimeOffset(2021, 3, 1, 12, 0, 0, TimeSpan.Zero))),
        ("done", doneAt is { } d ? _host.Db.Moment(d) : null), ("at", _host.Db.Moment(new DateTimeOffset(2021, 2, 1, 0, 0, 0, TimeSpan.Zero))));

    /// <param name="previous">As the task store writes it: when the executor last finished the task before.</param>
    private Task History(Guid task, int seq, string action, Guid executor, DateTimeOffset at, DateTimeOffset? previous = null) => _host.ExecuteAsync($"""
        INSERT INTO {_host.Db.TaskHistory} (task_id, seq, at, action, actor_name, to_status, executor_id, prev_done_at) VALUES (@task, @seq, @at, @action, 'test', 2, @executor, @prev)
        """, ("task", _host.Db.Id(task)), ("seq", seq), ("at", _host.Db.Moment(at)), ("action", action), ("executor", _host.Db.Id(executor)),
        ("prev", previous is { } p ? _host.Db.Moment(p) : null));

    /// <param name="previous">As Deals' projection writes it: when the same person last moved the deal before.</param>
    private Task Stage(Guid deal, int seq, Guid? user, DateTimeOffset at, DateTimeOffset? previous = null) => _host.ExecuteAsync($"""
        INSERT INTO {_host.Db.DealStages} (deal_id, seq, pipeline_id, stage, entered_at, by_user, prev_move_at) VALUES (@deal, @seq, @pipeline, 'stage', @at, @user, @prev)
        """, ("deal", _host.Db.Id(deal)), ("seq", seq), ("pipeline", _host.Db.Id(Guid.NewGuid())), ("at", _host.Db.Moment(at)), ("user", _host.Db.Id(user)),
        ("prev", previous is { } p ? _host.Db.Moment(p) : null));
}

[Collection(SqliteHostCollection.Name)]
public sealed class ActivityReportOnSqlite(SqliteHostFixture fixture) : ActivityReportTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class ActivityReportOnPostgres(PostgresHostFixture fixture) : ActivityReportTests(fixture);
