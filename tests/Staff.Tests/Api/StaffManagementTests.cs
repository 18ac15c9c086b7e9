using System.Globalization;
using System.Net;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Tests.TestData;
using OrleansCrm.Testing;

namespace OrleansCrm.Staff.Tests.Api;

/// <summary>
/// What the staff page does through the API as well: capacity, the list's order, and bad values that must never be
/// stored (an availability status that does not exist).
/// </summary>
public abstract class StaffManagementTests(HostFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;
    private readonly StaffApi _api = new(fixture.Http);
    private readonly string _tag = SpecialistJson.Tag();

    [Fact]
    public async Task An_undefined_availability_status_is_400_naming_status_and_writes_nothing()
    {
        var specialist = await _api.CreateAsync(SpecialistJson.Specialist($"Статус {_tag}"));

        var refused = await _http.PutAsync($"/api/specialists/{specialist.Id}/availability", Json("""{ "status": 999 }"""));
        await ApiAssert.AssertFieldErrorsAsync(refused, "status");
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        // The API's edge refuses an undefined enum before the module's validator sees it (which the web UI's Mediator calls meet).
        Assert.Equal("Http.UndefinedValue", problem["errorCodes"]!["status"]![0]!.GetValue<string>());
        await ApiAssert.AssertFieldErrorsAsync(
            await _http.PutAsync($"/api/specialists/{specialist.Id}/availability", Json("""{ "status": 999, "until": "2099-01-01T00:00:00Z" }""")), "status");

        var read = await _api.GetAsync(specialist.Id);
        Assert.Equal((1, new Availability(AvailabilityStatus.OnDuty, null)), (read.Version, read.Availability)); // nothing was written
        Assert.Equal(AvailabilityStatus.OnDuty, Assert.Single((await _api.ListAsync($"search={_tag}")).Items).Availability.Status);

        await ApiAssert.AssertFieldErrorsAsync(await _http.GetAsync("/api/specialists?availability=999"), "availability");
        await ApiAssert.AssertFieldErrorsAsync(await _http.GetAsync("/api/specialists?sort=999"), "sort");
    }

    [Fact]
    public async Task Capacity_is_set_listed_and_refused_out_of_range()
    {
        var specialist = await _api.CreateAsync(SpecialistJson.Specialist($"Місткість {_tag}"));
        Assert.Equal(10, specialist.Capacity);

        var changed = await ReadOkAsync(await PutCapacityAsync(_http, specialist.Id, 14));
        Assert.Equal((14, 2), (changed.Capacity, changed.Version));
        Assert.Equal(14, Assert.Single((await _api.ListAsync($"search={_tag}")).Items).Capacity);
        Assert.Equal(2, (await ReadOkAsync(await PutCapacityAsync(_http, specialist.Id, 14))).Version); // the same again changes nothing

        await ApiAssert.AssertFieldErrorsAsync(await PutCapacityAsync(_http, specialist.Id, 0), "capacity");
        await ApiAssert.AssertFieldErrorsAsync(await PutCapacityAsync(_http, specialist.Id, 101), "capacity");
        await ApiAssert.AssertFieldErrorsAsync(await _http.PutAsync($"/api/specialists/{specialist.Id}/capacity", Json("{}")), "capacity");
        var kept = await _api.GetAsync(specialist.Id);
        Assert.Equal((14, 2), (kept.Capacity, kept.Version)); // refused: nothing written

        Assert.Equal(HttpStatusCode.NotFound, (await PutCapacityAsync(_http, Guid.NewGuid(), 5)).StatusCode);
    }

    [Fact]
    public async Task Capacity_is_for_the_roles_that_create_specialists()
    {
        var specialist = await _api.CreateAsync(SpecialistJson.Specialist($"Ролі {_tag}"));
        string[] planners = [CrmRoles.Director, CrmRoles.Dispatcher, CrmRoles.Admin];
        var capacity = 11;
        foreach (var role in CrmRoles.All)
        {
            using var http = fixture.Host.Http(role);
            var response = await PutCapacityAsync(http, specialist.Id, capacity);
            if (planners.Contains(role))
            {
                Assert.Equal(capacity++, (await ReadOkAsync(response)).Capacity);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role}: {response.StatusCode}");
            }
        }

        Assert.Equal(13, (await _api.GetAsync(specialist.Id)).Capacity);
    }

    [Fact]
    public async Task The_list_sorts_by_load_share_capacity_rating_and_name_either_way()
    {
        var small = await _api.CreateAsync(SpecialistJson.Specialist($"Бета {_tag}", capacity: 4, grade: 5));
        var large = await _api.CreateAsync(SpecialistJson.Specialist($"Альфа {_tag}", capacity: 40, grade: 1));
        var middle = await _api.CreateAsync(SpecialistJson.Specialist($"Гамма {_tag}", capacity: 10, grade: 3));

        async Task<Guid[]> Order(string sort) => [.. (await _api.ListAsync($"search={_tag}&{sort}")).Items.Select(s => s.Id)];

        Assert.Equal([large.Id, small.Id, middle.Id], await Order("sort=Name"));
        Assert.Equal([middle.Id, small.Id, large.Id], await Order("sort=Name&descending=true"));
        Assert.Equal([small.Id, middle.Id, large.Id], await Order("sort=Capacity"));
        Assert.Equal([large.Id, middle.Id, small.Id], await Order("sort=Capacity&descending=true"));
        Assert.Equal([small.Id, middle.Id, large.Id], await Order("sort=Rating&descending=true"));

        // Load share: 2 of 4 is fuller than 2 of 10 and 0 of 40.
        var grains = fixture.Host.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<ISpecialistGrain>(small.Id).RecordWork(new WorkEvent(Guid.NewGuid(), 1, WorkEventKind.Assigned, 2, DateTimeOffset.UtcNow, true));
        await grains.GetGrain<ISpecialistGrain>(middle.Id).RecordWork(new WorkEvent(Guid.NewGuid(), 1, WorkEventKind.Assigned, 2, DateTimeOffset.UtcNow, true));
        Assert.Equal([small.Id, middle.Id, large.Id], await Order("sort=Load&descending=true"));
        Assert.Equal([large.Id, middle.Id, small.Id], await Order("sort=Load"));
    }

    [Fact]
    public async Task The_staff_page_reads_the_modules_messages_in_Ukrainian()
    {
        var specialist = await _api.CreateAsync(SpecialistJson.Specialist($"Мова {_tag}"));
        var sender = fixture.Host.Services.GetRequiredService<ISender>();
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("uk"); // what a Blazor circuit of a Ukrainian user runs under
        try
        {
            var status = await Assert.ThrowsAsync<ValidationException>(() =>
                sender.Send(new SetAvailability.SetAvailability((AvailabilityStatus)999, null) { SpecialistId = specialist.Id, Caller = Caller.System }).AsTask());
            Assert.Equal("Такого статусу немає: на зміні, відсутній або поза зміною.", Assert.Single(status.Errors).ErrorMessage);

            var create = await Assert.ThrowsAsync<ValidationException>(() =>
                sender.Send(new CreateSpecialist.CreateSpecialist(new string('я', 201), null, [new(null, 9)], null, null, 0)).AsTask());
            var messages = create.Errors.ToLookup(e => e.PropertyName, e => e.ErrorMessage);
            Assert.Contains("Ім'я", Assert.Single(messages["Name"]), StringComparison.Ordinal); // FluentValidation's own sentence, our field name
            Assert.Equal("Вкажіть код навички.", Assert.Single(messages["Skills[0].Code"]));
            Assert.Equal("Рівень — від 1 до 5.", Assert.Single(messages["Skills[0].Level"]));
            Assert.StartsWith("Місткість — від 1 до 100", Assert.Single(messages["Capacity"]), StringComparison.Ordinal);

            var missing = await Assert.ThrowsAsync<NotFoundException>(() => sender.Send(new SetCapacity.SetCapacity(5) { SpecialistId = Guid.Empty }).AsTask());
            Assert.Equal($"Спеціаліст {Guid.Empty} не існує.", missing.Localized());
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }

        Assert.Equal(1, (await _api.GetAsync(specialist.Id)).Version);
    }

    private static Task<HttpResponseMessage> PutCapacityAsync(HttpClient http, Guid id, int capacity) =>
        http.PutAsJsonAsync($"/api/specialists/{id}/capacity", new JsonObject { ["capacity"] = capacity });

    private static async Task<SpecialistDetails> ReadOkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await CrmHost.ReadAsync<SpecialistDetails>(response);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteStaffManagementTests(SqliteHostFixture fixture) : StaffManagementTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresStaffManagementTests(PostgresHostFixture fixture) : StaffManagementTests(fixture);
