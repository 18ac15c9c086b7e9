using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Plans.Reports;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Plans;

/// <summary>
/// Known data sets for the plan and funnel reports, written straight into the tables the deal grains project into
/// (sales.deals, sales.deal_stages, sales.pipelines) and Billing's money tables, as their writers would.
/// </summary>
internal sealed class SalesRows(CrmHost host)
{
    private static int _seq = 700_000 + Random.Shared.Next(100_000);

    private readonly SalesDb _db = host.HostServices.GetRequiredService<SalesDb>();
    private readonly ModuleTables _billing = new(host.Provider, "billing");
    private Guid? _import;

    public async Task<Guid> PipelineAsync(params (string Code, string Name, int Probability)[] stages)
    {
        var id = Guid.NewGuid();
        var json = JsonSerializer.Serialize(stages.Select(s => new { code = s.Code, name = s.Name, probability = s.Probability, requiredFields = Array.Empty<string>(), robots = Array.Empty<object>() }));
        await ExecuteAsync($"INSERT INTO {_db.Pipelines} (id, name, stages, version, created_at, updated_at) VALUES (@id, @name, @stages, 1, @at, @at)",
            ("@id", _db.Id(id)), ("@name", "Funnel " + id.ToString("N")[..12]), ("@stages", json), ("@at", _db.Moment(DateTimeOffset.UtcNow)));
        return id;
    }

    /// <summary>A deal's row; closed deals get their status, won amount and closing moment.</summary>
    public async Task<Guid> DealAsync(
        Guid pipeline, string stage, Guid owner, decimal amount, DealStatus status = DealStatus.Open, decimal? wonAmount = null,
        DateTimeOffset? closedAt = null, DateOnly? expectedCloseOn = null, Guid? client = null)
    {
        var id = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await ExecuteAsync(
            $"""
            INSERT INTO {_db.Deals} (id, version, pipeline_id, stage, status, client_id, title, amount, currency, owner_id, expected_close_on, won_amount, closed_at, created_at, updated_at)
            VALUES (@id, 1, @pipeline, @stage, @status, @client, 'Test deal', @amount, 'UAH', @owner, @expected, @won, @closed, @at, @at)
            """,
            ("@id", _db.Id(id)), ("@pipeline", _db.Id(pipeline)), ("@stage", stage), ("@status", (int)status), ("@client", _db.Id(client ?? Guid.NewGuid())),
            ("@amount", ModuleDb.Kopiykas(amount)), ("@owner", _db.Id(owner)), ("@expected", _db.Date(expectedCloseOn)),
            ("@won", wonAmount is { } won ? ModuleDb.Kopiykas(won) : null), ("@closed", closedAt is { } closed ? _db.Moment(closed) : null), ("@at", _db.Moment(at)));
        return id;
    }

    /// <summary>
    /// The deal's stays, in order: each (stage, entered, left) in the pipeline, and its funnel row as Deals' projection
    /// writes it.
    /// </summary>
    public async Task StaysAsync(Guid deal, Guid pipeline, params (string Stage, DateTimeOffset Entered, DateTimeOffset? Left)[] stays)
    {
        var seq = 0;
        foreach (var (stage, entered, left) in stays)
        {
            await ExecuteAsync(
                $"""
                INSERT INTO {_db.DealStages} (deal_id, seq, pipeline_id, stage, entered_at, left_at)
                VALUES (@deal, @seq, @pipeline, @stage, @entered, @left)
                """,
                ("@deal", _db.Id(deal)), ("@seq", ++seq), ("@pipeline", _db.Id(pipeline)), ("@stage", stage), ("@entered", _db.Moment(entered)),
                ("@left", left is { } l ? _db.Moment(l) : null));
        }

        // The deal's funnel row in the pipeline (sales.deal_funnel): the deal's figures and these stays.
        await ExecuteAsync(
            $"""
            INSERT INTO {_db.DealFunnel} (deal_id, pipeline_id, version, entered_at, owner_id, amount, status, won_amount, stays)
            SELECT d.id, @pipeline, d.version, @first, d.owner_id, d.amount, d.status, d.won_amount, @stays FROM {_db.Deals} d WHERE d.id = @deal
            """,
            ("@deal", _db.Id(deal)), ("@pipeline", _db.Id(pipeline)), ("@first", _db.Moment(stays.Min(s => s.Entered))),
            ("@stays", FunnelStays.Write(stays.Select(s => (s.Stage, s.Entered, s.Left)), _db.IsPostgres)));
    }

