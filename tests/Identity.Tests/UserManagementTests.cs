using System.Net;
using OrleansCrm.BuildingBlocks.Security;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.Tokens;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;
using static OrleansCrm.Identity.Tests.HttpAssert;

namespace OrleansCrm.Identity.Tests;

/// <summary>User management through the API: Admin only, validated, duplicates refused, the last admin kept.</summary>
public abstract class UserManagementTests(HostFixture fixture)
{
    private readonly CrmHost _host = fixture.Host;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private Task<HttpClient> AdminAsync() => _host.HttpAsync("admin", [CrmRoles.Admin]);

    [Fact]
    public async Task An_admin_creates_lists_and_changes_users_and_the_specialist_link_reaches_the_token()
    {
        using var admin = await AdminAsync();
        var specialist = await CrmHost.ReadAsync<SpecialistDetails>(await fixture.Http.PostJsonAsync("/api/specialists", new { name = "Користувач Спеціаліст" }));
        var name = Unique("Created");

        var response = await admin.PostJsonAsync("/api/users", new
        {
            userName = name, password = CrmHost.UserPassword, roles = new[] { "specialist", "Methodologist" }, specialistId = specialist.Id,
        });
        await StatusAsync(HttpStatusCode.Created, response);
        var created = await CrmHost.ReadAsync<UserDetails>(response);
        Assert.Equal((name, "Methodologist,Specialist", specialist.Id, false), (created.UserName, string.Join(",", created.Roles), created.SpecialistId, created.Locked));
        Assert.Equal($"/api/users/{created.Id}", response.Headers.Location!.OriginalString);

        var listed = (await CrmHost.ReadAsync<List<UserDetails>>(await admin.GetAsync("/api/users"))).Single(u => u.Id == created.Id);
        Assert.Equal(Users.Shape(created), Users.Shape(listed));
        Assert.Contains((await CrmHost.ReadAsync<List<UserDetails>>(await admin.GetAsync("/api/users"))), u => u.UserName == "admin" && u.Roles.SequenceEqual([CrmRoles.Admin]));

        // The link is in the token: the specialist sets their own availability, which needs it.
        using var own = _host.AnonymousHttp();
        own.DefaultRequestHeaders.Authorization = new("Bearer", (await CrmHost.ReadAsync<IssuedToken>(await _host.RequestTokenAsync(name, CrmHost.UserPassword))).AccessToken);
        await StatusAsync(HttpStatusCode.OK, await own.PutJsonAsync($"/api/specialists/{specialist.Id}/availability", new { status = "OffShift" }));
        // Many requests at once with a token whose check is not cached yet (they wait for one load of the stamp): all are answered.
        Forget(created.Id);
        var together = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => own.GetAsync($"/api/specialists/{specialist.Id}")));
        Assert.All(together, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var changed = await CrmHost.ReadAsync<UserDetails>(await admin.PutJsonAsync($"/api/users/{created.Id}", new { roles = new[] { CrmRoles.Dispatcher }, specialistId = (Guid?)null, locked = true }));
        Assert.Equal(("Dispatcher", null, true), (string.Join(",", changed.Roles), changed.SpecialistId, changed.Locked));
        await StatusAsync(HttpStatusCode.Unauthorized, await own.GetAsync($"/api/specialists/{specialist.Id}")); // the token issued before the change is refused at once
        await StatusAsync((HttpStatusCode)StatusCodes.Locked, await _host.RequestTokenAsync(name, CrmHost.UserPassword));

        var unlocked = await CrmHost.ReadAsync<UserDetails>(await admin.PutJsonAsync($"/api/users/{created.Id}", new { roles = new[] { CrmRoles.Dispatcher }, locked = false, password = "Another-Pass-2" }));
        Assert.False(unlocked.Locked);
        await StatusAsync(HttpStatusCode.Unauthorized, await _host.RequestTokenAsync(name, CrmHost.UserPassword));
        await StatusAsync(HttpStatusCode.OK, await _host.RequestTokenAsync(name, "Another-Pass-2"));
    }

    private void Forget(string userId) => _host.Services.GetRequiredService<TokenRevocation>().Forget(userId);

    [Fact]
    public async Task Invalid_users_are_400_naming_every_field_and_duplicates_are_409()
    {
        using var admin = await AdminAsync();
        await ApiAssert.AssertFieldErrorsAsync(
            await admin.PostJsonAsync("/api/users", new { userName = "with space", password = "short", roles = new[] { "Manager", "Boss" }, specialistId = Guid.NewGuid() }),
            "userName", "password", "roles[1]", "specialistId");
        await ApiAssert.AssertFieldErrorsAsync(await admin.PostJsonAsync("/api/users", new { }), "userName", "password", "roles");
        await ApiAssert.AssertFieldErrorsAsync(await admin.PostJsonAsync("/api/users", new { userName = Unique("x"), password = "alllowercase1!", roles = new[] { "Manager" } }), "password");

        var name = Unique("dup");
        await StatusAsync(HttpStatusCode.Created, await admin.PostJsonAsync("/api/users", new { userName = name, password = CrmHost.UserPassword, roles = new[] { "Manager" } }));
        var duplicate = await admin.PostJsonAsync("/api/users", new { userName = name.ToUpperInvariant(), password = CrmHost.UserPassword, roles = new[] { "Manager" } });
        await StatusAsync(HttpStatusCode.Conflict, duplicate);
        Assert.Equal("application/problem+json", duplicate.Content.Headers.ContentType?.MediaType);

        await StatusAsync(HttpStatusCode.NotFound, await admin.PutJsonAsync($"/api/users/{Guid.NewGuid()}", new { roles = new[] { "Manager" } }));
        await ApiAssert.AssertFieldErrorsAsync(await admin.PutJsonAsync($"/api/users/{Guid.NewGuid()}", new { roles = Array.Empty<string>() }), "roles");
    }

    [Fact]
    public async Task One_specialist_is_one_user()
    {
        using var admin = await AdminAsync();
        var specialist = await CrmHost.ReadAsync<SpecialistDetails>(await fixture.Http.PostJsonAsync("/api/specialists", new { name = "Один на одного" }));
        await StatusAsync(HttpStatusCode.Created, await admin.PostJsonAsync("/api/users", new { userName = Unique("first"), password = CrmHost.UserPassword, roles = new[] { "Specialist" }, specialistId = specialist.Id }));
        await StatusAsync(HttpStatusCode.Conflict, await admin.PostJsonAsync("/api/users", new { userName = Unique("second"), password = CrmHost.UserPassword, roles = new[] { "Specialist" }, specialistId = specialist.Id }));
    }

    [Fact]
    public async Task Only_admins_manage_users()
    {
        foreach (var role in CrmRoles.All.Where(r => r != CrmRoles.Admin))
        {
            using var http = _host.Http(role);
            await StatusAsync(HttpStatusCode.Forbidden, await http.GetAsync("/api/users"), role);
            await StatusAsync(HttpStatusCode.Forbidden, await http.PostJsonAsync("/api/users", new { userName = Unique("x"), password = CrmHost.UserPassword, roles = new[] { "Admin" } }), role);
        }
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteUserManagementTests(SqliteHostFixture fixture) : UserManagementTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresUserManagementTests(PostgresHostFixture fixture) : UserManagementTests(fixture);

/// <summary>A user as a comparable value (the record's role list compares by reference).</summary>
internal static class Users
{
    public static string Shape(UserDetails user) => $"{user.Id} {user.UserName} [{string.Join(",", user.Roles)}] {user.SpecialistId} {user.Locked}";
}
