using FluentValidation;

namespace OrleansCrm.BuildingBlocks.Names;

/// <summary>The validator every <see cref="INamesQuery"/> gets: ids present, and not more than <see cref="INamesQuery.Max"/>.</summary>
public abstract class NamesQueryValidator<TQuery> : AbstractValidator<TQuery>
    where TQuery : INamesQuery
{
    protected NamesQueryValidator()
    {
        RuleFor(q => q.Ids).NotNull();
        RuleFor(q => q.Ids.Count).LessThanOrEqualTo(INamesQuery.Max).When(q => q.Ids is not null);
    }
}

/// <summary>How a names query's handler reads its table: distinct ids, in IN lists well under both databases' parameter limits.</summary>
public static class NamesLookup
{
    /// <summary>Ids per IN list.</summary>
    public const int Batch = 500;

    public static async Task<IReadOnlyDictionary<Guid, string>> ReadAsync(
        IReadOnlyCollection<Guid> ids,
        Func<Guid[], CancellationToken, Task<IEnumerable<KeyValuePair<Guid, string>>>> readBatch,
        CancellationToken cancellationToken)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var batch in ids.Distinct().Chunk(Batch))
        {
            foreach (var (id, name) in await readBatch(batch, cancellationToken))
            {
                names[id] = name;
            }
        }

        return names;
    }
}
