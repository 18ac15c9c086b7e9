using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Tests.TestData;
using OrleansCrm.Testing;
using static OrleansCrm.Testing.ApiAssert;

namespace OrleansCrm.Clients.Tests.Api;

/// <summary>
/// The Clients API over the real host. Every test makes its own clients, tagged with a unique segment,
/// so tests sharing one database never see each other's data.
/// </summary>
public abstract class ClientsApiTests(HostFixture fixture)
{
    private readonly HostFixture _fixture = fixture;
    private readonly HttpClient _http = fixture.Http;
    private readonly string _tag = "t-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Create_returns_the_normalised_card_with_id_and_version()
    {
        var phone = TestPhones.Next();
        var response = await PostAsync(ClientJson.Company("ТОВ «Ромашка-Сервіс»", TestTaxIds.Edrpou(), _tag,
            contacts: [ClientJson.Contact("Іваненко Марія", TestPhones.Spaced(phone), "Maria.Ivanenko@Romashka.UA")]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var client = await CrmHost.ReadAsync<ClientDetails>(response);
        Assert.Equal($"/api/clients/{client.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(1, client.Version);
        Assert.Equal("ТОВ «Ромашка-Сервіс»", client.LegalName);
        Assert.Equal(ClientKind.Company, client.Kind);
        Assert.Equal(SupportStatus.Active, client.SupportStatus);
        var contact = Assert.Single(client.Contacts);
        Assert.Equal([phone], contact.Phones);
        Assert.Equal(["maria.ivanenko@romashka.ua"], contact.Emails);
        Assert.Equal([_tag], client.Segments);
        Assert.Equal("1C:Бухгалтерія 8 для України", Assert.Single(client.Installations).Product);

        var read = await CrmHost.ReadAsync<ClientDetails>(await _http.GetAsync($"/api/clients/{client.Id}"));
        Assert.Equal(client.Id, read.Id);
        Assert.Equal(client.Version, read.Version);
        Assert.Equal(contact.Id, Assert.Single(read.Contacts).Id);
        Assert.Equal(new CustomAttribute(AttributeType.Number, "12.5"), read.Attributes["workstations"]);
        Assert.Equal(new CustomAttribute(AttributeType.Date, "2024-03-01"), read.Attributes["clientSince"]);
        Assert.Equal(new CustomAttribute(AttributeType.Bool, "true"), read.Attributes["vatPayer"]);
    }

    [Fact]
    public async Task Json_uses_camel_case_and_enum_names()
    {
        var response = await PostAsync(ClientJson.Company("ФОП Джсон", TestTaxIds.Rnokpp(), _tag, kind: "SoleProprietor"));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("SoleProprietor", json["kind"]!.GetValue<string>());
        Assert.Equal("Active", json["supportStatus"]!.GetValue<string>());
        Assert.NotNull(json["legalName"]);
        Assert.NotNull(json["contacts"]![0]!["phones"]);
        Assert.Equal(1, json["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_client_is_404_problem()
    {
        var response = await _http.GetAsync($"/api/clients/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var update = await _http.PutAsJsonAsync($"/api/clients/{Guid.NewGuid()}", ClientJson.Company("Нема", null, _tag, version: 1));
        Assert.Equal(HttpStatusCode.NotFound, update.StatusCode);
    }

    [Fact]
    public async Task Update_bumps_the_version_and_a_stale_update_is_409()
    {
        var created = await CreateAsync(ClientJson.Company("ТОВ «Версія»", TestTaxIds.Edrpou(), _tag));

        var renamed = ClientJson.Company("ТОВ «Версія Два»", created.TaxId, _tag, version: 1, status: "Suspended");
        var updated = await _http.PutAsJsonAsync($"/api/clients/{created.Id}", renamed);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var v2 = await CrmHost.ReadAsync<ClientDetails>(updated);
        Assert.Equal(2, v2.Version);
        Assert.Equal("ТОВ «Версія Два»", v2.LegalName);
        Assert.Equal(SupportStatus.Suspended, v2.SupportStatus);

        // The same update sent again (its response was lost) changes nothing.
        var retried = await _http.PutAsJsonAsync($"/api/clients/{created.Id}", renamed);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, (await CrmHost.ReadAsync<ClientDetails>(retried)).Version);

        // Someone else edited version 1 too: their different change is refused.
        var stale = await _http.PutAsJsonAsync($"/api/clients/{created.Id}", ClientJson.Company("ТОВ «Застаріла»", created.TaxId, _tag, version: 1));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = JsonNode.Parse(await stale.Content.ReadAsStringAsync())!;
        Assert.Equal(409, problem["status"]!.GetValue<int>());
        Assert.Equal(2, problem["currentVersion"]!.GetValue<int>());

        var current = await CrmHost.ReadAsync<ClientDetails>(await _http.GetAsync($"/api/clients/{created.Id}"));
        Assert.Equal("ТОВ «Версія Два»", current.LegalName);
        Assert.Equal(2, current.Version);
    }

    [Fact]
    public async Task Update_without_version_is_400()
    {
        var created = await CreateAsync(ClientJson.Company("ТОВ «Без Версії»", null, _tag));
        var response = await _http.PutAsJsonAsync($"/api/clients/{created.Id}", ClientJson.Company("ТОВ «Без Версії»", null, _tag));
        await AssertFieldErrorsAsync(response, "version");
    }

    [Fact]
    public async Task Search_finds_by_name_in_any_case_and_by_part_of_it()
    {
        var created = await CreateAsync(ClientJson.Company("ТОВ «Полтавський Хлібозавод»", TestTaxIds.Edrpou(), _tag));
        await CreateAsync(ClientJson.Company("ТОВ «Інша Компанія»", TestTaxIds.Edrpou(), _tag));

        foreach (var term in new[] { "хлібозавод", "ПОЛТАВСЬКИЙ", "тавський хліб" })
        {
            var page = await SearchAsync($"search={Uri.EscapeDataString(term)}&segment={_tag}");
            Assert.Equal(created.Id, Assert.Single(page.Items).Id);
            Assert.Equal(1, page.Total);
        }

        // Digits that are not a whole tax id or phone are part of a name.
        var school = await CreateAsync(ClientJson.Company("Ліцей №4217 м. Житомир", TestTaxIds.Edrpou(), _tag, kind: "BudgetInstitution"));
        Assert.Equal(school.Id, Assert.Single((await SearchAsync($"search=4217&segment={_tag}")).Items).Id);
    }

    [Fact]
    public async Task Search_finds_by_tax_id_of_every_kind()
    {
        foreach (var taxId in new[] { TestTaxIds.Edrpou(), TestTaxIds.Rnokpp(), TestTaxIds.Inn10(), TestTaxIds.Inn12() })
        {
            var created = await CreateAsync(ClientJson.Company($"Платник {taxId}", taxId, _tag));
            var page = await SearchAsync($"search={taxId}");
            Assert.Contains(page.Items, c => c.Id == created.Id);
            Assert.All(page.Items, c => Assert.Equal(taxId, c.TaxId));
        }
    }

    [Fact]
    public async Task Search_finds_by_phone_in_any_format()
    {
        var phone = TestPhones.Next();
        var created = await CreateAsync(ClientJson.Company("ТОВ «Телефон»", null, _tag, contacts: [ClientJson.Contact("Петренко", phone, null)]));

        foreach (var format in TestPhones.Formats(phone))
        {
            var page = await SearchAsync($"search={Uri.EscapeDataString(format)}");
            Assert.True(page.Items.Any(c => c.Id == created.Id), $"not found by '{format}'");
        }
    }

    [Fact]
    public async Task Search_finds_by_email_ignoring_case()
    {
        var email = $"{_tag}@buh.example.com";
        var created = await CreateAsync(ClientJson.Company("ТОВ «Пошта»", null, _tag, contacts: [ClientJson.Contact("Сидоренко", null, email)]));

        var page = await SearchAsync($"search={Uri.EscapeDataString(email.ToUpperInvariant())}");
        Assert.Equal(created.Id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task Filters_by_segment_manager_and_status_combine_and_pages_carry_the_total()
    {
        var manager = Guid.NewGuid();
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(ClientJson.Company($"ТОВ «Фільтр {i}»", null, _tag, manager: manager, status: i < 3 ? "Active" : "Terminated"));
        }

        await CreateAsync(ClientJson.Company("ТОВ «Фільтр чужий»", null, _tag, manager: Guid.NewGuid()));

        var all = await SearchAsync($"segment={_tag}&pageSize=200");
        Assert.Equal(6, all.Total);

        var mine = await SearchAsync($"segment={_tag}&manager={manager}");
        Assert.Equal(5, mine.Total);

        var terminated = await SearchAsync($"segment={_tag}&manager={manager}&status=Terminated");
        Assert.Equal(2, terminated.Total);
        Assert.All(terminated.Items, c => Assert.Equal(SupportStatus.Terminated, c.SupportStatus));

        var first = await SearchAsync($"segment={_tag}&manager={manager}&page=1&pageSize=2");
        var third = await SearchAsync($"segment={_tag}&manager={manager}&page=3&pageSize=2");
        Assert.Equal(5, first.Total);
        Assert.Equal(2, first.Items.Count);
        Assert.Single(third.Items);
        Assert.Equal(["ТОВ «Фільтр 0»", "ТОВ «Фільтр 1»"], first.Items.Select(c => c.LegalName));
        Assert.Equal("ТОВ «Фільтр 4»", third.Items[0].LegalName);
    }

    [Fact]
    public async Task Bad_paging_is_400()
    {
        await AssertFieldErrorsAsync(await _http.GetAsync("/api/clients?page=0"), "page");
        await AssertFieldErrorsAsync(await _http.GetAsync("/api/clients?pageSize=1000"), "pageSize");
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("/api/clients?status=Sleeping")).StatusCode);
    }

    [Fact]
    public async Task Lookup_by_phone_lists_every_client_sharing_the_number()
    {
        var phone = TestPhones.Next();
        var first = await CreateAsync(ClientJson.Company("ТОВ «Спільний Номер 1»", null, _tag, contacts: [ClientJson.Contact("Бухгалтер Перша", phone, null)]));
        var second = await CreateAsync(ClientJson.Company("ТОВ «Спільний Номер 2»", null, _tag, contacts: [ClientJson.Contact("Бухгалтер Друга", TestPhones.Spaced(phone), null)]));

        foreach (var format in TestPhones.Formats(phone))
        {
            var response = await _http.GetAsync($"/api/clients/lookup?phone={Uri.EscapeDataString(format)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var matches = await CrmHost.ReadAsync<List<PhoneLookupMatch>>(response);
            Assert.Equal([first.Id, second.Id], matches.Select(m => m.Client.Id));
            Assert.Equal(["Бухгалтер Перша", "Бухгалтер Друга"], matches.Select(m => m.ContactName));
            Assert.Equal(first.Contacts[0].Id, matches[0].ContactId);
        }

        var nobody = await CrmHost.ReadAsync<List<PhoneLookupMatch>>(await _http.GetAsync($"/api/clients/lookup?phone={Uri.EscapeDataString(TestPhones.Next())}"));
        Assert.Empty(nobody);
        await AssertFieldErrorsAsync(await _http.GetAsync("/api/clients/lookup?phone=12"), "phone");
        await AssertFieldErrorsAsync(await _http.GetAsync("/api/clients/lookup"), "phone");
    }

    [Theory]
    [InlineData("12345670", "taxId")] // EDRPOU, wrong check digit
    [InlineData("1234567890", "taxId")] // 10 digits, neither RNOKPP nor INN
    [InlineData("500100732200", "taxId")] // INN-12, wrong check digits
    [InlineData("1234", "taxId")]
    [InlineData("12A45678", "taxId")]
    public async Task Invalid_tax_id_is_400_naming_the_field(string taxId, string field)
    {
        var response = await PostAsync(ClientJson.Company("ТОВ «Податки»", taxId, _tag));
        await AssertFieldErrorsAsync(response, field);
    }

    [Fact]
    public async Task Every_invalid_field_is_named_in_one_answer()
    {
        var body = new JsonObject
        {
            ["legalName"] = "",
            ["contacts"] = new JsonArray(
                new JsonObject { ["name"] = "Без телефону", ["phones"] = new JsonArray("+380 12", "044 123 45 67"), ["emails"] = new JsonArray("ok@example.com", "not-an-email") },
                new JsonObject { ["name"] = "", ["emails"] = new JsonArray("a@b") }),
            ["attributes"] = new JsonObject
            {
                ["workstations"] = new JsonObject { ["type"] = "Number", ["value"] = "багато" },
                ["since"] = new JsonObject { ["type"] = "Date", ["value"] = "31.12.2024" },
            },
            ["installations"] = new JsonArray(new JsonObject { ["product"] = "" }),
        };

        var response = await PostAsync(body);
        await AssertFieldErrorsAsync(response,
            "legalName", "contacts[0].phones[0]", "contacts[0].emails[1]", "contacts[1].name", "contacts[1].emails[0]",
            "attributes.workstations", "attributes.since", "installations[0].product");

        // Nothing was written.
        Assert.Equal(0, (await SearchAsync($"segment={_tag}")).Total);
    }

    [Fact]
    public async Task Malformed_json_is_400_naming_the_field()
    {
        var response = await _http.PostAsync("/api/clients", new StringContent("""{ "legalName": "X", "kind": "Corporation" }""", System.Text.Encoding.UTF8, "application/json"));
        await AssertFieldErrorsAsync(response, "kind");

        var broken = await _http.PostAsync("/api/clients", new StringContent("""{ "legalName": """, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Body_over_one_megabyte_is_413_and_nothing_is_written()
    {
        var body = ClientJson.Company("ТОВ «Великий»", null, _tag);
        body["particularities"] = new string('x', 1_100_000);
        var json = body.ToJsonString();

        // A declared length over the limit is refused before the body is sent (the client asks with Expect: 100-continue,
        // as clients of large uploads should; without it the server's early answer races the client's writes).
        var declared = new HttpRequestMessage(HttpMethod.Post, "/api/clients") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        declared.Headers.ExpectContinue = true;
        var response = await _http.SendAsync(declared);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        // Without a declared length (chunked) the body is refused once it passes the limit while being read.
        var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/clients") { Content = new ChunkedJsonContent(json) };
        chunked.Headers.ExpectContinue = true;
        var chunkedResponse = await _http.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunkedResponse.StatusCode);
        Assert.Equal(0, (await SearchAsync($"segment={_tag}")).Total);
    }

    [Fact]
    public async Task Create_with_an_idempotency_key_happens_once()
    {
        var body = ClientJson.Company("ТОВ «Повтор»", TestTaxIds.Edrpou(), _tag, contacts: [ClientJson.Contact("Повторенко", TestPhones.Next(), null)]);
        var key = Guid.NewGuid().ToString();

        var first = await CrmHost.ReadAsync<ClientDetails>(await PostAsync(body, key));
        var again = await PostAsync(body, key);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var second = await CrmHost.ReadAsync<ClientDetails>(again);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, second.Version);
        Assert.Equal(first.Contacts[0].Id, second.Contacts[0].Id);
        Assert.Equal(1, (await SearchAsync($"segment={_tag}")).Total);

        // The same key with a different body is a conflict, not a silent overwrite.
        var different = await PostAsync(ClientJson.Company("ТОВ «Інше»", null, _tag), key);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
    }

    [Fact]
    public async Task Add_contact_appends_and_is_searchable_and_idempotent()
    {
        var created = await CreateAsync(ClientJson.Company("ТОВ «Контакти»", null, _tag));
        var phone = TestPhones.Next();
        var contact = ClientJson.Contact("Новий Контакт", TestPhones.Spaced(phone), "new@contact.example.com");
        contact["position"] = "Директор";

        var request = () =>
        {
            var message = new HttpRequestMessage(HttpMethod.Post, $"/api/clients/{created.Id}/contacts") { Content = JsonContent.Create(contact) };
            message.Headers.Add("Idempotency-Key", "contact-1");
            return message;
        };
        var response = await _http.SendAsync(request());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var client = await CrmHost.ReadAsync<ClientDetails>(response);
        Assert.Equal(2, client.Version);
        var added = Assert.Single(client.Contacts, c => c.Name == "Новий Контакт");
        Assert.Equal("Директор", added.Position);
        Assert.Equal([phone], added.Phones);

        var again = await CrmHost.ReadAsync<ClientDetails>(await _http.SendAsync(request()));
        Assert.Equal(2, again.Version);
        Assert.Equal(client.Contacts.Count, again.Contacts.Count);

        var lookup = await CrmHost.ReadAsync<List<PhoneLookupMatch>>(await _http.GetAsync($"/api/clients/lookup?phone={Uri.EscapeDataString(phone)}"));
        Assert.Equal(added.Id, Assert.Single(lookup).ContactId);

        var invalid = await _http.PostAsJsonAsync($"/api/clients/{created.Id}/contacts", new { name = "", phones = new[] { "abc" } });
        await AssertFieldErrorsAsync(invalid, "name", "phones[0]");
        var missing = await _http.PostAsJsonAsync($"/api/clients/{Guid.NewGuid()}/contacts", new { name = "Хтось" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("contacts", "contacts[0]")]
    [InlineData("installations", "installations[0]")]
    public async Task A_null_contact_or_installation_is_400_naming_it_and_nothing_is_written(string list, string field)
    {
        var body = ClientJson.Company("ТОВ «Порожній Елемент»", null, _tag);
        body[list] = new JsonArray((JsonNode?)null);
        await AssertFieldErrorsAsync(await PostAsync(body), field);
        Assert.Equal(0, (await SearchAsync($"segment={_tag}")).Total);

        var created = await CreateAsync(ClientJson.Company("ТОВ «Порожній Елемент»", null, _tag));
        var update = ClientJson.Company("ТОВ «Порожній Елемент Два»", null, _tag, version: 1);
        update[list] = new JsonArray((JsonNode?)null);
        await AssertFieldErrorsAsync(await _http.PutAsJsonAsync($"/api/clients/{created.Id}", update), field);

        var current = await CrmHost.ReadAsync<ClientDetails>(await _http.GetAsync($"/api/clients/{created.Id}"));
        Assert.Equal(1, current.Version);
        Assert.Equal("ТОВ «Порожній Елемент»", current.LegalName);
        Assert.Equal(created.Contacts.Select(c => c.Id), current.Contacts.Select(c => c.Id));
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("supportStatus")]
    public async Task An_undefined_kind_or_support_status_is_400_and_not_stored(string field)
    {
        var body = ClientJson.Company("ТОВ «Невідомий Вид»", null, _tag);
        body[field] = 999;
        await AssertFieldErrorsAsync(await PostAsync(body), field);
        Assert.Equal(0, (await SearchAsync($"segment={_tag}")).Total);

        var created = await CreateAsync(ClientJson.Company("ТОВ «Невідомий Вид»", null, _tag));
        var update = ClientJson.Company("ТОВ «Невідомий Вид»", null, _tag, version: 1);
        update[field] = 999;
        await AssertFieldErrorsAsync(await _http.PutAsJsonAsync($"/api/clients/{created.Id}", update), field);

        var current = await CrmHost.ReadAsync<ClientDetails>(await _http.GetAsync($"/api/clients/{created.Id}"));
        Assert.Equal(1, current.Version);
        Assert.Equal(ClientKind.Company, current.Kind);
        Assert.Equal(SupportStatus.Active, current.SupportStatus);
    }

    [Fact]
    public async Task The_list_sorts_by_a_column_either_way_and_keeps_filters_and_paging()
    {
        var manager = Guid.NewGuid();
        var taxIds = new[] { TestTaxIds.Edrpou(), TestTaxIds.Edrpou(), TestTaxIds.Edrpou() }.Order(StringComparer.Ordinal).ToArray();
        await CreateAsync(Short(ClientJson.Company("ТОВ «Сорт Бета»", taxIds[0], _tag, manager: manager, status: "Suspended"), "Бета"));
        await CreateAsync(Short(ClientJson.Company("ТОВ «Сорт Альфа»", taxIds[2], _tag, manager: manager, kind: "BudgetInstitution"), "Альфа"));
        await CreateAsync(Short(ClientJson.Company("ТОВ «Сорт Гамма»", taxIds[1], _tag, manager: manager, status: "Terminated"), "Гамма"));
        await CreateAsync(Short(ClientJson.Company("ТОВ «Сорт Чужий»", null, _tag), "Чужий"));

        async Task<string[]> Names(string sort, int page = 1, int pageSize = 20) =>
            (await SearchAsync($"segment={_tag}&manager={manager}&sort={Uri.EscapeDataString(sort)}&page={page}&pageSize={pageSize}")).Items.Select(c => c.ShortName).ToArray();

        Assert.Equal(["Альфа", "Бета", "Гамма"], await Names("name"));
        Assert.Equal(["Гамма", "Бета", "Альфа"], await Names("-name"));
        Assert.Equal(["Бета", "Гамма", "Альфа"], await Names("taxId"));
        Assert.Equal(["Альфа", "Гамма", "Бета"], await Names("-taxId"));
        Assert.Equal(["Альфа", "Бета", "Гамма"], await Names("legalName"));
        Assert.Equal(["Альфа", "Бета"], await Names("name", pageSize: 2));
        Assert.Equal(["Альфа"], await Names("-name", page: 2, pageSize: 2));
        Assert.Equal("Альфа", (await Names("kind"))[0]); // BudgetInstitution before Company
        Assert.Equal("Гамма", (await Names("-status"))[0]); // Terminated last by name: first descending

        var filtered = await SearchAsync($"segment={_tag}&manager={manager}&status=Suspended&sort=-name");
        Assert.Equal(1, filtered.Total);
        Assert.Equal("Бета", Assert.Single(filtered.Items).ShortName);

        await AssertFieldErrorsAsync(await _http.GetAsync("/api/clients?sort=color"), "sort");
        await AssertFieldErrorsAsync(await _http.GetAsync("/api/clients?sort=--name"), "sort");
    }

    [Fact]
    public async Task The_list_sorts_by_the_manager_s_name_across_pages()
    {
        // Managers are users: Identity names them. Names chosen so that their order differs from their ids' and from the clients'.
        var admin = await _fixture.Host.HttpAsync("admin", ["Admin"]);
        async Task<Guid> UserAsync(string name)
        {
            var created = await admin.PostAsJsonAsync("/api/users", new { userName = name, password = CrmHost.UserPassword, roles = new[] { "Manager" } });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            return Guid.Parse((await CrmHost.ReadAsync<JsonObject>(created))["id"]!.GetValue<string>());
        }

        var suffix = _tag[2..8];
        var (anna, boris, vira) = (await UserAsync($"anna-{suffix}"), await UserAsync($"boris-{suffix}"), await UserAsync($"vira-{suffix}"));
        foreach (var (shortName, manager) in new (string, Guid?)[] { ("Д", vira), ("А", boris), ("Г", anna), ("Б", vira), ("В", null), ("Е", anna) })
        {
            await CreateAsync(Short(ClientJson.Company($"ТОВ «Менеджер {shortName}»", null, _tag, manager: manager), shortName));
        }

        async Task<string> Order(string sort, int pageSize)
        {
            var names = new List<string>();
            for (var page = 1; page <= 6 / pageSize + 1; page++)
            {
                var result = await SearchAsync($"segment={_tag}&sort={sort}&page={page}&pageSize={pageSize}");
                Assert.Equal(6, result.Total);
                names.AddRange(result.Items.Select(c => c.ShortName!));
            }

            return string.Concat(names);
        }

        // anna: Г, Е; boris: А; vira: Б, Д; no manager last (first when descending); one manager's clients by legal name either way.
        foreach (var pageSize in new[] { 1, 2, 4, 20 })
        {
            Assert.Equal("ГЕАБДВ", await Order("manager", pageSize));
            Assert.Equal("ВБДАГЕ", await Order("-manager", pageSize));
        }
    }

    private static JsonObject Short(JsonObject body, string shortName)
    {
        body["shortName"] = shortName;
        return body;
    }

    private Task<HttpResponseMessage> PostAsync(JsonNode body, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/clients") { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return _http.SendAsync(message);
    }

    private async Task<ClientDetails> CreateAsync(JsonNode body)
    {
        var response = await PostAsync(body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<ClientDetails>(response);
    }

    private async Task<ClientPage> SearchAsync(string query)
    {
        var response = await _http.GetAsync($"/api/clients?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<ClientPage>(response);
    }

    private sealed class ChunkedJsonContent(string json) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteClientsApiTests(SqliteHostFixture fixture) : ClientsApiTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresClientsApiTests(PostgresHostFixture fixture) : ClientsApiTests(fixture);
