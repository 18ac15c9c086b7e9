using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Testing;
using Xunit.Abstractions;

namespace OrleansCrm.ServiceDesk.Tests.Faults;

/// <summary>
/// The service desk under faults, on the real host: tickets opened and moved at a steady pace by a
/// <see cref="FaultDriver"/> while a fault is injected, then, with the fault removed and the outboxes drained, the
/// invariants of the dispatcher property (<see cref="FaultInvariants"/>). Each test has a database of its own, a few
/// dozen tickets, and stops by itself.
/// </summary>
public abstract class FaultTests(DatabaseProvider provider, ITestOutputHelper output) : DatabaseTest(provider)
{
    protected const int Tickets = 40;

    protected static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);

    /// <summary>The hosts' settings: a placement whose ticket was never stored is dropped after 2 s (a minute in production).</summary>
    internal static Dictionary<string, string?> SettingsFor(string? clusterId = null)
    {
        var settings = new Dictionary<string, string?> { ["Crm:ServiceDesk:PlacedCheckPeriod"] = "00:00:02", ["Crm:ServiceDesk:ReconciliationSettle"] = "00:00:01" };
        if (clusterId is not null)
        {
            settings["Crm:Orleans:ClusterId"] = clusterId;
        }

        return settings;
    }

    private static Dictionary<string, string?> Settings => SettingsFor();

    private readonly List<IDisposable> _armed = [];

    /// <summary>(a) The storage fails a write, unstored, now and then: a ticket's (an open or a move) or a specialist's (a delivered work event).</summary>
    [Fact]
    public Task Failed_writes_lose_nothing_acknowledged_and_leave_no_load_behind() => UnderFaultsAsync("fault.write", 15_001, (host, i) =>
    {
        if (i % 5 == 2)
        {
            Arm(host.Faults.FailWrite("ticket", failure: Unavailable));
        }

        if (i % 7 == 4)
        {
            Arm(host.Faults.FailWrite("specialist", failure: Unavailable));
        }
    });

    /// <summary>(b) A ticket's write is stored but its reply lost (an unknown outcome): the retry with the same key finds it.</summary>
    [Fact]
    public Task Lost_commit_replies_are_found_by_the_retry_and_counted_once() => UnderFaultsAsync("fault.reply", 15_002, (host, i) =>
    {
        if (i % 4 == 1)
        {
            Arm(host.Faults.LoseWriteReply("ticket"));
        }
    });

    /// <summary>
    /// (c) The messages between grains: a ticket's work events to its specialist (<c>RecordWork</c>) are delayed, some
    /// lost; an open whose write failed withdraws its placement from the dispatcher (<c>Withdraw</c>), and that call is
    /// delayed past the client's retry, or lost (the dispatcher's check of unstored placements must clean up).
    /// </summary>
    [Fact]
    public Task Delayed_and_lost_RecordWork_and_Withdraw_calls_leave_loads_and_the_board_right() => UnderFaultsAsync("fault.calls", 15_003, (host, i) =>
    {
        if (i == 5)
        {
            Arm(host.Faults.Delay("RecordWork", TimeSpan.FromMilliseconds(150), times: 40));
            Arm(host.Faults.Fail("RecordWork", times: 6));
            Arm(host.Faults.Fail("Withdraw", times: 2));
            Arm(host.Faults.DelaySend("Withdraw", TimeSpan.FromSeconds(1))); // arrives after the retry placed the ticket again
        }

        if (i % 5 == 3)
        {
            Arm(host.Faults.FailWrite("ticket", failure: Unavailable)); // so that opens withdraw
        }
    });

    /// <summary>
    /// (d) The host dies between a commit and its reply: ticket writes are stored and their replies lost, then the host
    /// is stopped while the driver keeps sending, and another host starts on the same database. The driver retries its
    /// open with the same key against the new host. Stored outboxes the dead host never delivered go out from there.
    /// </summary>
    [Fact]
    public async Task A_host_that_dies_after_commits_it_never_answered_loses_nothing()
    {
        var first = Database.StartHost(Settings);
        var firstHttp = first.Http();
        var dying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var driver = new FaultDriver("fault.restart", 15_004, firstHttp)
        {
            BeforeTicket = i =>
            {
                if (i == Tickets / 2)
                {
                    Arm(first.Faults.LoseWriteReply("ticket", times: 3));
                }
                else if (i == Tickets / 2 + 2)
                {
                    dying.TrySetResult();
                }
            },
        };
        await driver.SetUpAsync();
        var running = driver.RunAsync(Tickets, Pace);

        await dying.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await first.DisposeAsync(); // the driver is mid-flight: its requests fail, then go to the next host
        firstHttp.Dispose();
        await using var second = Database.StartHost(Settings);
        using var http = second.Http();
        driver.UseHosts(http);
        await running;

        AssertAnswered(driver, sawUnavailable: true, hostDied: true);
        await FaultInvariants.HoldAsync(http, driver, output);
    }

    /// <summary>
    /// (e) The duplicate-activation window, held open: two hosts on one database that do not see each other (two
    /// clusters: different cluster ids; on SQLite each host is a cluster of its own anyway), both serving the same
    /// tickets and specialists. Each has its own activation of every grain and its own dispatcher.
    /// <para>
    /// What a split brain may break: capacity. Two dispatchers each hand out the free capacity they see, so a specialist
    /// can end over capacity without a critical ticket (invariant 1, reported here but not asserted; the issue's "enforce
    /// capacity where the assignment is committed" is what would close it). What it must not break, because writes are
    /// version-checked in the database: every acknowledged ticket exists, a ticket has one assignee and is in one
    /// specialist's open tickets, loads equal the weights of the tickets held, the tickets table agrees with the tickets.
    /// These are checked on a third host started after both are gone, which reads only what was stored.
    /// </para>
    /// </summary>
    [Fact]
    public async Task Two_hosts_that_do_not_see_each_other_keep_every_invariant_but_capacity()
    {
        var a = Database.StartHost(SettingsFor("split-a"));
        var b = Database.StartHost(SettingsFor("split-b"));
        var clients = await Task.WhenAll(Task.Run(a.Http), Task.Run(b.Http));
        var driver = new FaultDriver("fault.split", 15_005, clients);
        try
        {
            await driver.SetUpAsync();
            await driver.RunAsync(Tickets, Pace);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            await Task.WhenAll(a.DisposeAsync().AsTask(), b.DisposeAsync().AsTask());
        }

        // 409s are expected here (the other host's activation wrote first); no 500s, nothing lost.
        AssertAnswered(driver, sawUnavailable: false);
        await using var healed = Database.StartHost(Settings);
        using var http = healed.Http();
        // What a split brain leaves behind, the load reconciliation repairs (the invariant holds "after the reconciliation").
        var reconciliation = healed.HostServices.GetServices<OrleansCrm.BuildingBlocks.Jobs.IRecurringJob>().Single(j => j.Id == "servicedesk.load-reconciliation");
        await reconciliation.RunAsync(new(DateTimeOffset.UtcNow.AddMinutes(-15), DateTimeOffset.UtcNow), CancellationToken.None);
        var snapshot = await FaultInvariants.HoldAsync(http, driver, output, FaultChecks.All & ~FaultChecks.Capacity);
        var capacity = FaultInvariants.Violations(snapshot, driver, FaultChecks.Capacity);
        output.WriteLine(capacity.Count == 0 ? "Capacity held through the split." : $"Capacity broken by the split (allowed):\n  {string.Join("\n  ", capacity)}");
        output.WriteLine($"409s: {driver.Answers.Count(x => x.Status == 409)}");
    }

    /// <summary>
    /// One host; the driver at a steady pace, with <paramref name="faults"/> arming what it injects before ticket i; then,
    /// the faults removed, what the product answered and the invariants.
    /// </summary>
    private async Task UnderFaultsAsync(string skill, int seed, Action<CrmHost, int> faults)
    {
        await using var host = Database.StartHost(Settings);
        using var http = host.Http();
        var driver = new FaultDriver(skill, seed, http) { BeforeTicket = i => faults(host, i) };
        await driver.SetUpAsync();
        await driver.RunAsync(Tickets, Pace);
        Disarm();

        AssertAnswered(driver, sawUnavailable: true);
        await FaultInvariants.HoldAsync(http, driver, output);
    }

    public override async Task DisposeAsync()
    {
        Disarm();
        await base.DisposeAsync();
    }

    protected void Arm(IDisposable rule)
    {
        lock (_armed)
        {
            _armed.Add(rule);
        }
    }

    /// <summary>Removes every fault still armed (one that has not fired yet included).</summary>
    protected void Disarm()
    {
        lock (_armed)
        {
            _armed.ForEach(r => r.Dispose());
            _armed.Clear();
        }
    }

    protected static Exception Unavailable() => new DatabaseUnavailableException("Injected: the database did not take the write.");

    /// <summary>
    /// What the product answered under the fault: every ticket acknowledged in the end (the driver's retries with the same
    /// key got through), no answer but 2xx, 409 (a move the ticket's state no longer allows) or 503, every 503 with
    /// Retry-After, and no request left unanswered (except while a host was being stopped under it).
    /// </summary>
    private void AssertAnswered(FaultDriver driver, bool sawUnavailable, bool hostDied = false) =>
        AssertAnswered(output, driver, Tickets, sawUnavailable, hostDied);

    internal static void AssertAnswered(ITestOutputHelper output, FaultDriver driver, int tickets, bool sawUnavailable, bool hostDied = false)
    {
        var answers = driver.Answers;
        output.WriteLine($"{answers.Count} requests: {string.Join(", ", answers.GroupBy(a => a.Status?.ToString() ?? "none").OrderBy(g => g.Key).Select(g => $"{g.Key} × {g.Count()}"))}; slowest {answers.Max(a => a.Took).TotalSeconds:0.00} s");
        var wrong = answers.Where(a => a.Status is { } s && !(s is >= 200 and < 300 || s is 409 or 503) || a.Status == 503 && !a.RetryAfter).ToList();
        Assert.True(wrong.Count == 0, $"Answers a fault must not cause:\n  {string.Join("\n  ", wrong)}\nUnhandled on the server:\n  {string.Join("\n  ", OrleansCrm.Testing.Faults.ServerErrors.TakeLast(5))}");
        if (!hostDied)
        {
            var unanswered = answers.Where(a => a.Status is null).ToList();
            Assert.True(unanswered.Count == 0, $"Requests left without an answer:\n  {string.Join("\n  ", unanswered)}");
        }

        Assert.True(driver.Acknowledged.Count == tickets, $"{tickets - driver.Acknowledged.Count} tickets were never acknowledged\n{FaultInvariants.Describe(null, driver)}");
        if (sawUnavailable)
        {
            Assert.Contains(answers, a => a.Status == 503); // the fault did reach the API
        }
    }
}

public sealed class SqliteFaultTests(ITestOutputHelper output) : FaultTests(DatabaseProvider.Sqlite, output);

public sealed class PostgresFaultTests(ITestOutputHelper output) : FaultTests(DatabaseProvider.PostgreSql, output);
