using System.Net;
using System.Text.Json.Nodes;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Tests.TestData;
using OrleansCrm.Testing;

namespace OrleansCrm.Staff.Tests.Api;

/// <summary>
/// The Staff API over the real host. Every test makes its own specialists, with a tag in their names and as a skill code,
/// so tests sharing one database never see each other's data.
/// </summary>
public abstract class SpecialistsApiTests(HostFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;
    private readonly StaffApi _api = new(fixture.Http);
    private readonly string _tag = SpecialistJson.Tag();

    [Fact]
    public async Task Create_returns_the_specialist_with_defaults_and_get_reads_it()
    {
        var response = await _api.PostAsync(SpecialistJson.Specialist($"Коваль {_tag} Андрій", [("MEDOC", 3), (" 1C.ERP ", 5)]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var specialist = await CrmHost.ReadAsync<SpecialistDetails>(response);
        Assert.Equal($"/api/specialists/{specialist.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(1, specialist.Version);
        Assert.Equal($"Коваль {_tag} Андрій", specialist.Name);
        Assert.Equal([new Skill("medoc", 3), new Skill("1c.erp", 5)], specialist.Skills);
        Assert.Equal(3, specialist.QualificationGrade);
        Assert.Equal(10, specialist.Capacity);
        Assert.Equal(new Availability(AvailabilityStatus.OnDuty, null), specialist.Availability);
        Assert.Equal(0, specialist.Load);
        Assert.Empty(specialist.OpenTickets);
        Assert.Empty(specialist.Certificates);
        Assert.Null(specialist.UserId);
        // A newcomer: grade 3 → 18, the neutral 10 for punctuality, nothing else yet.
        Assert.Equal(new RatingParts(24, 0, 0, 10, 0, 34), specialist.RatingParts);
        Assert.Equal(34, specialist.Rating);
        Assert.Equal(new WorkCounters(0, 0, 0, 0, 0, 0, 0), specialist.Counters);

        var read = await _api.GetAsync(specialist.Id);
        Assert.Equal(specialist.Version, read.Version);
        Assert.Equal(specialist.Skills, read.Skills);
        Assert.Equal(specialist.RatingParts, read.RatingParts);
    }

    [Fact]
    public async Task Grade_capacity_and_certificates_are_kept_and_rated()
    {
        var recent = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-3)).ToString("yyyy-MM-dd");
        var specialist = await _api.CreateAsync(SpecialistJson.Specialist($"Сертифікована {_tag}", [("bas", 4)], grade: 5, capacity: 14,
            certificates: [("BAS ERP: спеціаліст", recent), ("1С:Професіонал", "2019-05-01")]));

        Assert.Equal(5, specialist.QualificationGrade);
        Assert.Equal(14, specialist.Capacity);
        Assert.Equal(["BAS ERP: спеціаліст", "1С:Професіонал"], specialist.Certificates.Select(c => c.Name));
        Assert.Equal(new DateOnly(2019, 5, 1), specialist.Certificates[1].Date);
        // Grade 5 → 30; one certificate of the last two years → 5.
        Assert.Equal(new RatingParts(40, 0, 5, 10, 0, 55), specialist.RatingParts);
    }

    [Fact]
    public async Task Json_uses_camel_case_and_enum_names()
    {
        var response = await _api.PostAsync(SpecialistJson.Specialist($"Джсон {_tag}"));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("OnDuty", json["availability"]!["status"]!.GetValue<string>());
        Assert.Null(json["availability"]!["until"]);
        Assert.True(json["availability"]!.AsObject().ContainsKey("until"));
        Assert.Equal("medoc", json["skills"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(3, json["skills"]![0]!["level"]!.GetValue<int>());
        foreach (var field in new[] { "id", "version", "name", "userId", "qualificationGrade", "certificates", "capacity", "load", "openTickets", "rating", "ratingParts", "counters" })
        {
            Assert.True(json.AsObject().ContainsKey(field), field);
        }

        Assert.Equal(10, json["ratingParts"]!["onTime"]!.GetValue<double>());
        Assert.Equal(0, json["counters"]!["resolvedLast90Days"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_filters_by_skill_level_availability_and_name_with_totals()
    {
        var expert = await _api.CreateAsync(SpecialistJson.Specialist($"Андрієнко {_tag} Експерт", [(_tag, 5), ("medoc", 2)]));
        var junior = await _api.CreateAsync(SpecialistJson.Specialist($"Борисенко {_tag} Молодший", [(_tag, 2)]));
        var other = await _api.CreateAsync(SpecialistJson.Specialist($"Василенко {_tag} Інший", [("network", 4)]));
        await _api.SetAvailabilityAsync(junior.Id, "Absent", DateTimeOffset.UtcNow.AddDays(3));
        await _api.SetAvailabilityAsync(other.Id, "OffShift");

        var all = await _api.ListAsync($"search={_tag}");
        Assert.Equal(3, all.Total);
        Assert.Equal(3, (await _api.ListAsync($"search={_tag}&skill=")).Total); // an empty filter filters nothing
        Assert.Equal([expert.Id, junior.Id, other.Id], all.Items.Select(s => s.Id));
        var row = all.Items[0];
        Assert.Equal(expert.Name, row.Name);
        Assert.Equal([new Skill(_tag, 5), new Skill("medoc", 2)], row.Skills);
        Assert.Equal(10, row.Capacity);
        Assert.Equal(0, row.Load);
        Assert.Equal(expert.Rating, row.Rating);
        Assert.Equal(AvailabilityStatus.Absent, all.Items[1].Availability.Status);
        Assert.NotNull(all.Items[1].Availability.Until);

        Assert.Equal([expert.Id, junior.Id], (await _api.ListAsync($"skill={_tag}")).Items.Select(s => s.Id));
        Assert.Equal([expert.Id], (await _api.ListAsync($"skill={_tag.ToUpperInvariant()}&minLevel=3")).Items.Select(s => s.Id));
        Assert.Equal(0, (await _api.ListAsync($"skill={_tag}&minLevel=5&availability=Absent")).Total);

        Assert.Equal([expert.Id], (await _api.ListAsync($"search={_tag}&availability=OnDuty")).Items.Select(s => s.Id));
        Assert.Equal([junior.Id], (await _api.ListAsync($"search={_tag}&availability=Absent")).Items.Select(s => s.Id));
        Assert.Equal([other.Id], (await _api.ListAsync($"search={_tag}&availability=OffShift")).Items.Select(s => s.Id));

        // Any part of the name, any case, Cyrillic included.
        Assert.Equal([junior.Id], (await _api.ListAsync($"search={Uri.EscapeDataString($"БОРИСЕНКО {_tag} мол")}")).Items.Select(s => s.Id));

        var second = await _api.ListAsync($"search={_tag}&page=2&pageSize=2");
        Assert.Equal(3, second.Total);
        Assert.Equal(2, second.Page);
        Assert.Equal(2, second.PageSize);
        Assert.Equal([other.Id], second.Items.Select(s => s.Id));
    }

    [Fact]
    public async Task Set_skills_replaces_them_and_the_list_follows()
    {
        var specialist = await _api.CreateAsync(SpecialistJson.Specialist($"Навички {_tag}", [("medoc", 3)]));

        var response = await _api.PutSkillsAsync(specialist.Id, [(_tag, 4), ("QES", 2)]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await CrmHost.ReadAsync<SpecialistDetails>(response);
        Assert.Equal(2, updated.Version);
        Assert.Equal([new Skill(_tag, 4), new Skill("qes", 2)], updated.Skills);

        // The same skills again change nothing.
        var again = await CrmHost.ReadAsync<SpecialistDetails>(await _api.PutSkillsAsync(specialist.Id, [(_tag, 4), ("qes", 2)]));
        Assert.Equal(2, again.Version);

        var listed = Assert.Single((await _api.ListAsync($"skill={_tag}&minLevel=4")).Items);
        Assert.Equal(2, listed.Version);
        Assert.Equal(updated.Skills, listed.Skills);
        Assert.Equal(0, (await _api.ListAsync($"search={_tag}&skill=medoc")).Total);

        var none = await CrmHost.ReadAsync<SpecialistDetails>(await _api.PutSkillsAsync(specialist.Id, []));
        Assert.Empty(none.Skills);
        Assert.Equal(0, (await _api.ListAsync($"skill={_tag}")).Total);
    }

    [Fact]
    public async Task Availability_moves_between_on_duty_absent_and_off_shift()
    {
        var specialist = await _api.CreateAsync(SpecialistJson.Specialist($"Доступність {_tag}"));
        var until = new DateTimeOffset(DateTime.UtcNow.AddDays(2).Date.AddHours(9), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(3));

        var absent = await _api.SetAvailabilityAsync(specialist.Id, "Absent", until);
        Assert.Equal(AvailabilityStatus.Absent, absent.Availability.Status);
        Assert.Equal(until, absent.Availability.Until);
        Assert.Equal(TimeSpan.Zero, absent.Availability.Until!.Value.Offset); // stored and shown in UTC
        Assert.Equal(2, absent.Version);

        var read = await _api.GetAsync(specialist.Id);
        Assert.Equal(absent.Availability, read.Availability);

        var listed = Assert.Single((await _api.ListAsync($"search={_tag}")).Items);
        Assert.Equal(absent.Availability, listed.Availability);

        // Absent until further notice.
        var open = await _api.SetAvailabilityAsync(specialist.Id, "Absent");
        Assert.Equal(new Availability(AvailabilityStatus.Absent, null), open.Availability);

        var offShift = await _api.SetAvailabilityAsync(specialist.Id, "OffShift");
        Assert.Equal(new Availability(AvailabilityStatus.OffShift, null), offShift.Availability);
        Assert.Equal(4, offShift.Version);

        // The same availability again changes nothing.
        Assert.Equal(4, (await _api.SetAvailabilityAsync(specialist.Id, "OffShift")).Version);

        var onDuty = await _api.SetAvailabilityAsync(specialist.Id, "OnDuty");
        Assert.Equal(new Availability(AvailabilityStatus.OnDuty, null), onDuty.Availability);
        Assert.Equal(AvailabilityStatus.OnDuty, Assert.Single((await _api.ListAsync($"search={_tag}&availability=OnDuty")).Items).Availability.Status);
    }

    [Fact]
    public async Task An_absence_ends_by_itself_when_its_date_passes()
    {
        var specialist = await _api.CreateAsync(SpecialistJson.Specialist($"Відпустка {_tag}"));
        var absent = await _api.SetAvailabilityAsync(specialist.Id, "Absent", DateTimeOffset.UtcNow.AddSeconds(3));
        Assert.Equal(AvailabilityStatus.Absent, absent.Availability.Status);

        // The reminder persists OnDuty (a new version) without anyone asking the specialist.
        var listed = await _api.ListedEventuallyAsync(_tag, specialist.Id, s => s.Version > absent.Version, TimeSpan.FromSeconds(30));
        Assert.Equal(absent.Version + 1, listed.Version);
        Assert.Equal(new Availability(AvailabilityStatus.OnDuty, null), listed.Availability);

        var read = await _api.GetAsync(specialist.Id);
        Assert.Equal(new Availability(AvailabilityStatus.OnDuty, null), read.Availability);
        Assert.Equal(absent.Version + 1, read.Version);
    }

    [Fact]
    public async Task Wrong_availability_is_400_naming_the_field()
    {
        var specialist = await _api.CreateAsync(SpecialistJson.Specialist($"Неправильна {_tag}"));

        await ApiAssert.AssertFieldErrorsAsync(await _api.PutAvailabilityAsync(specialist.Id, "Absent", DateTimeOffset.UtcNow.AddMinutes(-5)), "until");
        await ApiAssert.AssertFieldErrorsAsync(await _api.PutAvailabilityAsync(specialist.Id, "OffShift", DateTimeOffset.UtcNow.AddDays(1)), "until");
        await ApiAssert.AssertFieldErrorsAsync(await _http.PutAsync($"/api/specialists/{specialist.Id}/availability", Json("""{ "until": null }""")), "status");
        await ApiAssert.AssertFieldErrorsAsync(await _http.PutAsync($"/api/specialists/{specialist.Id}/availability", Json("""{ "status": "Sleeping" }""")), "status");

        Assert.Equal(1, (await _api.GetAsync(specialist.Id)).Version); // nothing was written
    }

    [Fact]
    public async Task Every_invalid_field_is_named_in_one_answer()
    {
        var body = new JsonObject
        {
            ["name"] = "",
            ["skills"] = SpecialistJson.Skills([("1C ERP!", 3), ("medoc", 7), ("Medoc", 2), ("", 1)]),
            ["qualificationGrade"] = 9,
            ["capacity"] = 0,
            ["certificates"] = new JsonArray(
                new JsonObject { ["name"] = "", ["date"] = "2024-01-01" },
                new JsonObject { ["name"] = "Із майбутнього", ["date"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd") },
                new JsonObject { ["name"] = "Без дати" }),
        };

        await ApiAssert.AssertFieldErrorsAsync(await _api.PostAsync(body),
            "name", "skills[0].code", "skills[1].level", "skills[2].code", "skills[3].code",
            "qualificationGrade", "capacity", "certificates[0].name", "certificates[1].date", "certificates[2].date");

        var specialist = await _api.CreateAsync(SpecialistJson.Specialist($"Навички {_tag}"));
        await ApiAssert.AssertFieldErrorsAsync(await _api.PutSkillsAsync(specialist.Id, [("bas", 0), ("a b", 2), ("BAS", 3)]),
            "skills[0].level", "skills[1].code", "skills[2].code");
        await ApiAssert.AssertFieldErrorsAsync(await _http.PutAsync($"/api/specialists/{specialist.Id}/skills", Json("{}")), "skills");
        await ApiAssert.AssertFieldErrorsAsync(await _http.PostAsync("/api/specialists", Json("""{ "name": "X", "capacity": "багато" }""")), "capacity");

        Assert.Equal(1, (await _api.ListAsync($"search={_tag}")).Total); // only the valid one was written
    }

    [Fact]
    public async Task Unknown_specialist_is_404_problem()
    {
        var id = Guid.NewGuid();
        var get = await _http.GetAsync($"/api/specialists/{id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.PutSkillsAsync(id, [("bas", 3)])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.PutAvailabilityAsync(id, "OffShift")).StatusCode);
    }

    [Fact]
    public async Task Create_with_an_idempotency_key_happens_once()
    {
        var body = SpecialistJson.Specialist($"Повтор {_tag}", [("bas", 3)]);
        var key = Guid.NewGuid().ToString();

        var first = await CrmHost.ReadAsync<SpecialistDetails>(await _api.PostAsync(body, key));
        var again = await _api.PostAsync(body, key);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var second = await CrmHost.ReadAsync<SpecialistDetails>(again);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, second.Version);
        Assert.Equal(1, (await _api.ListAsync($"search={_tag}")).Total);

        var different = await _api.PostAsync(SpecialistJson.Specialist($"Інший {_tag}"), key);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
    }

    [Fact]
    public async Task Bad_list_parameters_are_400()
    {
        await ApiAssert.AssertFieldErrorsAsync(await _http.GetAsync("/api/specialists?page=0"), "page");
        await ApiAssert.AssertFieldErrorsAsync(await _http.GetAsync("/api/specialists?pageSize=1000"), "pageSize");
        await ApiAssert.AssertFieldErrorsAsync(await _http.GetAsync("/api/specialists?skill=medoc&minLevel=6"), "minLevel");
        await ApiAssert.AssertFieldErrorsAsync(await _http.GetAsync("/api/specialists?minLevel=3"), "minLevel");
        await ApiAssert.AssertFieldErrorsAsync(await _http.GetAsync("/api/specialists?skill=a%20b"), "skill");
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("/api/specialists?availability=Sleeping")).StatusCode);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteSpecialistsApiTests(SqliteHostFixture fixture) : SpecialistsApiTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresSpecialistsApiTests(PostgresHostFixture fixture) : SpecialistsApiTests(fixture);
