using System.Data.Common;
using System.Text;
using System.Text.Json;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Agreements.ReadModel;

/// <summary>A contract as its list row holds it: what lists, the billing run and the daily job read.</summary>
public sealed record ContractRow(
    Guid Id, int Version, string Number, Guid ClientId, string ClientName, Guid? ManagerId, ContractKind Kind, ContractStatus Status,
    DateOnly SignedOn, DateOnly StartsOn, DateOnly EndsOn, bool AutoRenew, DateOnly? ActivatedOn, DateOnly? TerminatedOn,
    decimal MonthlyFee, decimal IncludedHours, IReadOnlyList<ContractTerms> Terms, IReadOnlyList<SuspensionPeriod> Suspensions)
{
    public ContractSummary ToSummary() => new(Id, Version, Number, ClientId, ClientName, Kind, Status, StartsOn, EndsOn, AutoRenew, MonthlyFee, IncludedHours);

    /// <summary>As billed for a period starting on <paramref name="from"/>: the terms in force on that day, or on the start when later.</summary>
    public BillableContract ToBillable(DateOnly from) => new(
        Id, Number, SignedOn, ClientId, Kind, Status, StartsOn, TerminatedOn ?? EndsOn,
        ContractTermsHistory.On(Terms, StartsOn > from ? StartsOn : from), Suspensions);
}

/// <summary>The filters of the contracts list.</summary>
public sealed record ContractFilter(Guid? ClientId, ContractStatus? Status, Guid? ManagerId, string? Search, string? Sort, int Page, int PageSize);

/// <summary>Reads <c>agreements.contracts</c> with plain SQL (one query per question; lists never activate grains).</summary>
public sealed class ContractRows(DatabaseOptions database)
{
    private const string Columns = "id, version, number, client_id, client_name, manager_id, kind, status, signed_on, starts_on, ends_on, auto_renew, " +
        "activated_on, terminated_on, monthly_fee, included_hours, terms, suspensions";

    /// <summary>The list's sort keys; a leading '-' sorts descending.</summary>
    public static readonly IReadOnlyDictionary<string, string> SortKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["number"] = "number",
        ["client"] = "client_name",
        ["status"] = "status",
        ["startsOn"] = "starts_on",
        ["endsOn"] = "ends_on",
        ["fee"] = "monthly_fee",
    };

    private readonly string _table = AgreementsTables.Of(database).Sql("contracts");

    public async Task<(IReadOnlyList<ContractRow> Rows, int Total)> SearchAsync(ContractFilter filter, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        if (filter.ClientId is { } client)
        {
            where.Append(" AND client_id = @client");
            parameters.Add(("@client", database.DbId(client)));
        }

        if (filter.Status is { } status)
        {
            where.Append(" AND status = @status");
            parameters.Add(("@status", status.ToString()));
        }

        if (filter.ManagerId is { } manager)
        {
            where.Append(" AND manager_id = @manager");
            parameters.Add(("@manager", database.DbId(manager)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            where.Append(" AND search_text LIKE @search ESCAPE '\\'");
            var term = filter.Search.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
            parameters.Add(("@search", "%" + term + "%"));
        }

        var descending = filter.Sort is ['-', ..];
        var column = SortKeys.GetValueOrDefault((descending ? filter.Sort![1..] : filter.Sort) ?? "", "starts_on");
        var order = $"{column} {(descending || filter.Sort is null ? "DESC" : "ASC")}, number DESC";
        var total = (int)await ScalarAsync($"SELECT COUNT(*) FROM {_table} {where}", parameters, cancellationToken);
        parameters.Add(("@take", filter.PageSize));
        parameters.Add(("@skip", (filter.Page - 1) * filter.PageSize));
        var rows = await ReadAsync($"SELECT {Columns} FROM {_table} {where} ORDER BY {order} LIMIT @take OFFSET @skip", parameters, cancellationToken);
        return (rows, total);
    }

    /// <summary>
    /// Every contract in force on at least one day of the month starting <paramref name="period"/>: activated at some time,
    /// started by the month's end, and its last day (termination or end) not before the month's start. A suspended one is
    /// among them: billing counts the days it was not suspended.
    /// </summary>
    public Task<IReadOnlyList<ContractRow>> InForceAsync(DateOnly period, CancellationToken cancellationToken)
    {
        var last = period.AddMonths(1).AddDays(-1);
        return ReadAsync($"""
            SELECT {Columns} FROM {_table}
            WHERE activated_on IS NOT NULL AND status IN ('{ContractStatus.Active}', '{ContractStatus.Suspended}', '{ContractStatus.Terminated}', '{ContractStatus.Expired}')
              AND starts_on <= @last AND COALESCE(terminated_on, ends_on) >= @first
            ORDER BY number
            """, [("@first", period), ("@last", last)], cancellationToken);
    }

    public Task<IReadOnlyList<ContractRow>> OfClientAsync(Guid clientId, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {Columns} FROM {_table} WHERE client_id = @client ORDER BY starts_on DESC, number DESC",
            [("@client", database.DbId(clientId))], cancellationToken);

    /// <summary>
    /// Active contracts whose end is before <paramref name="through"/> or on it, or whose termination (dated in the future
    /// when it was made) falls on <paramref name="today"/> or before, and suspended contracts past their end or their
    /// scheduled termination: what the daily job looks at.
    /// </summary>
    public Task<IReadOnlyList<ContractRow>> ActiveEndingByAsync(DateOnly today, DateOnly through, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {Columns} FROM {_table} WHERE (status = '{ContractStatus.Active}' AND (ends_on <= @through OR terminated_on <= @today)) " +
            $"OR (status = '{ContractStatus.Suspended}' AND (ends_on < @today OR terminated_on <= @today)) ORDER BY ends_on",
            [("@through", through), ("@today", today)], cancellationToken);

    private async Task<IReadOnlyList<ContractRow>> ReadAsync(string sql, IEnumerable<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        var rows = new List<ContractRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    private async Task<long> ScalarAsync(string sql, IEnumerable<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DbCommand Command(DbConnection connection, string sql, IEnumerable<(string, object?)> parameters)
    {
        var command = connection.Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }

    private static ContractRow Read(DbDataReader r) => new(
        r.ReadGuid(0), r.GetInt32(1), r.GetString(2), r.ReadGuid(3), r.GetString(4), r.ReadNullableGuid(5),
        Enum.Parse<ContractKind>(r.GetString(6)), Enum.Parse<ContractStatus>(r.GetString(7)),
        r.ReadDate(8), r.ReadDate(9), r.ReadDate(10), r.GetBoolean(11), r.ReadNullableDate(12), r.ReadNullableDate(13),
        r.GetInt64(14) / 100m, r.GetDecimal(15),
        JsonSerializer.Deserialize<List<ContractTerms>>(r.GetString(16), ContractProjection.Json) ?? [],
        r.IsDBNull(17) ? [] : JsonSerializer.Deserialize<List<SuspensionPeriod>>(r.GetString(17), ContractProjection.Json) ?? []);
}