    /// <summary>A paid invoice of the client: issued, and paid by a payment that arrived on <paramref name="receivedOn"/>.</summary>
    public async Task PaidInvoiceAsync(Guid client, decimal amount, DateOnly receivedOn)
    {
        var document = Guid.NewGuid();
        var seq = Interlocked.Increment(ref _seq);
        await ExecuteAsync(
            $"""
            INSERT INTO {_billing.Sql("documents")} (id, kind, status, year, seq, number, client_id, issued_on, due_on, net, vat, total, paid, body, version, created_at, updated_at)
            VALUES (@id, 0, 4, 2000, @seq, @number, @client, @issued, @issued, @total, 0, @total, @total, 'test', 1, @at, @at)
            """,
            ("@id", _db.Id(document)), ("@seq", seq), ("@number", $"P-{seq}"), ("@client", _db.Id(client)), ("@issued", _db.Date(receivedOn.AddDays(-10))),
            ("@total", ModuleDb.Kopiykas(amount)), ("@at", _db.Moment(DateTimeOffset.UtcNow)));
        var payment = Guid.NewGuid();
        await ExecuteAsync(
            $"""
            INSERT INTO {_billing.Sql("payments")} (id, payment_key, import_id, account, doc_number, paid_on, received_on, amount, client_id, status)
            VALUES (@id, @key, @import, 'UA733220010000026201234567890', @number, @day, @day, @amount, @client, 1)
            """,
            ("@id", _db.Id(payment)), ("@key", payment.ToString("N")), ("@import", _db.Id(await ImportAsync())), ("@number", payment.ToString("N")[..8]),
            ("@day", _db.Date(receivedOn)), ("@amount", ModuleDb.Kopiykas(amount)), ("@client", _db.Id(client)));
        await ExecuteAsync(
            $"""
            INSERT INTO {_billing.Sql("payment_matches")} (payment_id, client_id, reason, automatic, matched_at, matched_by)
            VALUES (@payment, @client, 'Test', @automatic, @at, 'test')
            """,
            ("@payment", _db.Id(payment)), ("@client", _db.Id(client)), ("@automatic", _db.IsPostgres ? true : 1), ("@at", _db.Moment(DateTimeOffset.UtcNow)));
        await ExecuteAsync($"INSERT INTO {_billing.Sql("payment_allocations")} (payment_id, document_id, amount) VALUES (@payment, @document, @amount)",
            ("@payment", _db.Id(payment)), ("@document", _db.Id(document)), ("@amount", ModuleDb.Kopiykas(amount)));
    }

    /// <summary>A client of this manager, through the API.</summary>
    public static async Task<Guid> ClientAsync(HttpClient http, Guid? manager)
    {
        var response = await http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «План " + Guid.NewGuid().ToString("N")[..8] + "»", managerId = manager });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
    }

    /// <summary>A user with these roles (signed in once, so created), and their id.</summary>
    public static async Task<(Guid Id, HttpClient Http)> UserAsync(CrmHost host, string prefix, string role)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..24];
        var http = await host.HttpAsync(name, [role]);
        var users = JsonNode.Parse(await host.Http().GetStringAsync("/api/users"))!.AsArray();
        var id = users.Single(u => u!["userName"]!.GetValue<string>() == name)!["id"]!.GetValue<string>();
        return (Guid.Parse(id), http);
    }

    private async Task<Guid> ImportAsync()
    {
        if (_import is { } import)
        {
            return import;
        }

        var id = Guid.NewGuid();
        await ExecuteAsync(
            $"INSERT INTO {_billing.Sql("statement_imports")} (id, file_name, format, imported_at, imported_by, imported, duplicates, matched) VALUES (@id, 'plan.txt', '1c', @at, 'test', 0, 0, 0)",
            ("@id", _db.Id(id)), ("@at", _db.Moment(DateTimeOffset.UtcNow)));
        _import = id;
        return id;
    }

    /// <summary>A count the test reads straight from the tables.</summary>
    public async Task<long> CountAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = DatabaseConnections.Create(_db.Options);
        await connection.OpenAsync();
        await using var command = ModuleDb.Command(connection, null, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _db.OpenAsync();
        await ModuleDb.ExecuteAsync(connection, null, sql, CancellationToken.None, parameters);
    }
}
