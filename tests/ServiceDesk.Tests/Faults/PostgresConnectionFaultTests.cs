using System.Text;
using Npgsql;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Testing;
using Xunit.Abstractions;

namespace OrleansCrm.ServiceDesk.Tests.Faults;

/// <summary>
/// Faults of the connection itself, on PostgreSQL: the host's connection string points at a <see cref="DroppingProxy"/>
/// in front of the shared server, which can lose the reply to a committed request or play a stopped server.
/// </summary>
public sealed class PostgresConnectionFaultTests(ITestOutputHelper output) : DatabaseTest(DatabaseProvider.PostgreSql)
{
    private const int Tickets = 40;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);

    /// <summary>(b) on the wire: the server commits a group of writes and the reply never comes back; the connection breaks.</summary>
    [Fact]
    public async Task A_commit_whose_reply_the_network_lost_is_found_by_the_retry()
    {
        await using var proxy = Proxy();
        await using var host = new CrmHost(Provider, Through(proxy), FaultTests.SettingsFor());
        using var http = host.Http();
        FaultDriver? driver = null;
        driver = new FaultDriver("wire.reply", 15_011, http)
        {
            BeforeTicket = i =>
            {
                if (i % 5 == 2)
                {
                    // The ticket's subject travels in its state and its row: the commit of its first write is the one lost.
                    proxy.LoseReplyTo(Encoding.UTF8.GetBytes(driver!.Subject(i)));
                }
            },
        };
        await driver.SetUpAsync();
        await driver.RunAsync(Tickets, Pace);

        output.WriteLine($"replies lost: {proxy.Dropped}");
        Assert.True(proxy.Dropped >= 3, $"only {proxy.Dropped} replies were lost");
        FaultTests.AssertAnswered(output, driver, Tickets, sawUnavailable: false);
        await FaultInvariants.HoldAsync(http, driver, output);
    }

    /// <summary>
    /// PostgreSQL stopped for 10 s under load (the proxy breaks every connection and refuses new ones; the shared server
    /// itself stays up for the other tests). Meanwhile every request is answered within a few seconds: 2xx when it
    /// needs no database, else 503 with Retry-After; never a 500, never a hang. Nothing acknowledged is lost, and the
    /// same host serves normally once the database is back.
    /// </summary>
    [Fact]
    public async Task While_the_database_is_down_requests_fail_fast_with_503_and_the_host_recovers_by_itself()
    {
        await using var proxy = Proxy();
        await using var host = new CrmHost(Provider, Through(proxy), FaultTests.SettingsFor());
        using var http = host.Http();
        var driver = new FaultDriver("outage", 15_012, http);
        await driver.SetUpAsync();

        // Load: tickets opened and moved, and screens reading lists, tickets and the board beside them.
        using var stopReading = new CancellationTokenSource();
        var reading = driver.BrowseAsync(TimeSpan.FromMilliseconds(50), stopReading.Token);
        var running = driver.RunAsync(Tickets, Pace);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var cut = DateTimeOffset.UtcNow;
        proxy.Cut();
        await Task.Delay(TimeSpan.FromSeconds(10));
        proxy.Restore();
        var restored = DateTimeOffset.UtcNow;
        await running;
        await stopReading.CancelAsync();
        await reading;

        var answers = driver.Answers;
        var during = answers.Where(a => a.At >= cut && a.At < restored).ToList();
        output.WriteLine($"during the cut: {during.Count} requests ({during.Count(a => a.What == "read")} reads), {during.Count(a => a.Status == 503)} × 503, slowest {during.Max(a => a.Took).TotalSeconds:0.00} s; refused connections {proxy.Refused}");
        Assert.Contains(during, a => a.Status == 503);
        var slow = during.Where(a => a.Took > TimeSpan.FromSeconds(10)).ToList();
        Assert.True(slow.Count == 0, $"Requests that hung while the database was down:\n  {string.Join("\n  ", slow)}");
        FaultTests.AssertAnswered(output, driver, Tickets, sawUnavailable: true);

        // Back without a restart: the same host opens more tickets, each at the first attempt.
        var before = answers.Count;
        await driver.RunAsync(5, Pace, first: Tickets);
        var after = driver.Answers.Skip(before).Where(a => a.What == "open").ToList();
        Assert.True(after.All(a => a.Status == 201), $"After the database came back:\n  {string.Join("\n  ", after)}");
        await FaultInvariants.HoldAsync(http, driver, output);
    }

    private DroppingProxy Proxy()
    {
        var server = new NpgsqlConnectionStringBuilder(Database.ConnectionString);
        return new DroppingProxy(server.Host!, server.Port);
    }

    private string Through(DroppingProxy proxy) =>
        new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
}
