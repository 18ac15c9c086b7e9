using System.Net;
using System.Net.Http.Headers;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.Seeding;
using OrleansCrm.Staff.Demo;
using OrleansCrm.Testing;
using static OrleansCrm.Identity.Tests.HttpAssert;

namespace OrleansCrm.Identity.Tests;

/// <summary>Users the product creates by itself: demo mode's seven, server mode's admin; never twice.</summary>
public sealed class SeedingTests() : DatabaseTest(DatabaseProvider.Sqlite)
{
    private static readonly Dictionary<string, string?> DemoMode = new()
    {
        ["Crm:Demo:Seed"] = "true",
        ["Crm:Security:AdminPassword"] = null,
    };

    [Fact]
    public async Task Demo_mode_seeds_one_user_per_role_once_and_links_the_specialist()
    {
        List<UserDetails> first;
        await using (var host = Database.StartHost(DemoMode))
        {
            first = await UsersAsync(host, DemoUsers.Password);
            Assert.Equal(["admin", "director", "dispatcher", "manager", "methodologist", "saleshead", "specialist"], first.Select(u => u.UserName));
            Assert.All(first, u => Assert.Equal([CrmRoles.All.Single(r => r.Equals(u.UserName, StringComparison.OrdinalIgnoreCase))], u.Roles));
            Assert.Equal(DemoSpecialists.IdOf(0), first.Single(u => u.UserName == "specialist").SpecialistId);
            foreach (var user in first)
            {
                await StatusAsync(HttpStatusCode.OK, await host.RequestTokenAsync(user.UserName, DemoUsers.Password), user.UserName);
            }

            // The demo specialist exists once the demo data is in: the specialist user reads their own record.
            using var specialist = await SignedInAsync(host, "specialist", DemoUsers.Password);
            await ApiAssert.EventuallyAsync(() => specialist.GetAsync($"/api/specialists/{DemoSpecialists.IdOf(0)}"), r => r.StatusCode == HttpStatusCode.OK, seconds: 60);
        }

        await using (var again = Database.StartHost(DemoMode))
        {
            Assert.Equal(first.Select(Users.Shape), (await UsersAsync(again, DemoUsers.Password)).Select(Users.Shape));
        }
    }

    [Fact]
    public async Task Server_mode_seeds_only_the_admin_from_configuration_and_nothing_without_it()
    {
        await using (var bare = Database.StartHost(new Dictionary<string, string?> { ["Crm:Security:AdminPassword"] = null }))
        {
            await StatusAsync(HttpStatusCode.Unauthorized, await bare.RequestTokenAsync("admin", CrmHost.AdminPassword));
            await StatusAsync(HttpStatusCode.Unauthorized, await bare.RequestTokenAsync("admin", DemoUsers.Password));
        }

        await using var host = Database.StartHost();
        var users = await UsersAsync(host, CrmHost.AdminPassword);
        Assert.Equal(["admin"], users.Select(u => u.UserName));

        // The only active admin keeps the role and cannot be locked out.
        using var admin = await SignedInAsync(host, "admin", CrmHost.AdminPassword);
        var self = users.Single();
        await StatusAsync(HttpStatusCode.Conflict, await admin.PutJsonAsync($"/api/users/{self.Id}", new { roles = new[] { CrmRoles.Manager } }));
        await StatusAsync(HttpStatusCode.Conflict, await admin.PutJsonAsync($"/api/users/{self.Id}", new { roles = new[] { CrmRoles.Admin }, locked = true }));
    }

    [Fact]
    public async Task A_configured_signing_key_shorter_than_32_characters_stops_the_start()
    {
        await using var host = Database.StartHost(new Dictionary<string, string?> { ["Crm:Security:TokenSigningKey"] = "too short" });
        var error = Assert.ThrowsAny<Exception>(() => host.AnonymousHttp().Dispose());
        Assert.Contains("TokenSigningKey", error.ToString());
    }

    private static async Task<HttpClient> SignedInAsync(CrmHost host, string userName, string password)
    {
        var response = await host.RequestTokenAsync(userName, password);
        await StatusAsync(HttpStatusCode.OK, response, userName);
        var http = host.AnonymousHttp();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await CrmHost.ReadAsync<IssuedToken>(response)).AccessToken);
        return http;
    }

    private static async Task<List<UserDetails>> UsersAsync(CrmHost host, string adminPassword)
    {
        using var admin = await SignedInAsync(host, "admin", adminPassword);
        return await CrmHost.ReadAsync<List<UserDetails>>(await admin.GetAsync("/api/users"));
    }
}
