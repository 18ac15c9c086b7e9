using Npgsql;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Host.Tests.Persistence;

public sealed class DatabaseConnectionsTests
{
    [Fact]
    public void PostgreSQL_connections_prepare_statements_and_skip_the_reset_unless_the_string_says_otherwise()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseConnections.TunePostgres("Host=127.0.0.1;Username=crm"));
        var chosen = new NpgsqlConnectionStringBuilder(DatabaseConnections.TunePostgres("Host=127.0.0.1;Username=crm;Max Auto Prepare=0;NoResetOnClose=false"));

        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(5, tuned.Timeout);
        Assert.Equal(64 * 1024, tuned.ReadBufferSize);
        Assert.Equal(0, chosen.MaxAutoPrepare);
        Assert.False(chosen.NoResetOnClose);
    }
}
