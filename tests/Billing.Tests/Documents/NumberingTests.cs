using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Money;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.Testing;

namespace OrleansCrm.Billing.Tests.Documents;

/// <summary>
/// Numbers under concurrent issuing: two product hosts on one PostgreSQL database (one host on SQLite, which has one
/// writer anyway) issue at once, through many connections; the numbers of the year are 1..N, none twice, none missing.
/// </summary>
public abstract class NumberingTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private const int PerHost = 30;

    private static NewDocument Draft(DocumentKind kind, DateOnly on) => new(
        kind, Guid.NewGuid(), null, null, on, on.AddDays(5),
        [new DocumentLine("Консультація", 1, "год", 800m, 20)], false,
        new PrintedParty { LegalName = "ТОВ «Паралельний Покупець»", TaxId = "14360570" }, null);

    [Fact]
    public async Task Concurrent_issuing_gives_each_number_of_the_year_once_without_gaps()
    {
        await using var first = Database.StartHost();
        await using var second = Provider == DatabaseProvider.PostgreSql ? Database.StartHost() : null;
        var hosts = new[] { first, second }.OfType<CrmHost>().ToArray();
        await Task.WhenAll(hosts.Select(h => Task.Run(() => h.HostServices)));
        var stores = hosts.Select(h => h.HostServices.GetRequiredService<DocumentStore>()).ToArray();
        var on = new DateOnly(2031, 3, 2);

        // Drafts first (they take no number), then all issued at once, with new invoices issued at creation among them.
        var drafts = await Task.WhenAll(Enumerable.Range(0, PerHost).Select(i => stores[i % stores.Length].CreateAsync(Draft(DocumentKind.Invoice, on), issue: false)));
        Assert.All(drafts, d => Assert.Null(d.Number));
        var issuing = drafts.Select((d, i) => Task.Run(() => stores[i % stores.Length].IssueAsync(d.Id, d.Version, on)))
            .Concat(Enumerable.Range(0, PerHost).Select(i => Task.Run(() => stores[(i + 1) % stores.Length].CreateAsync(Draft(DocumentKind.Invoice, on), issue: true))))
            .Concat(Enumerable.Range(0, 5).Select(_ => Task.Run(() => stores[0].CreateAsync(Draft(DocumentKind.Proposal, on), issue: true))));
        var issued = await Task.WhenAll(issuing);

        var invoices = issued.Where(d => d.Kind == DocumentKind.Invoice).Select(d => d.Number!).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 2 * PerHost).Select(i => DocumentNumbers.Format(DocumentKind.Invoice, 2031, i)), invoices);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"КП-2031-{i:D6}"), issued.Where(d => d.Kind == DocumentKind.Proposal).Select(d => d.Number!).Order());
        var table = Provider == DatabaseProvider.PostgreSql ? "billing.number_counters" : "billing_number_counters";
        Assert.Equal(2 * PerHost, await ScalarAsync($"SELECT last FROM {table} WHERE kind = 0 AND year = 2031"));
    }

    [Fact]
    public async Task A_number_already_taken_is_refused_by_the_database_itself()
    {
        await using var host = Database.StartHost();
        var store = host.HostServices.GetRequiredService<DocumentStore>();
        var on = new DateOnly(2032, 1, 10);
        var invoice = await store.CreateAsync(Draft(DocumentKind.Invoice, on), issue: true);
        var table = Provider == DatabaseProvider.PostgreSql ? "billing.documents" : "billing_documents";

        var draft = await store.CreateAsync(Draft(DocumentKind.Invoice, on), issue: false);
        var forced = await Record.ExceptionAsync(() => ExecuteAsync(
            $"UPDATE {table} SET status = 1, year = 2032, seq = 1, number = 'РФ-2032-000001' WHERE id = '{draft.Id}'"));

        Assert.NotNull(forced); // ux_documents_number: (kind, year, seq) once, whoever writes
        Assert.Equal(invoice.Number, (await store.GetAsync(invoice.Id))!.Number);
        Assert.Null((await store.GetAsync(draft.Id))!.Number);
    }
}

public sealed class SqliteNumberingTests() : NumberingTests(DatabaseProvider.Sqlite);

public sealed class PostgresNumberingTests() : NumberingTests(DatabaseProvider.PostgreSql);
