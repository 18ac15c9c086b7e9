using System.Data.Common;
using FluentValidation;
using Mediator;
using OrleansCrm.Audit.Texts;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;

namespace OrleansCrm.Audit.SearchAudit;

/// <summary>One entry of the audit log as the API and the page show it; <see cref="ActorId"/> is null for the product itself.</summary>
public sealed record AuditItem(
    Guid Id,
    string Entity,
    string EntityId,
    int? Version,
    string Module,
    string? ActorId,
    string ActorName,
    DateTimeOffset At,
    string Action,
    IReadOnlyList<AuditChange> Changes);

public sealed record AuditPage(IReadOnlyList<AuditItem> Items, int Total, int Page, int PageSize);

/// <summary>
/// The audit log, newest first: <see cref="Entity"/> (<c>client</c>, <c>ticket</c>, <c>specialist</c>, <c>user</c>) and
/// <see cref="Id"/> narrow it to one thing, <see cref="Actor"/> to one user's name (or <c>system:…</c>), <see cref="From"/>
/// and <see cref="To"/> to a period (from included, to excluded). Director and Admin only.
/// </summary>
public sealed record SearchAudit(string? Entity, string? Id, string? Actor, DateTimeOffset? From, DateTimeOffset? To, int Page = 1, int PageSize = 50)
    : IQuery<AuditPage>
{
    public Caller Caller { get; init; } = new("anonymous", [], null);

    /// <summary>Who may read the audit log.</summary>
    public static readonly string[] Readers = [CrmRoles.Director, CrmRoles.Admin];
}

public sealed class SearchAuditValidator : AbstractValidator<SearchAudit>
{
    public const int MaxPageSize = 200;

    public SearchAuditValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
        RuleFor(q => q.Entity).MaximumLength(40).Matches("^[a-z][a-z0-9_-]*$").When(q => !string.IsNullOrEmpty(q.Entity));
        RuleFor(q => q.Id).MaximumLength(64);
        RuleFor(q => q.Id).Empty().When(q => string.IsNullOrEmpty(q.Entity)).WithMessage("'id' goes with 'entity'.");
        RuleFor(q => q.Actor).MaximumLength(200);
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null);
    }
}

public sealed class SearchAuditHandler(AuditLog log) : IQueryHandler<SearchAudit, AuditPage>
{
    public async ValueTask<AuditPage> Handle(SearchAudit query, CancellationToken cancellationToken)
    {
        if (!SearchAudit.Readers.Any(query.Caller.IsIn))
        {
            throw new ForbiddenException(AuditTexts.Say("ForAuditorsOnly"));
        }

        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        if (!string.IsNullOrEmpty(query.Entity))
        {
            where.Add("entity = @entity");
            parameters.Add(("@entity", query.Entity));
        }

        if (!string.IsNullOrWhiteSpace(query.Id))
        {
            // Grain ids are stored as lower-case Guids; a Guid typed in another form still finds them.
            where.Add("entity_id = @entity_id");
            parameters.Add(("@entity_id", Guid.TryParse(query.Id.Trim(), out var guid) ? guid.ToString() : query.Id.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            where.Add("lower(actor_name) = @actor");
            parameters.Add(("@actor", query.Actor.Trim().ToLowerInvariant()));
        }

        if (query.From is { } from)
        {
            where.Add("at >= @from");
            parameters.Add(("@from", from.ToUnixTimeMilliseconds()));
        }

        if (query.To is { } to)
        {
            where.Add("at < @to");
            parameters.Add(("@to", to.ToUnixTimeMilliseconds()));
        }

        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        await using var connection = DatabaseConnections.Create(log.Database);
        await connection.OpenAsync(cancellationToken);

        await using var count = Command(connection, $"SELECT count(*) FROM {log.Table} {filter}", parameters);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

        await using var select = Command(connection, $"""
            SELECT id, entity, entity_id, version, module, actor_id, actor_name, at, action, changes FROM {log.Table} {filter}
            ORDER BY at DESC, id LIMIT @limit OFFSET @offset
            """, [.. parameters, ("@limit", query.PageSize), ("@offset", (long)(query.Page - 1) * query.PageSize)]);
        var items = new List<AuditItem>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new AuditItem(
                reader.GetFieldValue<object>(0) is Guid id ? id : Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetString(2),
                await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetInt32(3),
                reader.GetString(4),
                await reader.IsDBNullAsync(5, cancellationToken) ? null : reader.GetString(5),
                reader.GetString(6),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                reader.GetString(8),
                AuditLog.Deserialize(reader.GetString(9))));
        }

        return new AuditPage(items, total, query.Page, query.PageSize);
    }

    private static DbCommand Command(DbConnection connection, string sql, IEnumerable<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }
}
