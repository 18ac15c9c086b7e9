using OrleansCrm.BuildingBlocks.Persistence;
using Xunit;

namespace OrleansCrm.Testing;

/// <summary>A database for one fixture: a temporary SQLite file, or a fresh PostgreSQL database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? folder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            return new TestDatabase(provider, await PostgresServer.CreateDatabaseAsync(), null);
        }

        var folder = Path.Combine(Path.GetTempPath(), "orleanscrm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestDatabase(provider, $"Data Source={Path.Combine(folder, "crm.db")}", folder);
    }

    public DatabaseOptions Options => new() { Provider = Provider, ConnectionString = ConnectionString };

    public CrmHost StartHost(IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        new(Provider, ConnectionString, settings, services);

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            await PostgresServer.DropDatabaseAsync(ConnectionString);
        }
        else if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // a file still open on a slow shutdown is left in the temp folder
            }
        }
    }
}

/// <summary>One running host per database kind, shared by the test classes of a collection.</summary>
public abstract class HostFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public CrmHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public DatabaseProvider Provider => provider;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        Host = Database.StartHost();
        Http = Host.Http();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class SqliteHostFixture() : HostFixture(DatabaseProvider.Sqlite);

public sealed class PostgresHostFixture() : HostFixture(DatabaseProvider.PostgreSql);

/// <summary>A test class with a database of its own per test, created before and dropped after each test.</summary>
public abstract class DatabaseTest(DatabaseProvider provider) : IAsyncLifetime
{
    protected DatabaseProvider Provider => provider;

    protected TestDatabase Database { get; private set; } = null!;

    private GroupCommitWriter? _projections;

    public virtual async Task InitializeAsync() => Database = await TestDatabase.CreateAsync(provider);

    public virtual async Task DisposeAsync()
    {
        if (_projections is not null)
        {
            await _projections.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    /// <summary>The read-model writer projections go through, on the test's database (made on first use).</summary>
    protected GroupCommitWriter Projections => _projections ??= new GroupCommitWriter(Database.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<GroupCommitWriter>.Instance);

    /// <summary>Runs one SQL statement on the test's database.</summary>
    protected async Task ExecuteAsync(string sql)
    {
        await using var connection = DatabaseConnections.Create(Database.Options);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A number one SQL query reads from the test's database.</summary>
    protected async Task<long> ScalarAsync(string sql)
    {
        await using var connection = DatabaseConnections.Create(Database.Options);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
