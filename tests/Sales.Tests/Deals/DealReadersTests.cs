using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.ReadModel;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Deals;

/// <summary>Roles outside sales read the deals of the clients they work with (those of the tickets they hold or held), and no others.</summary>
public abstract class DealReadersTests(HostFixture fixture)
{
    private readonly SalesApi _api = new(fixture);

    [Fact]
    public async Task A_specialist_reads_the_deals_of_their_tickets_clients_only_and_a_reader_without_tickets_reads_none()
    {
        var pipeline = SalesApi.Id(await _api.PipelineAsync(new { name = SalesApi.Unique("Супровід"), stages = new object[] { new { code = "new", name = "Нова", probability = 10 } } }));
        var (served, other) = (await _api.ClientAsync(), await _api.ClientAsync());
        var mine = SalesApi.Id(await _api.DealAsync(_api.Http, new { clientId = served, pipelineId = pipeline, title = "Оновлення 1С" }));
        var theirs = SalesApi.Id(await _api.DealAsync(_api.Http, new { clientId = other, pipelineId = pipeline, title = "Чужа угода" }));

        // A ticket of the served client that the specialist held (resolved since): the tickets table is what is asked.
        var created = await _api.Http.PostAsJsonAsync("/api/specialists",
            new { name = SalesApi.Unique("Фахівець"), skills = new[] { new { code = "deals-" + Guid.NewGuid().ToString("N")[..8], level = 3 } } }, CrmHost.Json);
        var specialist = SalesApi.Id(await SalesApi.ReadAsync(created, HttpStatusCode.Created));
        var contexts = fixture.Host.HostServices.GetRequiredService<IDbContextFactory<ServiceDeskDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Tickets.Add(new TicketRow
            {
                Id = Guid.NewGuid(), Version = 1, Queue = "general", ClientId = served, Subject = "Не працює звіт", SearchSubject = "не працює звіт",
                RequiredSkill = "1c.accounting", AssigneeId = specialist, Status = ServiceDesk.Contracts.TicketStatus.Resolved,
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-3).ToUnixTimeMilliseconds(), DueAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                ChangedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), WarningAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            });
            await db.SaveChangesAsync();
        }

        using var reader = await fixture.Host.HttpAsync("spec-" + Guid.NewGuid().ToString("N")[..8], [CrmRoles.Specialist], specialist);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/deals/{mine}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/deals/{theirs}")).StatusCode);
        var listed = await SalesApi.ReadAsync(await reader.GetAsync($"/api/deals?pipelineId={pipeline}"));
        Assert.Equal([mine], listed["items"]!.AsArray().Select(d => d!["id"]!.GetValue<Guid>()));
        Assert.Equal(0, (await SalesApi.ReadAsync(await reader.GetAsync($"/api/deals?clientId={other}")))["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"/api/deals/{mine}/win", null)).StatusCode);

        using var dispatcher = await fixture.Host.HttpAsync("disp-" + Guid.NewGuid().ToString("N")[..8], [CrmRoles.Dispatcher]);
        Assert.Equal(HttpStatusCode.NotFound, (await dispatcher.GetAsync($"/api/deals/{mine}")).StatusCode);
        Assert.Equal(0, (await SalesApi.ReadAsync(await dispatcher.GetAsync($"/api/deals?pipelineId={pipeline}")))["total"]!.GetValue<int>());
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class DealReadersOnSqlite(SqliteHostFixture fixture) : DealReadersTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class DealReadersOnPostgres(PostgresHostFixture fixture) : DealReadersTests(fixture);
