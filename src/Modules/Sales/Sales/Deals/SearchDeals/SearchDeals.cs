using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Access;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.SearchDeals;

/// <summary>
/// The deal list from sales.deals (no grain is activated): filters combine; <see cref="Search"/> matches the title;
/// <see cref="Sort"/> is one of <see cref="SearchDealsHandler.SortKeys"/> with a leading '-' for descending (default: the
/// latest changed first). A Manager sees their own deals only.
/// </summary>
public sealed record SearchDeals(
    Guid? PipelineId, string? Stage, Guid? OwnerId, Guid? ClientId, DealStatus? Status, string? Search, string? Sort, int Page, int PageSize,
    [property: JsonIgnore] DealViewer Viewer) : IQuery<DealPage>;

public sealed record DealPage(IReadOnlyList<DealSummary> Items, int Total, int Page, int PageSize);

/// <summary>A deal as the list and the kanban show it.</summary>
public sealed record DealSummary(
    Guid Id, int Version, Guid PipelineId, string Stage, DealStatus Status, Guid ClientId, string Title, decimal Amount, string Currency,
    string? Channel, string? Source, Guid OwnerId, DateOnly? ExpectedCloseOn, DateOnly? PausedUntil, decimal? WonAmount, string? LostReason,
    DateTimeOffset? ClosedAt, DateTimeOffset UpdatedAt);

public sealed class SearchDealsValidator : AbstractValidator<SearchDeals>
{
    public const int MaxPageSize = 500;

    public SearchDealsValidator()
    {
        RuleFor(q => q.Status).Known();
        RuleFor(q => q.Stage).AtMost(64);
        RuleFor(q => q.Search).AtMost(200);
        RuleFor(q => q.Sort).Must(s => s is null || SearchDealsHandler.SortKeys.ContainsKey(s.TrimStart('-')))
            .WithText(SalesTexts.Code("SortInvalid"), (_, _) => [string.Join(", ", SearchDealsHandler.SortKeys.Keys)]);
        RuleFor(q => q.Page).Page();
        RuleFor(q => q.PageSize).Within(1, MaxPageSize);
    }
}

public sealed class SearchDealsHandler(SalesDb db, ISender sender) : IQueryHandler<SearchDeals, DealPage>
{
    public static readonly IReadOnlyDictionary<string, string> SortKeys = new Dictionary<string, string>
    {
        ["title"] = "title",
        ["amount"] = "amount",
        ["expectedCloseOn"] = "expected_close_on",
        ["createdAt"] = "created_at",
        ["updatedAt"] = "updated_at",
        ["stage"] = "stage",
    };

    public async ValueTask<DealPage> Handle(SearchDeals query, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        var values = new List<(string, object?)>();
        void Filter(string condition, string name, object? value)
        {
            where.Add(condition);
            values.Add((name, value));
        }

        var owner = query.Viewer.OwnerScope ?? query.OwnerId;
        if (query.Viewer.OwnerScope is { } mine && query.OwnerId is { } asked && asked != mine)
        {
            return new DealPage([], 0, query.Page, query.PageSize); // a Manager asking for a colleague's deals sees none
        }

        if (await query.Viewer.ClientScopeAsync(sender, cancellationToken) is { } clients)
        {
            if (clients.Count == 0 || (query.ClientId is { } one && !clients.Contains(one)))
            {
                return new DealPage([], 0, query.Page, query.PageSize); // works with no client (of those asked for)
            }

            var names = clients.Select((c, i) => (Name: $"sc{i}", Value: db.Id(c))).ToList();
            where.Add($"client_id IN ({string.Join(", ", names.Select(n => "@" + n.Name))})");
            values.AddRange(names.Select(n => (n.Name, (object?)n.Value)));
        }

        if (owner is { } o) Filter("owner_id = @owner", "owner", db.Id(o));
        if (query.PipelineId is { } p) Filter("pipeline_id = @pipeline", "pipeline", db.Id(p));
        if (query.Stage is { } s) Filter("stage = @stage", "stage", s);
        if (query.ClientId is { } c) Filter("client_id = @client", "client", db.Id(c));
        if (query.Status is { } st) Filter("status = @status", "status", (int)st);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            Filter("search_text LIKE @search", "search", "%" + query.Search.Trim().ToLowerInvariant().Replace("%", "").Replace("_", "") + "%");
        }

        var condition = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        var sort = query.Sort ?? "-updatedAt";
        var order = $"{SortKeys[sort.TrimStart('-')]} {(sort.StartsWith('-') ? "DESC" : "ASC")}, id";

        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var count = ModuleDb.Command(connection, null, $"SELECT COUNT(*) FROM {db.Deals} {condition}", [.. values]);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken));

        await using var select = ModuleDb.Command(connection, null, $"""
            SELECT id, version, pipeline_id, stage, status, client_id, title, amount, currency, channel, source, owner_id, expected_close_on,
                paused_until, won_amount, lost_reason, closed_at, updated_at
            FROM {db.Deals} {condition} ORDER BY {order} LIMIT @take OFFSET @skip
            """, [.. values, ("take", query.PageSize), ("skip", (query.Page - 1) * query.PageSize)]);
        var items = new List<DealSummary>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new DealSummary(
                ModuleDb.ReadId(reader, 0), Convert.ToInt32(reader.GetValue(1)), ModuleDb.ReadId(reader, 2), reader.GetString(3),
                (DealStatus)Convert.ToInt32(reader.GetValue(4)), ModuleDb.ReadId(reader, 5), reader.GetString(6), SalesDb.Hryvnias(Convert.ToInt64(reader.GetValue(7))),
                reader.GetString(8), ModuleDb.ReadText(reader, 9), ModuleDb.ReadText(reader, 10), ModuleDb.ReadId(reader, 11), ModuleDb.ReadDate(reader, 12),
                ModuleDb.ReadDate(reader, 13), reader.IsDBNull(14) ? null : SalesDb.Hryvnias(Convert.ToInt64(reader.GetValue(14))), ModuleDb.ReadText(reader, 15),
                reader.IsDBNull(16) ? null : ModuleDb.ReadMoment(reader, 16), ModuleDb.ReadMoment(reader, 17)));
        }

        return new DealPage(items, total, query.Page, query.PageSize);
    }
}
