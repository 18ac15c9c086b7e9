using System.Runtime.CompilerServices;
using System.Text;

namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// A statement's SQL with its named parameters (<c>@name</c>) turned into PostgreSQL's positional ones (<c>$1</c>),
/// and the names in their positions. Npgsql sends positional SQL as it is; named SQL it parses and rewrites on every
/// execution, allocating the rewritten text each time (a few kilobytes per ticket in the group commit's batches).
/// Converted once per SQL string instance: keep a statement's SQL in a field, not built per call.
/// </summary>
public sealed class PositionalSql
{
    private static readonly ConditionalWeakTable<string, PositionalSql> Converted = new();

    private PositionalSql(string sql, string[] names)
    {
        Sql = sql;
        Names = names;
    }

    /// <summary>The SQL with <c>$1</c>, <c>$2</c>… in place of the names.</summary>
    public string Sql { get; }

    /// <summary>The parameter name (with its <c>@</c>) each position stands for, in order of first use.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The conversion of this very string, made once and kept as long as the string lives.</summary>
    public static PositionalSql Of(string namedSql) => Converted.GetValue(namedSql, Convert);

    /// <summary>
    /// Replaces each <c>@name</c> outside string literals, quoted identifiers and comments; a name used twice gets the
    /// same position. <c>@</c> not followed by a letter or underscore (an operator such as <c>@&gt;</c>) is left alone.
    /// </summary>
    public static PositionalSql Convert(string namedSql)
    {
        var sql = new StringBuilder(namedSql.Length);
        var names = new List<string>();
        var i = 0;
        while (i < namedSql.Length)
        {
            var c = namedSql[i];
            if (c is '\'' or '"')
            {
                var end = namedSql.IndexOf(c, i + 1); // a doubled quote inside is two literals back to back: same text
                end = end < 0 ? namedSql.Length : end + 1;
                sql.Append(namedSql, i, end - i);
                i = end;
            }
            else if (c == '-' && i + 1 < namedSql.Length && namedSql[i + 1] == '-')
            {
                var end = namedSql.IndexOf('\n', i);
                end = end < 0 ? namedSql.Length : end;
                sql.Append(namedSql, i, end - i);
                i = end;
            }
            else if (c == '/' && i + 1 < namedSql.Length && namedSql[i + 1] == '*')
            {
                var end = namedSql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? namedSql.Length : end + 2;
                sql.Append(namedSql, i, end - i);
                i = end;
            }
            else if (c == '@' && i + 1 < namedSql.Length && (char.IsAsciiLetter(namedSql[i + 1]) || namedSql[i + 1] == '_'))
            {
                var end = i + 1;
                while (end < namedSql.Length && (char.IsAsciiLetterOrDigit(namedSql[end]) || namedSql[end] == '_'))
                {
                    end++;
                }

                var name = namedSql[i..end];
                var position = names.IndexOf(name);
                if (position < 0)
                {
                    names.Add(name);
                    position = names.Count - 1;
                }

                sql.Append('$').Append(position + 1);
                i = end;
            }
            else
            {
                sql.Append(c);
                i++;
            }
        }

        return new PositionalSql(sql.ToString(), [.. names]);
    }

    /// <summary>
    /// The statement's value for <paramref name="position"/> (0-based). Statements usually add their parameters in the
    /// order the SQL first uses them, which is tried first; otherwise the name is looked up.
    /// </summary>
    public object? Value(SqlStatement statement, int position)
    {
        var parameters = statement.Parameters;
        var name = Names[position];
        if (position < parameters.Count && string.Equals(parameters[position].Key, name, StringComparison.Ordinal))
        {
            return parameters[position].Value;
        }

        foreach (var (key, value) in parameters)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        throw new InvalidOperationException($"The statement uses {name} but has no value for it: {statement.Sql}");
    }
}
