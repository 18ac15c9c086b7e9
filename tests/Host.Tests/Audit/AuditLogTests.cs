using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.Audit.SearchAudit;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Audit;

[CollectionDefinition(Name)]
public sealed class AuditSqliteCollection : ICollectionFixture<SqliteHostFixture>
{
    public const string Name = "audit on sqlite";
}

[CollectionDefinition(Name)]
public sealed class AuditPostgresCollection : ICollectionFixture<PostgresHostFixture>
{
    public const string Name = "audit on postgresql";
}

[Collection(AuditSqliteCollection.Name)]
public sealed class AuditLogSqliteTests(SqliteHostFixture fixture) : AuditLogTests(fixture);

[Collection(AuditPostgresCollection.Name)]
public sealed class AuditLogPostgresTests(PostgresHostFixture fixture) : AuditLogTests(fixture);

/// <summary>
/// The audit log over the real host: a change through the API is logged with who made it and what changed, in the
/// change's own transaction (a refused or failed write logs nothing), once per stored version (retries log nothing
/// more); only Directors and Admins read it.
/// </summary>
public abstract class AuditLogTests(HostFixture fixture)
{
    private readonly CrmHost _host = fixture.Host;
    private readonly HttpClient _director = fixture.Host.Http(CrmRoles.Director);
    private readonly HttpClient _manager = fixture.Host.Http(CrmRoles.Manager);

    [Fact]
    public async Task An_update_through_the_API_is_logged_with_its_actor_and_the_fields_it_changed()
    {
        var client = await CreateClientAsync(_manager, "ТОВ «Журнал»");
        var updated = await _manager.PutAsJsonAsync($"/api/clients/{client.Id}", Client("ТОВ «Журнал»", "Журнал-2", version: 1));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        var log = await LogAsync("client", client.Id);

        Assert.Equal(2, log.Total);
        var update = log.Items[0];
        Assert.Equal(("client", client.Id.ToString(), 2, "Update", "as-manager"), (update.Entity, update.EntityId, update.Version, update.Action, update.ActorName));
        Assert.NotNull(update.ActorId);
        Assert.Equal("Clients", update.Module);
        var change = Assert.Single(update.Changes);
        Assert.Equal(("shortName", "Журнал", "Журнал-2"), (change.Field, change.From, change.To));
        Assert.True(update.At > DateTimeOffset.UtcNow.AddMinutes(-5) && update.At <= DateTimeOffset.UtcNow.AddSeconds(5), $"logged at {update.At:O}");

        var create = log.Items[1];
        Assert.Equal(("Create", 1, "as-manager"), (create.Action, create.Version, create.ActorName));
        Assert.Contains(create.Changes, c => c is { Field: "legalName", From: null, To: "ТОВ «Журнал»" });
        Assert.Contains(create.Changes, c => c is { Field: "kind", To: "Company", Kind: "enum:ClientKind" });

        // The other filters: by actor (any case) and by period.
        var byActor = await ReadAsync<AuditPage>(await _director.GetAsync($"/api/audit?entity=client&id={client.Id}&actor=AS-MANAGER"));
        Assert.Equal(2, byActor.Total);
        var later = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O");
        var none = await ReadAsync<AuditPage>(await _director.GetAsync($"/api/audit?entity=client&id={client.Id}&from={Uri.EscapeDataString(later)}"));
        Assert.Equal(0, none.Total);
        var paged = await ReadAsync<AuditPage>(await _director.GetAsync($"/api/audit?entity=client&id={client.Id}&page=2&pageSize=1"));
        Assert.Equal((2, 2, 1), (paged.Total, paged.Page, paged.PageSize));
        Assert.Equal("Create", Assert.Single(paged.Items).Action);
    }

