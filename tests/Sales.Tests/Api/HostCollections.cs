using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Api;

[CollectionDefinition(Name)]
public sealed class SqliteHostCollection : ICollectionFixture<SqliteHostFixture>
{
    public const string Name = "sales on sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresHostCollection : ICollectionFixture<PostgresHostFixture>
{
    public const string Name = "sales on postgresql";
}
