using FluentValidation;

namespace OrleansCrm.BuildingBlocks.Validation;

/// <summary>The rules every list's paging follows.</summary>
public static class Paging
{
    /// <summary>
    /// The last page a list may ask for: far beyond any real list, and low enough that the offset (page − 1) × page size
    /// stays an int. A larger page overflowed into a negative OFFSET, which PostgreSQL refuses with an error (a 500).
    /// </summary>
    public const int MaxPage = 100_000;

    /// <summary>A page number from 1 to <see cref="MaxPage"/>.</summary>
    public static IRuleBuilderOptions<T, int> ValidPage<T>(this IRuleBuilder<T, int> rule) => rule.InclusiveBetween(1, MaxPage);
}
