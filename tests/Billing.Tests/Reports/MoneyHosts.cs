using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Billing.Reports;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Testing;

namespace OrleansCrm.Billing.Tests.Reports;

/// <summary>A clock stopped at one moment: the company's "today" for the money figures.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>
/// The product's host with Billing's calendar on a fixed clock (only the money figures' "today": sign-in keeps the real
/// clock), on a fresh database of one kind.
/// </summary>
public static class MoneyHost
{
    /// <summary>Monday 16 March 2026, 10:00 in Kyiv.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 16, 8, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2026, 3, 16);

    public static CrmHost Start(TestDatabase database, DateTimeOffset? now = null) =>
        database.StartHost(services: services => services.AddSingleton(
            new CompanyCalendar(new FixedClock(now ?? Now), TimeZoneInfo.FindSystemTimeZoneById(CompanyCalendar.DefaultZone))));

    /// <summary>A client through the Clients API, so reports can name it.</summary>
    public static async Task<Guid> ClientAsync(HttpClient http, string legalName)
    {
        var response = await http.PostAsJsonAsync("/api/clients", new { legalName });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<Guid>();
    }
}

/// <summary>
/// One host per database kind holding a fixed set of documents and payments around <see cref="MoneyHost.Today"/>; the
/// report tests only read it. What each figure should be is worked out beside each row.
/// </summary>
public abstract class MoneyReportsFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public CrmHost Host { get; private set; } = null!;

    /// <summary>Signed in with every role but Specialist (Director among them).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client the Clients module knows (named in reports); nothing overdue.</summary>
    public Guid Known { get; private set; }

    /// <summary>Owes 1,500.00 due 10 January: 65 days late, 61–90.</summary>
    public Guid Late { get; private set; }

    /// <summary>Owes 400.00 due 15 November 2025: 121 days late, over 90.</summary>
    public Guid Later { get; private set; }

    public Guid DueToday { get; private set; }

    public Guid DueOn20March { get; private set; }

    /// <summary>Boundary clients: each owes one invoice due this many days before <see cref="BoundaryAsOf"/>.</summary>
    public IReadOnlyDictionary<int, Guid> Boundary { get; private set; } = null!;

    public static readonly DateOnly BoundaryAsOf = new(2024, 6, 30);

    public static readonly int[] BoundaryDays = [-1, 0, 1, 30, 31, 60, 61, 90, 91];

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        Host = MoneyHost.Start(Database);
        Http = Host.Http();
        Known = await MoneyHost.ClientAsync(Http, "ТОВ «Сумлінний платник»");
        Late = Guid.NewGuid();
        Later = Guid.NewGuid();
        var other = Guid.NewGuid();
        var rows = new MoneyRows(Database.Options);
        DateOnly Day(int year, int month, int day) => new(year, month, day);

        // Open invoices of the known client: 1,000.00 due 20 March (in 7 days), 500.00 due 10 April (in 30), 100.00 due today.
        DueOn20March = await rows.DocumentAsync(Known, 1000m, Day(2026, 3, 2), Day(2026, 3, 20));
        await rows.DocumentAsync(Known, 500m, Day(2026, 3, 10), Day(2026, 4, 10), MoneyRows.Sent);
        DueToday = await rows.DocumentAsync(Known, 100m, Day(2026, 3, 1), Day(2026, 3, 16));

        // 2,000.00 issued in January, 500.00 of it paid by a payment received 1 February: 1,500.00 late.
        var january = await rows.DocumentAsync(Late, 2000m, Day(2026, 1, 5), Day(2026, 1, 10), MoneyRows.PartlyPaid);
        var february = await rows.PaymentAsync(500m, Day(2026, 1, 31), Day(2026, 2, 1));
        await rows.AllocateAsync(february, january, Late, 500m);

        // 300.00 issued on the 1st and paid today: invoiced and paid this month, cash today.
        var paidToday = await rows.DocumentAsync(Late, 300m, Day(2026, 3, 1), Day(2026, 3, 5), MoneyRows.Paid);
        var today = await rows.PaymentAsync(300m, Day(2026, 3, 15), Day(2026, 3, 16));
        await rows.AllocateAsync(today, paidToday, Late, 300m);

        // Never counted: a cancelled invoice, a draft, an act.
        await rows.DocumentAsync(other, 9999m, Day(2026, 3, 5), Day(2026, 3, 10), MoneyRows.Cancelled);
        await rows.DocumentAsync(other, 777m, Day(2026, 3, 5), Day(2026, 3, 10), MoneyRows.Draft);
        await rows.DocumentAsync(other, 1000m, Day(2026, 3, 5), Day(2026, 3, 10), kind: MoneyRows.Act);

        // 400.00 due last November.
        await rows.DocumentAsync(Later, 400m, Day(2025, 11, 1), Day(2025, 11, 15));

        // Unmatched payments are cash too: 250.00 with no date received (its document date, 3 March, counts), 120.50
        // today, 1,000.00 on 28 February (last month).
        await rows.PaymentAsync(250m, Day(2026, 3, 3), null);
        await rows.PaymentAsync(120.50m, Day(2026, 3, 16), Day(2026, 3, 16));
        await rows.PaymentAsync(1000m, Day(2026, 2, 27), Day(2026, 2, 28));

        // Aging boundaries on 30 June 2024: invoices paid in full only on 1 December 2024, so open on that day and paid now.
        var boundary = new Dictionary<int, Guid>();
        foreach (var days in BoundaryDays)
        {
            var client = boundary[days] = Guid.NewGuid();
            var invoice = await rows.DocumentAsync(client, 10m, Day(2024, 1, 2), BoundaryAsOf.AddDays(-days), MoneyRows.Paid);
            var december = await rows.PaymentAsync(10m, Day(2024, 12, 1), Day(2024, 12, 1));
            await rows.AllocateAsync(december, invoice, client, 10m);
        }

        Boundary = boundary;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class SqliteMoneyReportsFixture() : MoneyReportsFixture(DatabaseProvider.Sqlite);

public sealed class PostgresMoneyReportsFixture() : MoneyReportsFixture(DatabaseProvider.PostgreSql);

[CollectionDefinition(Name)]
public sealed class SqliteMoneyCollection : ICollectionFixture<SqliteMoneyReportsFixture>
{
    public const string Name = "money reports on sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresMoneyCollection : ICollectionFixture<PostgresMoneyReportsFixture>
{
    public const string Name = "money reports on postgresql";
}
