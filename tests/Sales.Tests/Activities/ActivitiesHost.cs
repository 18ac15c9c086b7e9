using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Activities;

/// <summary>What the activities tests share: users by role with their ids, and rows written straight into Sales' tables.</summary>
internal sealed class ActivitiesHost(HostFixture fixture)
{
    public SalesDb Db => fixture.Host.HostServices.GetRequiredService<SalesDb>();

    public T Service<T>() where T : notnull => fixture.Host.HostServices.GetRequiredService<T>();

    /// <summary>A signed-in user with one role, made on first use; the id is theirs as author, executor or owner.</summary>
    public async Task<(HttpClient Http, Guid Id)> UserAsync(string userName, string role)
    {
        var http = await fixture.Host.HttpAsync(userName, [role]);
        using var admin = await fixture.Host.HttpAsync("admin", ["Admin"]);
        var users = JsonNode.Parse(await admin.GetStringAsync("/api/users"))!.AsArray();
        var id = Guid.Parse(users.Single(u => u!["userName"]!.GetValue<string>() == userName)!["id"]!.GetValue<string>());
        return (http, id);
    }

    /// <summary>A pipeline and an open deal in it, as the pipelines and deals API would store them (it lives on another branch).</summary>
    public async Task<Guid> DealAsync(Guid ownerId, bool nextRequired = false, DateOnly? pausedUntil = null, int status = 0)
    {
        var pipeline = Guid.NewGuid();
        var deal = Guid.NewGuid();
        var now = Db.Moment(DateTimeOffset.UtcNow);
        await ExecuteAsync($"""
            INSERT INTO {Db.Pipelines} (id, name, stages, version, next_interaction_required, archived, created_at, updated_at)
            VALUES (@id, @name, '[]', 1, @next, @archived, @now, @now)
            """, ("id", Db.Id(pipeline)), ("name", "pipeline " + pipeline), ("next", Db.IsPostgres ? nextRequired : nextRequired ? 1 : 0),
            ("archived", Db.IsPostgres ? false : 0), ("now", now));
        await ExecuteAsync($"""
            INSERT INTO {Db.Deals} (id, version, pipeline_id, stage, status, client_id, title, amount, currency, owner_id, paused_until, created_at, updated_at)
            VALUES (@id, 1, @pipeline, 'new', @status, @client, 'Впровадження BAS', 1200000, 'UAH', @owner, @paused, @now, @now)
            """, ("id", Db.Id(deal)), ("pipeline", Db.Id(pipeline)), ("status", (short)status), ("client", Db.Id(Guid.NewGuid())), ("owner", Db.Id(ownerId)),
            ("paused", Db.Date(pausedUntil)), ("now", now));
        return deal;
    }

    public async Task ExecuteAsync(string sql, params (string, object?)[] values)
    {
        await using var connection = await Db.OpenAsync();
        await ModuleDb.ExecuteAsync(connection, null, sql, CancellationToken.None, values);
    }

    public async Task<int> CountAsync(string sql, params (string, object?)[] values)
    {
        await using var connection = DatabaseConnections.Create(Db.Options);
        await connection.OpenAsync();
        await using var command = ModuleDb.Command(connection, null, sql, values);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Xunit.Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient http, string url, object? body = null, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body ?? new { }, options: CrmHost.Json) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return http.SendAsync(request);
    }
}
