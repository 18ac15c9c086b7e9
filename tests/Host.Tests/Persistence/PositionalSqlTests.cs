using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Host.Tests.Persistence;

/// <summary>Named parameters turned into PostgreSQL's positional ones, as the group commit sends them.</summary>
public sealed class PositionalSqlTests
{
    [Fact]
    public void Names_become_positions_in_order_of_first_use_and_a_repeated_name_keeps_its_position()
    {
        var sql = PositionalSql.Convert("UPDATE t SET a = @a, b = @b_2 WHERE id = @id AND a <> @a");

        Assert.Equal("UPDATE t SET a = $1, b = $2 WHERE id = $3 AND a <> $1", sql.Sql);
        Assert.Equal(["@a", "@b_2", "@id"], sql.Names);
    }

    [Fact]
    public void Literals_quoted_identifiers_comments_casts_and_operators_are_left_alone()
    {
        var sql = PositionalSql.Convert("""
            SELECT '@not' || 'it''s @no', "@col", x::int, tags @> @tags -- @comment
            /* @block */ FROM t WHERE y = @y
            """);

        Assert.Equal("""
            SELECT '@not' || 'it''s @no', "@col", x::int, tags @> $1 -- @comment
            /* @block */ FROM t WHERE y = $2
            """, sql.Sql);
        Assert.Equal(["@tags", "@y"], sql.Names);
    }

    [Fact]
    public void Values_follow_the_positions_whatever_order_the_statement_added_them_in()
    {
        var statement = new SqlStatement("INSERT INTO t (a, b) VALUES (@a, @b) ON CONFLICT (a) DO UPDATE SET b = @b").Add("@b", "two").Add("@a", 1);
        var sql = PositionalSql.Of(statement.Sql);

        Assert.Equal([1, "two"], Enumerable.Range(0, sql.Names.Count).Select(position => sql.Value(statement, position)));
        Assert.Same(sql, PositionalSql.Of(statement.Sql)); // converted once per string
    }

    [Fact]
    public void A_statement_without_a_value_for_a_name_it_uses_is_refused_with_the_name()
    {
        var statement = new SqlStatement("DELETE FROM t WHERE id = @id");

        var refused = Assert.Throws<InvalidOperationException>(() => PositionalSql.Of(statement.Sql).Value(statement, 0));

        Assert.Contains("@id", refused.Message);
    }
}
