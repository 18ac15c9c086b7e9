using OrleansCrm.Testing;

namespace OrleansCrm.Clients.Tests.Api;

[CollectionDefinition(Name)]
public sealed class SqliteHostCollection : ICollectionFixture<SqliteHostFixture>
{
    public const string Name = "clients on sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresHostCollection : ICollectionFixture<PostgresHostFixture>
{
    public const string Name = "clients on postgresql";
}
