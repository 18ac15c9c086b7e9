using Microsoft.Extensions.Logging.Abstractions;
using OrleansCrm.Billing.Storage;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Testing;

namespace OrleansCrm.Billing.Tests.MonthlyRun;

/// <summary>
/// Migration 0060 on a database of the version before it: the days billed so far become claims (a run invoice's fee days
/// from its body, an item's from its key, a day billed twice before kept for one of them), and the table then refuses a
/// day claimed again.
/// </summary>
public abstract class FeeDayClaimsMigrationTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    [Fact]
    public async Task The_days_billed_so_far_are_claimed_once_each_and_a_day_claimed_again_is_refused()
    {
        await new SchemaMigrator(Database.Options, [new OlderSchema(new BillingSchema(), 50)], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        Guid contract = Guid.NewGuid(), other = Guid.NewGuid(), invoice = Guid.NewGuid();
        // A run invoice of December 2026 that billed the 1st to the 9th and the 21st to the 31st; an act (no fee days);
        // items of the 10th to the 20th (resumed after the run) and of the 25th to the 26th (the race billed them twice).
        await InsertDocumentAsync(invoice, contract, kind: 0, """{"lines":[],"feeDays":[{"from":"2026-12-01","to":"2026-12-09"},{"from":"2026-12-21","to":"2026-12-31"}]}""");
        await InsertDocumentAsync(Guid.NewGuid(), contract, kind: 1, """{"lines":[]}""");
        await InsertItemAsync(contract, $"{contract}/2026-12/10-20");
        await InsertItemAsync(contract, $"{contract}/2026-12/25-26");
        await InsertItemAsync(other, $"{other}/2027-02/27-28");

        await new SchemaMigrator(Database.Options, [new BillingSchema()], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        Assert.Equal(31, await ScalarAsync($"SELECT count(*) FROM {Table} WHERE contract_id = {Id(contract)}"));
        Assert.Equal(20, await ScalarAsync($"SELECT count(*) FROM {Table} WHERE contract_id = {Id(contract)} AND claimed_by = 'invoice:{invoice}'"));
        Assert.Equal(11, await ScalarAsync($"SELECT count(*) FROM {Table} WHERE contract_id = {Id(contract)} AND claimed_by = 'item:{contract}/2026-12/10-20'"));
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM {Table} WHERE claimed_by = 'item:{contract}/2026-12/25-26'"));
        Assert.Equal(2, await ScalarAsync($"SELECT count(*) FROM {Table} WHERE contract_id = {Id(other)} AND day >= {Date("2027-02-27")} AND day <= {Date("2027-02-28")}"));

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync(
            $"INSERT INTO {Table} (contract_id, day, claimed_by) VALUES ({Id(contract)}, {Date("2026-12-15")}, 'item:again')"));
    }

    private string Table => new ModuleTables(Provider, BillingSchema.Name).Sql("fee_days");

    private string Tables(string name) => new ModuleTables(Provider, BillingSchema.Name).Sql(name);

    private string Id(Guid id) => Provider == DatabaseProvider.PostgreSql ? $"'{id}'::uuid" : $"'{Database.Options.DbId(id)}'";

    private string Date(string day) => Provider == DatabaseProvider.PostgreSql ? $"DATE '{day}'" : $"'{day}'";

    private Task InsertDocumentAsync(Guid id, Guid contract, int kind, string body) => ExecuteAsync($"""
        INSERT INTO {Tables("documents")} (id, kind, status, client_id, contract_id, period, issued_on, net, vat, total, body, version, created_at, updated_at)
        VALUES ({Id(id)}, {kind}, 0, {Id(Guid.NewGuid())}, {Id(contract)}, {Date("2026-12-01")}, {Date("2026-12-01")}, 100, 20, 120, '{body}', 1,
            {Moment}, {Moment})
        """);

    private Task InsertItemAsync(Guid contract, string key) => ExecuteAsync($"""
        INSERT INTO {Tables("unbilled_items")} (id, source, source_key, client_id, contract_id, period, description, quantity, unit, price, found_at)
        VALUES ({Id(Guid.NewGuid())}, 2, '{key}', {Id(Guid.NewGuid())}, {Id(contract)}, {Date(key.Split('/')[1] + "-01")}, 'Абонентське обслуговування', 1, 'міс.', 100,
            {Moment})
        """);

    private string Moment => Provider == DatabaseProvider.PostgreSql ? "now()" : "'2026-12-05T10:00:00.000Z'";
}

public sealed class SqliteFeeDayClaimsMigrationTests() : FeeDayClaimsMigrationTests(DatabaseProvider.Sqlite);

public sealed class PostgresFeeDayClaimsMigrationTests() : FeeDayClaimsMigrationTests(DatabaseProvider.PostgreSql);
