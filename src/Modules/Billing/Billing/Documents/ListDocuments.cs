using System.Globalization;
using System.Text;
using FluentValidation;
using Mediator;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;

namespace OrleansCrm.Billing.Documents;

/// <summary>A row of the documents list.</summary>
public sealed record DocumentSummary(
    Guid Id, string? Number, DocumentKind Kind, Guid ClientId, string? ClientName, Guid? ContractId, string? Period,
    DateOnly? IssuedOn, DateOnly? DueOn, decimal Total, decimal Vat, decimal Paid, DocumentStatus Status, int Version);

public sealed record DocumentPage(IReadOnlyList<DocumentSummary> Items, int Total);

/// <summary>
/// <c>GET /api/invoices</c>: documents of every kind (invoices, acts, proposals) filtered by client, status, period
/// (<c>2026-12</c>), kind and a search over number and client name; <see cref="Sort"/> one of <see cref="Sorts"/>
/// with a leading '-' for descending (newest first by default). A Manager sees only their own clients' documents.
/// </summary>
public sealed record ListDocuments(
    MoneyCaller Caller, Guid? ClientId = null, DocumentStatus? Status = null, string? Period = null, DocumentKind? Kind = null,
    string? Search = null, string? Sort = null, int Page = 1, int PageSize = 20) : IQuery<DocumentPage>
{
    public static readonly IReadOnlyList<string> Sorts = ["number", "issuedOn", "dueOn", "total", "status", "client"];

    public static bool IsSort(string? sort) => sort is null || Sorts.Contains(sort.TrimStart('-'), StringComparer.Ordinal);
}

public sealed class ListDocumentsValidator : AbstractValidator<ListDocuments>
{
    public ListDocumentsValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.Kind).IsInEnum();
        RuleFor(q => q.Search).MaximumLength(200);
        RuleFor(q => q.Period).Must(p => p is null || BillingPeriods.TryParse(p, out _)).WithText(BillingTexts.Code("PeriodInvalid"));
        RuleFor(q => q.Sort).Must(ListDocuments.IsSort).WithText(BillingTexts.Code("SortInvalid"), string.Join(", ", ListDocuments.Sorts));
    }
}

public sealed class ListDocumentsHandler(BillingDb db, DocumentAccess access) : IQueryHandler<ListDocuments, DocumentPage>
{
    public async ValueTask<DocumentPage> Handle(ListDocuments query, CancellationToken cancellationToken)
    {
        var where = new StringBuilder(" WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        var visible = await access.VisibleClientsAsync(query.Caller, cancellationToken);
        if (visible is not null)
        {
            if (visible.Count == 0)
            {
                return new DocumentPage([], 0);
            }

            where.Append(" AND client_id IN (").AppendJoin(", ", visible.Select((_, i) => $"@c{i}")).Append(')');
            parameters.AddRange(visible.Select((id, i) => ($"@c{i}", (object?)db.Id(id))));
        }

        if (query.ClientId is { } clientId)
        {
            where.Append(" AND client_id = @client_id");
            parameters.Add(("@client_id", db.Id(clientId)));
        }

        if (query.Status is { } status)
        {
            where.Append(" AND status = @status");
            parameters.Add(("@status", (short)status));
        }

        if (query.Kind is { } kind)
        {
            where.Append(" AND kind = @kind");
            parameters.Add(("@kind", (short)kind));
        }

        if (query.Period is { } text && BillingPeriods.TryParse(text, out var period))
        {
            // A run document carries its period; any other document counts in the month it is dated.
            where.Append(" AND (period = @period OR period IS NULL AND issued_on >= @period AND issued_on < @next)");
            parameters.Add(("@period", db.Date(period)));
            parameters.Add(("@next", db.Date(period.AddMonths(1))));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            where.Append(" AND search_text LIKE @search ESCAPE '\\'");
            parameters.Add(("@search", "%" + Escape(query.Search.Trim().ToLowerInvariant()) + "%"));
        }

        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        var table = db.Table("documents");
        int total;
        await using (var count = BillingDb.Command(connection, null, $"SELECT count(*) FROM {table}{where}", [.. parameters]))
        {
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var sql = $"""
            SELECT id, number, kind, client_id, client_name, contract_id, period, issued_on, due_on, total, vat, paid, status, version
            FROM {table}{where} ORDER BY {Order(query.Sort)}, id LIMIT @take OFFSET @skip
            """;
        await using var select = BillingDb.Command(connection, null, sql, [.. parameters, ("@take", query.PageSize), ("@skip", (query.Page - 1) * query.PageSize)]);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var items = new List<DocumentSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var periodOf = BillingDb.ReadDate(reader, 6);
            items.Add(new DocumentSummary(
                BillingDb.ReadId(reader, 0),
                BillingDb.ReadText(reader, 1),
                (DocumentKind)Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                BillingDb.ReadId(reader, 3),
                BillingDb.ReadText(reader, 4),
                BillingDb.ReadNullableId(reader, 5),
                periodOf is { } p ? BillingPeriods.Key(p) : null,
                BillingDb.ReadDate(reader, 7),
                BillingDb.ReadDate(reader, 8),
                BillingDb.Hryvnias(reader.GetInt64(9)),
                BillingDb.Hryvnias(reader.GetInt64(10)),
                BillingDb.Hryvnias(reader.GetInt64(11)),
                (DocumentStatus)Convert.ToInt32(reader.GetValue(12), CultureInfo.InvariantCulture),
                reader.GetInt32(13)));
        }

        return new DocumentPage(items, total);
    }

    private static string Order(string? sort)
    {
        var descending = sort is ['-', ..];
        var direction = descending ? " DESC" : "";
        return (descending ? sort![1..] : sort) switch
        {
            "number" => $"kind{direction}, year{direction}, seq{direction}",
            "issuedOn" => $"issued_on{direction}",
            "dueOn" => $"due_on{direction}",
            "total" => $"total{direction}",
            "status" => $"status{direction}",
            "client" => $"client_name{direction}",
            _ => "issued_on DESC, created_at DESC",
        };
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}

/// <summary>A billing period is a calendar month, written <c>2026-12</c>, stored as its first day.</summary>
public static class BillingPeriods
{
    public static bool TryParse(string? text, out DateOnly period)
    {
        period = default;
        if (text is null || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            || first.Year < 2000 || first.Year > 2100)
        {
            return false;
        }

        period = first;
        return true;
    }

    public static string Key(DateOnly period) => period.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static DateOnly Of(DateOnly date) => new(date.Year, date.Month, 1);
}