    [Fact]
    public async Task A_write_that_fails_leaves_no_entry_and_the_state_as_it_was()
    {
        var client = await CreateClientAsync(_manager, "ТОВ «Збій»");
        using (_host.Faults.FailWrite("client", Orleans.Runtime.GrainId.Create("client", client.Id.ToString("N")),
                   failure: () => new DatabaseUnavailableException("Injected: the database is gone.")))
        {
            var refused = await _manager.PutAsJsonAsync($"/api/clients/{client.Id}", Client("ТОВ «Збій»", "Збій-2", version: 1));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        var stored = await ReadAsync<JsonObject>(await _manager.GetAsync($"/api/clients/{client.Id}"));
        Assert.Equal((1, "Збій"), (stored["version"]!.GetValue<int>(), stored["shortName"]!.GetValue<string>()));
        var log = await LogAsync("client", client.Id);
        Assert.Equal("Create", Assert.Single(log.Items).Action);
    }

    [Fact]
    public async Task A_write_the_database_refuses_leaves_no_entry()
    {
        var client = await CreateClientAsync(_manager, "ТОВ «Відмова»");
        // Another activation wrote version 2 meanwhile (as after a silo crash): the database refuses this one's write.
        await ExecuteAsync(BumpStoredVersion(client.Id));

        var refused = await _manager.PutAsJsonAsync($"/api/clients/{client.Id}", Client("ТОВ «Відмова»", "Відмова-2", version: 1));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var log = await LogAsync("client", client.Id);
        Assert.Equal("Create", Assert.Single(log.Items).Action);
        var stored = await ReadAsync<JsonObject>(await _manager.GetAsync($"/api/clients/{client.Id}"));
        Assert.Equal("Відмова", stored["shortName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retried_command_with_the_same_idempotency_key_is_logged_once()
    {
        var key = Guid.NewGuid().ToString();
        // The first attempt's answer is lost after its commit (a 503), so the caller sends it again.
        using (_host.Faults.LoseWriteReply("client"))
        {
            var lost = await PostClientAsync(_manager, Client("ТОВ «Повтор»", "Повтор"), key);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
        }

        var first = await PostClientAsync(_manager, Client("ТОВ «Повтор»", "Повтор"), key);
        var second = await PostClientAsync(_manager, Client("ТОВ «Повтор»", "Повтор"), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await ReadAsync<JsonObject>(first))["id"]!.GetValue<Guid>();
        Assert.Equal(id, (await ReadAsync<JsonObject>(second))["id"]!.GetValue<Guid>());

        // A repeated PUT (same body, same version) is recognised too.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _manager.PutAsJsonAsync($"/api/clients/{id}", Client("ТОВ «Повтор»", "Повтор-2", version: 1))).StatusCode);
        }

        var log = await LogAsync("client", id);
        Assert.Equal(["Update", "Create"], log.Items.Select(e => e.Action));
        Assert.Equal([2, 1], log.Items.Select(e => e.Version));
    }

    [Fact]
    public async Task Users_are_logged_with_their_roles_lock_password_and_link_in_the_change_s_transaction()
    {
        var admin = await _host.HttpAsync("admin", [CrmRoles.Admin]);
        var name = "audited-" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = name, password = CrmHost.UserPassword, roles = new[] { CrmRoles.Manager } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ReadAsync<JsonObject>(created))["id"]!.GetValue<string>();

        var changed = await admin.PutAsJsonAsync($"/api/users/{id}", new { roles = new[] { CrmRoles.Director }, locked = true, password = "Another-Test-2" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var unlocked = await admin.PutAsJsonAsync($"/api/users/{id}", new { roles = new[] { CrmRoles.Director }, locked = false });
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);

        var log = await ReadAsync<AuditPage>(await admin.GetAsync($"/api/audit?entity=user&id={id}"));

        Assert.Equal(["Unlock", "Change", "Create"], log.Items.Select(e => e.Action));
        Assert.All(log.Items, e => Assert.Equal(("admin", "Identity", (int?)null), (e.ActorName, e.Module, e.Version)));
        Assert.Contains(log.Items[2].Changes, c => c is { Field: "roles", From: null, To: "Manager" });
        Assert.Contains(log.Items[2].Changes, c => c is { Field: "userName" } && c.To == name);
        Assert.Contains(log.Items[1].Changes, c => c is { Field: "roles", From: "Manager", To: "Director" });
        Assert.Contains(log.Items[1].Changes, c => c is { Field: "locked", From: "false", To: "true" });
        Assert.Contains(log.Items[1].Changes, c => c is { Field: "password", From: null, To: null, Kind: "secret" });
        Assert.Equal(("locked", "true", "false"), Assert.Single(log.Items[0].Changes) is var u ? (u.Field, u.From, u.To) : default);
    }

    [Fact]
    public async Task A_ticket_s_opening_is_the_opener_s_and_a_specialist_s_bookkeeping_stays_out_of_the_log()
    {
        var skill = "audit-" + Guid.NewGuid().ToString("N")[..8];
        var specialist = await _director.PostAsJsonAsync("/api/specialists", new { name = "Аудиторенко Олена", skills = new[] { new { code = skill, level = 3 } }, capacity = 5 });
        Assert.Equal(HttpStatusCode.Created, specialist.StatusCode);
        var specialistId = (await ReadAsync<JsonObject>(specialist))["id"]!.GetValue<Guid>();
        var client = await CreateClientAsync(_manager, "ТОВ «Заявка»");

        var opened = await _manager.PostAsJsonAsync("/api/tickets", new
        {
            clientId = client.Id, subject = "Не відкривається звіт", channel = "Phone", priority = "Normal", requiredSkill = skill, minLevel = 1,
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var ticket = await ReadAsync<JsonObject>(opened);
        Assert.Equal(specialistId, ticket["assigneeId"]!.GetValue<Guid>());

        var ticketLog = await LogAsync("ticket", ticket["id"]!.GetValue<Guid>());
        var open = Assert.Single(ticketLog.Items);
        Assert.Equal(("Open", "as-manager", "ServiceDesk"), (open.Action, open.ActorName, open.Module));
        Assert.Contains(open.Changes, c => c is { Field: "status", Kind: "enum:TicketStatus" });
        Assert.Contains(open.Changes, c => c.Field == "assigneeId" && c.To == specialistId.ToString());

        // The ticket's work reached the specialist (load 1) without an entry; the availability change lists only what it changed.
        var availability = await _director.PutAsJsonAsync($"/api/specialists/{specialistId}/availability", new { status = "OffShift" });
        Assert.Equal(HttpStatusCode.OK, availability.StatusCode);
        var specialistLog = await LogAsync("specialist", specialistId);
        Assert.Equal(["SetAvailability", "Create"], specialistLog.Items.Select(e => e.Action));
        Assert.Equal("as-director", specialistLog.Items[0].ActorName);
        Assert.Contains(specialistLog.Items[0].Changes, c => c.Field == "availability");
        Assert.DoesNotContain(specialistLog.Items[0].Changes, c => c.Field is "load" or "openTickets" or "counters");
    }

    [Fact]
    public async Task Only_directors_and_admins_read_the_log_and_bad_parameters_are_400_naming_the_field()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _manager.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.Http(CrmRoles.Dispatcher).GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.AnonymousHttp().GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _director.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await _host.HttpAsync("admin", [CrmRoles.Admin])).GetAsync("/api/audit?pageSize=200")).StatusCode);

        foreach (var (query, field) in new[]
                 {
                     ("pageSize=1000", "PageSize"), ("page=0", "Page"), ("entity=Client%20X", "Entity"), ("id=abc", "Id"),
                     ("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "To"),
                 })
        {
            var response = await _director.GetAsync($"/api/audit?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = (await ReadAsync<JsonObject>(response))["errors"]!.AsObject();
            Assert.True(errors.Any(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)), $"{query}: {errors.ToJsonString()}");
        }

        var notADate = await _director.GetAsync("/api/audit?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, notADate.StatusCode);
    }

    private async Task<AuditPage> LogAsync(string entity, Guid id) =>
        await ReadAsync<AuditPage>(await _director.GetAsync($"/api/audit?entity={entity}&id={id}"));

    private static JsonObject Client(string legalName, string shortName, int? version = null)
    {
        var body = new JsonObject { ["legalName"] = legalName, ["shortName"] = shortName, ["kind"] = "Company", ["segments"] = new JsonArray("audit") };
        if (version is not null)
        {
            body["version"] = version;
        }

        return body;
    }

    private static async Task<HttpResponseMessage> PostClientAsync(HttpClient http, JsonObject body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/clients") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await http.SendAsync(request);
    }

    private static async Task<(Guid Id, int Version)> CreateClientAsync(HttpClient http, string legalName)
    {
        var response = await PostClientAsync(http, Client(legalName, legalName.Split('«', '»')[1]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await ReadAsync<JsonObject>(response);
        return (json["id"]!.GetValue<Guid>(), json["version"]!.GetValue<int>());
    }

    private static Task<T> ReadAsync<T>(HttpResponseMessage response) => CrmHost.ReadAsync<T>(response);

    /// <summary>Moves the stored version of a client's state on by one, as another activation's write would.</summary>
    private string BumpStoredVersion(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        var (n0, n1) = (BitConverter.ToInt64(bytes[..8]), BitConverter.ToInt64(bytes[8..]));
        return $"UPDATE orleans_storage SET version = version + 1 WHERE state_name = 'client' AND grain_id_n0 = {n0} AND grain_id_n1 = {n1}";
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = DatabaseConnections.Create(new DatabaseOptions { Provider = _host.Provider, ConnectionString = _host.ConnectionString });
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
