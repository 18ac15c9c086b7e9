using System.Net;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;
using static OrleansCrm.Sales.Tests.Activities.ActivitiesHost;

namespace OrleansCrm.Sales.Tests.Activities;

/// <summary>The manager activity report on a known data set (in a March of 2021 no other test writes in), figures worked out by hand.</summary>
public abstract class ActivityReportTests(HostFixture fixture)
{
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
        await History(a, 4, "Done", ivan, inside.AddHours(3));
        await History(b, 3, "Done", ivan, inside.AddDays(1));
        await History(b, 2, "Accept", ivan, inside);
        await History(c, 3, "Done", olena, after);

        // Deal moves: Ivan moved deal X twice and deal Y once; a creation (seq 1) and a robot's move (no user) do not count.
        var (x, y) = (Guid.NewGuid(), Guid.NewGuid());
        await Stage(x, 1, ivan, inside);
        await Stage(x, 2, ivan, inside.AddHours(1));
        await Stage(x, 3, ivan, inside.AddHours(2));
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

    private Task Interaction(Guid owner, int kind, DateTimeOffset? doneAt) => _host.ExecuteAsync($"""
        INSERT INTO {_host.Db.Interactions} (id, version, idempotency_key, kind, client_id, owner_id, planned_at, done_at, created_at, updated_at)
        VALUES (@id, 1, @key, @kind, @client, @owner, @planned, @done, @at, @at)
        """, ("id", _host.Db.Id(Guid.NewGuid())), ("key", "report:" + Guid.NewGuid()), ("kind", (short)kind), ("client", _host.Db.Id(Guid.NewGuid())),
        ("owner", _host.Db.Id(owner)), ("planned", _host.Db.Moment(doneAt ?? new DateTimeOffset(2021, 3, 1, 12, 0, 0, TimeSpan.Zero))),
        ("done", doneAt is { } d ? _host.Db.Moment(d) : null), ("at", _host.Db.Moment(new DateTimeOffset(2021, 2, 1, 0, 0, 0, TimeSpan.Zero))));

    private Task History(Guid task, int seq, string action, Guid executor, DateTimeOffset at) => _host.ExecuteAsync($"""
        INSERT INTO {_host.Db.TaskHistory} (task_id, seq, at, action, actor_name, to_status, executor_id) VALUES (@task, @seq, @at, @action, 'test', 2, @executor)
        """, ("task", _host.Db.Id(task)), ("seq", seq), ("at", _host.Db.Moment(at)), ("action", action), ("executor", _host.Db.Id(executor)));

    private Task Stage(Guid deal, int seq, Guid? user, DateTimeOffset at) => _host.ExecuteAsync($"""
        INSERT INTO {_host.Db.DealStages} (deal_id, seq, pipeline_id, stage, entered_at, by_user) VALUES (@deal, @seq, @pipeline, 'stage', @at, @user)
        """, ("deal", _host.Db.Id(deal)), ("seq", seq), ("pipeline", _host.Db.Id(Guid.NewGuid())), ("at", _host.Db.Moment(at)), ("user", _host.Db.Id(user)));
}

[Collection(SqliteHostCollection.Name)]
public sealed class ActivityReportOnSqlite(SqliteHostFixture fixture) : ActivityReportTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class ActivityReportOnPostgres(PostgresHostFixture fixture) : ActivityReportTests(fixture);
