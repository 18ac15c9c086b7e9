using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;
using static OrleansCrm.Identity.Tests.HttpAssert;

namespace OrleansCrm.Identity.Tests;

/// <summary>
/// Bad input to user management is refused field by field and writes nothing; its refusals travel as codes, and the
/// users page (which sends the same messages through Mediator) reads them in the user's language.
/// </summary>
public abstract class UserManagementInputTests(HostFixture fixture)
{
    private readonly CrmHost _host = fixture.Host;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task A_bad_change_names_each_field_and_leaves_the_user_as_they_were()
    {
        using var admin = await _host.HttpAsync("admin", [CrmRoles.Admin]);
        var name = Unique("change");
        var created = await CrmHost.ReadAsync<UserDetails>(await admin.PostJsonAsync("/api/users", new { userName = name, password = CrmHost.UserPassword, roles = new[] { "Manager" } }));

        var refused = await admin.PutAsync($"/api/users/{created.Id}", new StringContent(
            """{ "roles": ["Manager", null, ""], "password": "short", "specialistId": "00000000-0000-0000-0000-000000000001", "locked": true }""",
            System.Text.Encoding.UTF8, "application/json"));
        await ApiAssert.AssertFieldErrorsAsync(refused, "roles[1]", "roles[2]", "password", "specialistId");
        var codes = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errorCodes"]!;
        Assert.Contains("Identity.PasswordTooShort", codes["password"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("Identity.RoleUnknown", codes["roles[1]"]![0]!.GetValue<string>());
        Assert.Equal("Identity.SpecialistNotFound", codes["specialistId"]![0]!.GetValue<string>());

        // Nothing changed: not locked, same roles, and the old password still signs in.
        var after = (await CrmHost.ReadAsync<List<UserDetails>>(await admin.GetAsync("/api/users"))).Single(u => u.Id == created.Id);
        Assert.Equal(Users.Shape(created), Users.Shape(after));
        await StatusAsync(HttpStatusCode.OK, await _host.RequestTokenAsync(name, CrmHost.UserPassword));
    }

    [Fact]
    public async Task Refusals_carry_their_code_beside_the_English_detail()
    {
        using var admin = await _host.HttpAsync("admin", [CrmRoles.Admin]);
        var name = Unique("taken");
        await StatusAsync(HttpStatusCode.Created, await admin.PostJsonAsync("/api/users", new { userName = name, password = CrmHost.UserPassword, roles = new[] { "Manager" } }));

        var taken = await ProblemAsync(HttpStatusCode.Conflict, await admin.PostJsonAsync("/api/users", new { userName = name, password = CrmHost.UserPassword, roles = new[] { "Manager" } }));
        Assert.Equal(("Identity.UserNameTaken", $"A user named '{name}' already exists."), (taken["code"]!.GetValue<string>(), taken["detail"]!.GetValue<string>()));

        var missing = Guid.NewGuid().ToString();
        var unknown = await ProblemAsync(HttpStatusCode.NotFound, await admin.PutJsonAsync($"/api/users/{missing}", new { roles = new[] { "Manager" } }));
        Assert.Equal(("Identity.UserNotFound", $"User {missing} does not exist."), (unknown["code"]!.GetValue<string>(), unknown["detail"]!.GetValue<string>()));

        var specialist = await CrmHost.ReadAsync<SpecialistDetails>(await fixture.Http.PostJsonAsync("/api/specialists", new { name = "Зайнятий Фахівець" }));
        await StatusAsync(HttpStatusCode.Created, await admin.PostJsonAsync("/api/users", new { userName = Unique("first"), password = CrmHost.UserPassword, roles = new[] { "Specialist" }, specialistId = specialist.Id }));
        var linked = await ProblemAsync(HttpStatusCode.Conflict,
            await admin.PostJsonAsync("/api/users", new { userName = Unique("second"), password = CrmHost.UserPassword, roles = new[] { "Specialist" }, specialistId = specialist.Id }));
        Assert.Equal("Identity.SpecialistAlreadyLinked", linked["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_users_page_reads_validation_and_refusals_in_Ukrainian()
    {
        var sender = _host.Services.GetRequiredService<ISender>();
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("uk"); // what a Blazor circuit of a Ukrainian user runs under
        try
        {
            var invalid = await Assert.ThrowsAsync<ValidationException>(() =>
                sender.Send(new CreateUser.CreateUser("з пробілом", "short", ["Boss"], null)).AsTask());
            var messages = invalid.Errors.ToLookup(e => e.PropertyName, e => e.ErrorMessage);
            Assert.Contains("Ім'я користувача може містити лише латинські літери, цифри та . _ @ + -.", messages["UserName"]);
            Assert.Contains("Пароль має містити щонайменше 8 символів.", messages["Password"]);
            Assert.StartsWith("Такої ролі немає", Assert.Single(messages["Roles[0]"]));

            var refused = await Assert.ThrowsAsync<NotFoundException>(() =>
                sender.Send(new UpdateUser.UpdateUser(["Manager"], null, null, null) { Id = "nobody" }).AsTask());
            Assert.Equal("Користувач nobody не існує.", refused.Localized());
            Assert.Equal("User nobody does not exist.", refused.Message); // logs and the API stay English
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static async Task<JsonNode> ProblemAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        await StatusAsync(expected, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteUserManagementInputTests(SqliteHostFixture fixture) : UserManagementInputTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresUserManagementInputTests(PostgresHostFixture fixture) : UserManagementInputTests(fixture);
