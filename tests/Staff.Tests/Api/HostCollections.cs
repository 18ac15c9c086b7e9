using OrleansCrm.Testing;

namespace OrleansCrm.Staff.Tests.Api;

[CollectionDefinition(Name)]
public sealed class SqliteHostCollection : ICollectionFixture<SqliteHostFixture>
{
    public const string Name = "staff on sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresHostCollection : ICollectionFixture<PostgresHostFixture>
{
    public const string Name = "staff on postgresql";
}
