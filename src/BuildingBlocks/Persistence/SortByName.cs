using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// One page of rows sorted by the name of a key another module owns (a ticket's client or assignee, a client's manager),
/// without a join across modules and without a copy of the name to keep in step with renames. The rows are counted per
/// key (one grouped query), the owner names the keys, the keys are put in name order in the user's culture, and only the
/// rows of the keys the page covers are read (at most three more queries, each bounded by the page).
/// </summary>
public static class SortByName
{
    /// <summary>Keys per call of the names query (the contracts' name queries take up to 5,000).</summary>
    private const int NamesPerCall = 1000;

    /// <param name="rows">The filtered rows.</param>
    /// <param name="key">The key the name belongs to; rows without one (null) come after every name, first when descending.</param>
    /// <param name="namesOf">The names of the keys, asked for <see cref="NamesPerCall"/> at most at a time (a key it leaves out sorts by its text).</param>
    /// <param name="within">The order of the rows that share a key (it must be total: end with the row's id).</param>
    public static async Task<List<TRow>> PageAsync<TRow, TKey>(
        IQueryable<TRow> rows,
        Expression<Func<TRow, TKey?>> key,
        Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, string>>> namesOf,
        Func<IQueryable<TRow>, IOrderedQueryable<TRow>> within,
        bool descending,
        int skip,
        int take,
        CancellationToken cancellationToken)
        where TKey : struct
    {
        var counts = await rows.GroupBy(key).Select(g => new KeyCount<TKey>(g.Key, g.Count())).ToListAsync(cancellationToken);
        var known = counts.Where(c => c.Key is not null).Select(c => c.Key!.Value).ToList();
        var names = new Dictionary<TKey, string>();
        foreach (var chunk in known.Chunk(NamesPerCall))
        {
            foreach (var (k, name) in await namesOf(chunk, cancellationToken))
            {
                names[k] = name;
            }
        }

        var comparer = StringComparer.Create(CultureInfo.CurrentCulture, CompareOptions.IgnoreCase);
        var ordered = counts
            .OrderBy(c => c.Key is null)
            .ThenBy(c => c.Key is { } k ? names.GetValueOrDefault(k) ?? k.ToString() : "", comparer)
            .ThenBy(c => c.Key?.ToString(), StringComparer.Ordinal)
            .ToList();
        if (descending)
        {
            ordered.Reverse();
        }

        // The keys the page covers: where each starts within its own rows, and how many of them the page takes.
        var slices = new List<(TKey? Key, int Skip, int Take, int Count)>();
        var position = 0;
        foreach (var count in ordered)
        {
            var end = position + count.Count;
            if (end > skip && position < skip + take)
            {
                var from = Math.Max(0, skip - position);
                slices.Add((count.Key, from, Math.Min(end, skip + take) - position - from, count.Count));
            }

            position = end;
        }

        var page = new List<TRow>(take);
        var rank = new Dictionary<TKey, int>();
        var whole = new List<TKey?>();
        foreach (var slice in slices)
        {
            if (slice.Skip == 0 && slice.Take == slice.Count)
            {
                whole.Add(slice.Key);
                continue;
            }

            // A key cut by the page's edge (the first or the last): its own rows, offset within them.
            await AddWholeAsync();
            page.AddRange(await within(rows.Where(Equal(key, slice.Key))).Skip(slice.Skip).Take(slice.Take).ToListAsync(cancellationToken));
        }

        await AddWholeAsync();
        return page;

        // The keys inside the page, read together and put in name order here (the sort is stable: within stays).
        async Task AddWholeAsync()
        {
            if (whole.Count == 0)
            {
                return;
            }

            for (var i = 0; i < whole.Count; i++)
            {
                if (whole[i] is { } k)
                {
                    rank[k] = i;
                }
            }

            var read = await within(rows.Where(In(key, whole))).ToListAsync(cancellationToken);
            var keyOf = key.Compile();
            page.AddRange(read.OrderBy(r => keyOf(r) is { } k ? rank[k] : whole.IndexOf(null)));
            whole.Clear();
            rank.Clear();
        }
    }

    private static Expression<Func<TRow, bool>> Equal<TRow, TKey>(Expression<Func<TRow, TKey?>> key, TKey? value)
        where TKey : struct =>
        Expression.Lambda<Func<TRow, bool>>(
            Expression.Equal(key.Body, Expression.Property(Expression.Constant(new Boxed<TKey?>(value)), nameof(Boxed<TKey?>.Value))),
            key.Parameters);

    private static Expression<Func<TRow, bool>> In<TRow, TKey>(Expression<Func<TRow, TKey?>> key, List<TKey?> values)
        where TKey : struct =>
        Expression.Lambda<Func<TRow, bool>>(
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TKey?)],
                Expression.Property(Expression.Constant(new Boxed<List<TKey?>>([.. values])), nameof(Boxed<List<TKey?>>.Value)), key.Body),
            key.Parameters);

    /// <summary>A value read through a property, so that the query sends it as a parameter rather than as a literal.</summary>
    private sealed record Boxed<T>(T Value);

    private sealed record KeyCount<TKey>(TKey? Key, int Count)
        where TKey : struct;
}
