using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansCrm.Benchmarks;

/// <summary>
/// Benchmarks sign in like any API client: the product host seeds an <c>admin</c> with <see cref="AdminPassword"/>
/// (Crm:Security:AdminPassword), through whom a benchmark creates the users it acts as and takes their bearer tokens.
/// </summary>
internal static class BenchmarkUsers
{
    public const string AdminPassword = "Bench-Admin-1";
    private const string UserPassword = "Bench-User-1";

    /// <summary>Creates a user with these roles (through the admin user API) and returns their bearer token.</summary>
    public static async Task<string> TokenForNewUserAsync(HttpClient http, string userName, params string[] roles)
    {
        var create = new HttpRequestMessage(HttpMethod.Post, "api/users")
        {
            Content = JsonContent.Create(new { userName, password = UserPassword, roles }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, "admin", AdminPassword));
        var created = await http.SendAsync(create);
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating user {userName}: {created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }

        return await TokenAsync(http, userName, UserPassword);
    }

    private static async Task<string> TokenAsync(HttpClient http, string userName, string password)
    {
        var response = await http.PostAsJsonAsync("api/auth/token", new { userName, password });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Signing in {userName}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
