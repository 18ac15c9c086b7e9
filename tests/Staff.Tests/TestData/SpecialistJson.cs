using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.SearchSpecialists;
using OrleansCrm.Testing;

namespace OrleansCrm.Staff.Tests.TestData;

/// <summary>Request bodies as a user's client would send them.</summary>
public static class SpecialistJson
{
    /// <summary>A tag unique to one test: part of names (for search) and usable as a skill code (for skill filters).</summary>
    public static string Tag() => "t" + Guid.NewGuid().ToString("N")[..10];

    public static JsonObject Specialist(
        string name, (string Code, int Level)[]? skills = null, int? grade = null, int? capacity = null, (string Name, string Date)[]? certificates = null)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["skills"] = Skills(skills ?? [("medoc", 3)]),
        };
        if (grade is not null)
        {
            body["qualificationGrade"] = grade;
        }

        if (capacity is not null)
        {
            body["capacity"] = capacity;
        }

        if (certificates is not null)
        {
            body["certificates"] = new JsonArray(certificates.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["date"] = c.Date }).ToArray());
        }

        return body;
    }

    public static JsonArray Skills((string Code, int Level)[] skills) =>
        new(skills.Select(s => (JsonNode)new JsonObject { ["code"] = s.Code, ["level"] = s.Level }).ToArray());
}

/// <summary>The Staff API as a test calls it.</summary>
public sealed class StaffApi(HttpClient http)
{
    public Task<HttpResponseMessage> PostAsync(JsonNode body, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/specialists") { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return http.SendAsync(message);
    }

    public async Task<SpecialistDetails> CreateAsync(JsonNode body)
    {
        var response = await PostAsync(body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<SpecialistDetails>(response);
    }

    public async Task<SpecialistDetails> GetAsync(Guid id)
    {
        var response = await http.GetAsync($"/api/specialists/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<SpecialistDetails>(response);
    }

    public Task<HttpResponseMessage> PutSkillsAsync(Guid id, (string Code, int Level)[] skills) =>
        http.PutAsJsonAsync($"/api/specialists/{id}/skills", new JsonObject { ["skills"] = SpecialistJson.Skills(skills) });

    public Task<HttpResponseMessage> PutAvailabilityAsync(Guid id, string status, DateTimeOffset? until = null) =>
        http.PutAsJsonAsync($"/api/specialists/{id}/availability", new JsonObject { ["status"] = status, ["until"] = until?.ToString("O") });

    public async Task<SpecialistDetails> SetAvailabilityAsync(Guid id, string status, DateTimeOffset? until = null)
    {
        var response = await PutAvailabilityAsync(id, status, until);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<SpecialistDetails>(response);
    }

    public async Task<SpecialistPage> ListAsync(string query)
    {
        var response = await http.GetAsync($"/api/specialists?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<SpecialistPage>(response);
    }

    /// <summary>Polls the list (never the grain, which would catch up by itself) until the specialist's row satisfies <paramref name="done"/>.</summary>
    public async Task<SpecialistSummary> ListedEventuallyAsync(string search, Guid id, Func<SpecialistSummary, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var row = (await ListAsync($"search={Uri.EscapeDataString(search)}&pageSize=200")).Items.Single(s => s.Id == id);
            if (done(row) || DateTime.UtcNow > deadline)
            {
                return row;
            }

            await Task.Delay(250);
        }
    }
}
