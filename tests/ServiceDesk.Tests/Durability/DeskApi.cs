using System.Net;
using System.Net.Http.Json;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.ServiceDesk.Tests.Durability;

/// <summary>The few API calls the durability tests make, on one signed-in client.</summary>
internal sealed class DeskApi(HttpClient http)
{
    public const string Skill = "medoc";

    public HttpClient Http => http;

    public async Task<Guid> ClientAsync(string legalName = "ТОВ «Надійний облік»") =>
        (await Read<ClientDetails>(await http.PostAsJsonAsync("/api/clients", new { legalName }), HttpStatusCode.Created)).Id;

    public async Task<Guid> SpecialistAsync(string name, string skill = Skill, int capacity = 10) =>
        (await Read<SpecialistDetails>(await http.PostAsJsonAsync("/api/specialists", new { name, skills = new[] { new { code = skill, level = 3 } }, capacity }), HttpStatusCode.Created)).Id;

    public Task<HttpResponseMessage> OpenAsync(Guid client, string skill = Skill, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets")
        {
            Content = JsonContent.Create(new { clientId = client, subject = "Не відправляється звіт", requiredSkill = skill, minLevel = 1 }, options: CrmHost.Json),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return http.SendAsync(request);
    }

    public async Task<TicketDetails> OpenedAsync(Guid client, string skill = Skill) => await Read<TicketDetails>(await OpenAsync(client, skill), HttpStatusCode.Created);

    public async Task<TicketDetails> TicketAsync(Guid id) => await Read<TicketDetails>(await http.GetAsync($"/api/tickets/{id}"), HttpStatusCode.OK);

    public async Task<SpecialistDetails> SpecialistAsync(Guid id) => await Read<SpecialistDetails>(await http.GetAsync($"/api/specialists/{id}"), HttpStatusCode.OK);

    public async Task<DispatchBoard> BoardAsync() => await Read<DispatchBoard>(await http.GetAsync("/api/dispatch/board"), HttpStatusCode.OK);

    private static async Task<T> Read<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await CrmHost.ReadAsync<T>(response);
    }
}
