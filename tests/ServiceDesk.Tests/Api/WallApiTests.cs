using System.Net;
using System.Net.Http.Json;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.SearchTickets;
using OrleansCrm.ServiceDesk.Wall;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;
using static OrleansCrm.Testing.ApiAssert;

namespace OrleansCrm.ServiceDesk.Tests.Api;

/// <summary>
/// The wall's snapshot, the lists behind its tiles and the rebalance preview through the API. The queue is shared with the
/// other tests of the collection: counts are compared with lists read at the same time, and membership through a skill of
/// this test's own.
/// </summary>
public abstract class WallApiTests(HostFixture fixture)
{
    private readonly HostFixture _fixture = fixture;
    private readonly HttpClient _http = fixture.Http;
    private readonly string _skill = "wall-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Each_tile_counts_exactly_the_tickets_its_list_shows()
    {
        var client = await ClientAsync();
        var anna = await SpecialistAsync("Анна Стінова");
        var bohdan = await SpecialistAsync("Богдан Стіновий");
        var open = await OpenAsync(client, _skill);
        var waiting = await OpenAsync(client, _skill + "-nobody");
        Assert.Null(waiting.AssigneeId);

        var resolved = await OpenAsync(client, _skill);
        await ActAsync(resolved.Id, "accept");
        await ActAsync(resolved.Id, "resolve");

        var bounced = await OpenAsync(client, _skill);
        for (var i = 0; i < 3; i++)
        {
            var current = (await TicketAsync(bounced.Id)).AssigneeId;
            var response = await _http.PostAsJsonAsync($"/api/tickets/{bounced.Id}/redirect", new { toSpecialistId = current == anna ? bohdan : anna, reason = $"спроба {i + 1}" });
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        // Other tests' tickets share the queue, and a deadline may pass between two reads: compare reads taken together.
        await EventuallyAsync(async () =>
        {
            var wall = await CrmHost.ReadAsync<WallSnapshot>(await _http.GetAsync("/api/dispatch/wall"));
            var lists = new Dictionary<WallTile, int>();
            foreach (var tile in Enum.GetValues<WallTile>())
            {
                lists[tile] = (await ListAsync($"tile={tile}&pageSize=1")).Total;
            }

            return (Tiles: wall.Tiles.ToDictionary(t => t.Tile, t => t.Count), Lists: lists);
        }, read => read.Tiles.Count == 7 && read.Tiles.All(t => read.Lists[t.Key] == t.Value));

        Assert.Equal(new[] { open.Id, bounced.Id }.Order(), (await ListAsync($"tile=Open&skill={_skill}")).Items.Select(t => t.Id).Order());
        Assert.Equal([waiting.Id], (await ListAsync($"tile=Unassigned&skill={_skill}-nobody")).Items.Select(t => t.Id));
        Assert.Equal([resolved.Id], (await ListAsync($"tile=ResolvedToday&skill={_skill}")).Items.Select(t => t.Id));
        Assert.Equal([bounced.Id], (await ListAsync($"tile=RedirectedThreeTimes&skill={_skill}")).Items.Select(t => t.Id));
        Assert.Empty((await ListAsync($"tile=Overdue&skill={_skill}")).Items);

        var snapshot = await CrmHost.ReadAsync<WallSnapshot>(await _http.GetAsync("/api/dispatch/wall"));
        var shown = snapshot.Specialists.Where(s => s.Id == anna || s.Id == bohdan).ToList();
        Assert.Equal(2, shown.Count);
        Assert.Equal(4, shown.Sum(s => s.Load)); // two open normal tickets; the resolved one no longer counts
        Assert.All(shown, s => Assert.Equal(10, s.Capacity));
    }

    [Fact]
    public async Task A_tile_list_is_refused_for_an_unknown_tile_and_a_specialist_sees_only_their_own_part()
    {
        await AssertBadRequestAsync(await _http.GetAsync("/api/tickets?tile=Everything"));
        await AssertFieldErrorsAsync(await _http.GetAsync($"/api/tickets?tile=Open&queue={new string('q', 51)}"), "queue");

        var client = await ClientAsync();
        var mine = await SpecialistAsync("Моя плитка");
        var ticket = await OpenAsync(client, _skill);
        Assert.Equal(mine, ticket.AssigneeId);
        using var specialist = await _fixture.Host.HttpAsync("tile-" + _skill, [CrmRoles.Specialist], mine);
        var page = await CrmHost.ReadAsync<TicketPage>(await specialist.GetAsync("/api/tickets?tile=Open&pageSize=200"));
        Assert.Equal([ticket.Id], page.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task The_rebalance_preview_shows_the_moves_without_making_them()
    {
        var client = await ClientAsync();
        var overloaded = await SpecialistAsync("Перевантажений");
        var tickets = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            tickets.Add((await OpenAsync(client, _skill)).Id);
        }

        var newcomer = await SpecialistAsync("Новачок");
        var preview = (await CrmHost.ReadAsync<List<RebalanceMove>>(await _http.GetAsync("/api/dispatch/rebalance/preview"))).Where(m => tickets.Contains(m.TicketId)).ToList();
        var planned = Assert.Single(preview);
        Assert.Equal((overloaded, newcomer), (planned.FromSpecialistId, planned.ToSpecialistId));
        Assert.Equal((6, 0), ((await SpecialistDetailsAsync(overloaded)).Load, (await SpecialistDetailsAsync(newcomer)).Load));
        Assert.Equal(overloaded, (await TicketAsync(planned.TicketId)).AssigneeId);

        var applied = (await CrmHost.ReadAsync<List<RebalanceMove>>(await _http.PostAsync("/api/dispatch/rebalance", null))).Where(m => tickets.Contains(m.TicketId)).ToList();
        Assert.Equal(preview.Select(m => (m.TicketId, m.FromSpecialistId, m.ToSpecialistId)), applied.Select(m => (m.TicketId, m.FromSpecialistId, m.ToSpecialistId)));
        Assert.Equal(newcomer, (await TicketAsync(planned.TicketId)).AssigneeId);
    }

    [Fact]
    public async Task The_wall_is_for_the_office_and_the_preview_for_dispatchers_and_directors()
    {
        foreach (var role in CrmRoles.All)
        {
            using var http = _fixture.Host.Http(role);
            var wall = await http.GetAsync("/api/dispatch/wall");
            var preview = await http.GetAsync("/api/dispatch/rebalance/preview");
            Assert.Equal(role == CrmRoles.Specialist ? HttpStatusCode.Forbidden : HttpStatusCode.OK, wall.StatusCode);
            Assert.Equal(role is CrmRoles.Dispatcher or CrmRoles.Director ? HttpStatusCode.OK : HttpStatusCode.Forbidden, preview.StatusCode);
        }
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<TicketPage> ListAsync(string query)
    {
        var response = await _http.GetAsync("/api/tickets?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<TicketPage>(response);
    }

    private async Task<Guid> ClientAsync()
    {
        var response = await _http.PostAsJsonAsync("/api/clients", new { legalName = $"ТОВ «Стіна {_skill}»" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await CrmHost.ReadAsync<ClientDetails>(response)).Id;
    }

    private async Task<Guid> SpecialistAsync(string name)
    {
        var response = await _http.PostAsJsonAsync("/api/specialists", new { name, skills = new[] { new { code = _skill, level = 3 } }, capacity = 10 });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await CrmHost.ReadAsync<SpecialistDetails>(response)).Id;
    }

    private async Task<TicketDetails> OpenAsync(Guid client, string skill)
    {
        var response = await _http.PostAsJsonAsync("/api/tickets", new { clientId = client, subject = "Плитка на стіні", priority = "Normal", requiredSkill = skill });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<TicketDetails>(response);
    }

    private async Task ActAsync(Guid ticket, string action)
    {
        var response = await _http.PostAsJsonAsync($"/api/tickets/{ticket}/{action}", new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<TicketDetails> TicketAsync(Guid id) => await CrmHost.ReadAsync<TicketDetails>(await _http.GetAsync($"/api/tickets/{id}"));

    private async Task<SpecialistDetails> SpecialistDetailsAsync(Guid id) => await CrmHost.ReadAsync<SpecialistDetails>(await _http.GetAsync($"/api/specialists/{id}"));
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteWallApiTests(SqliteHostFixture fixture) : WallApiTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresWallApiTests(PostgresHostFixture fixture) : WallApiTests(fixture);
