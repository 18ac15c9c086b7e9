using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Storage;

/// <summary>The module's tables come with the host on each database, and a deal's stay in a stage is recorded once per sequence number.</summary>
public abstract class StageHistoryTableTests(HostFixture fixture)
{
    [Fact]
    public async Task A_stay_in_a_stage_is_stored_once_per_sequence_number()
    {
        var db = fixture.Host.HostServices.GetRequiredService<SalesDb>();
        var deal = Guid.NewGuid();
        await using var connection = await db.OpenAsync();
        var insert = $"INSERT INTO {db.DealStages} (deal_id, seq, pipeline_id, stage, entered_at) VALUES (@deal, 1, @pipeline, 'new', @at)";
        (string, object?)[] values = [("deal", db.Id(deal)), ("pipeline", db.Id(Guid.NewGuid())), ("at", db.Moment(DateTimeOffset.UtcNow))];

        Assert.Equal(1, await ModuleDb.ExecuteAsync(connection, null, insert, CancellationToken.None, values));
        var repeat = await Assert.ThrowsAnyAsync<Exception>(() => ModuleDb.ExecuteAsync(connection, null, insert, CancellationToken.None, values));
        Assert.True(ModuleDb.IsUniqueViolation(repeat), repeat.Message);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class StageHistoryTableOnSqlite(SqliteHostFixture fixture) : StageHistoryTableTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class StageHistoryTableOnPostgres(PostgresHostFixture fixture) : StageHistoryTableTests(fixture);
