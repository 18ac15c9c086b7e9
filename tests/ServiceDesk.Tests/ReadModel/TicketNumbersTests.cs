using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.ReadModel;
using OrleansCrm.ServiceDesk.Tickets;
using OrleansCrm.Testing;

namespace OrleansCrm.ServiceDesk.Tests.ReadModel;

/// <summary>
/// Ticket numbers on a real database: tickets stored before numbers existed are numbered by the migration in the order
/// they were opened, the counter goes on after them, concurrent draws (in one host or two) never give a number twice, and
/// the tickets table refuses a duplicate.
/// </summary>
public abstract class TicketNumbersTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    [Fact]
    public async Task Old_tickets_are_numbered_by_opening_time_and_new_numbers_follow_them_once_each()
    {
        // The schema as it was before numbers (migrations 1 to 3), with three tickets opened in this order: b, c, a.
        await new SchemaMigrator(Database.Options, [new OlderSchema(new ServiceDeskSchema(), 3)], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();
        await InsertOldAsync(b, createdAt: 1_000);
        await InsertOldAsync(c, createdAt: 2_000);
        await InsertOldAsync(a, createdAt: 3_000);

        await new SchemaMigrator(Database.Options, [new ServiceDeskSchema()], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        var numbers = new TicketNumbers(Database.Options, Projections, Contexts());
        Assert.Equal(1, await numbers.StoredAsync(b));
        Assert.Equal(2, await numbers.StoredAsync(c));
        Assert.Equal(3, await numbers.StoredAsync(a));
        Assert.Null(await numbers.StoredAsync(Guid.NewGuid()));

        var drawn = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => numbers.NextAsync()));
        Assert.Equal(Enumerable.Range(4, 40).Select(n => (long)n), drawn.Order());

        // The database itself refuses a number twice.
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync($"UPDATE {Table} SET number = 1 WHERE id = {Id(a)}"));
    }

    [Fact]
    public async Task Two_hosts_drawing_at_once_never_share_a_number_and_a_restarted_host_goes_on_after_them()
    {
        await new SchemaMigrator(Database.Options, [new ServiceDeskSchema()], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var first = new TicketNumbers(Database.Options, Projections, Contexts());
        var second = new TicketNumbers(Database.Options, Projections, Contexts());

        // Several blocks each, drawn concurrently by both.
        var drawn = await Task.WhenAll(Enumerable.Range(0, 5 * TicketNumbers.Block).Select(i => (i % 2 == 0 ? first : second).NextAsync()));
        Assert.Equal(drawn.Length, drawn.Distinct().Count());

        // A host started afresh draws a block of its own: after every number handed out, the others' unused rest is a gap.
        var restarted = new TicketNumbers(Database.Options, Projections, Contexts());
        Assert.True(await restarted.NextAsync() > drawn.Max());
    }

    private string Table => ServiceDeskDbContext.Tables(Provider).Sql("tickets");

    private string Id(Guid id) => Provider == DatabaseProvider.PostgreSql ? $"'{id}'::uuid" : $"'{Database.Options.DbId(id)}'";

    private Task InsertOldAsync(Guid id, long createdAt) => ExecuteAsync($"""
        INSERT INTO {Table} (id, version, queue, client_id, subject, priority, weight, status, required_skill, min_level, assignee_id,
            created_at, assigned_at, due_at, redirect_count, decline_count, billable, unbilled_work, over_capacity)
        VALUES ({Id(id)}, 1, 'support', {Id(Guid.NewGuid())}, 'Стара заявка', 'Normal', 2, 'New', 'medoc', 1, NULL,
            {createdAt}, NULL, {createdAt + 1000}, 0, 0, {Bool(false)}, {Bool(false)}, {Bool(false)})
        """);

    private string Bool(bool value) => Provider == DatabaseProvider.PostgreSql ? (value ? "true" : "false") : (value ? "1" : "0");

    private IDbContextFactory<ServiceDeskDbContext> Contexts() => new Factory(Database.Options);

    private sealed class Factory(DatabaseOptions database) : IDbContextFactory<ServiceDeskDbContext>
    {
        public ServiceDeskDbContext CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<ServiceDeskDbContext>();
            ModuleTables.UseProvider(options, database);
            return new ServiceDeskDbContext(options.Options);
        }
    }
}

public sealed class SqliteTicketNumbersTests() : TicketNumbersTests(DatabaseProvider.Sqlite);

public sealed class PostgresTicketNumbersTests() : TicketNumbersTests(DatabaseProvider.PostgreSql);
