using System.Globalization;
using System.Text.Json.Nodes;
using OrleansCrm.Clients.Domain;

namespace OrleansCrm.Clients.Tests.TestData;

/// <summary>Valid tax ids of each kind, random so tests never collide.</summary>
public static class TestTaxIds
{
    public static string Edrpou()
    {
        var first = Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        return first + TaxId.EdrpouCheckDigit(first);
    }

    public static string Rnokpp()
    {
        var first = Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        return first + TaxId.RnokppCheckDigit(first);
    }

    public static string Inn10()
    {
        var first = Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        return first + TaxId.Inn10CheckDigit(first);
    }

    public static string Inn12()
    {
        var first = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture);
        return Enumerable.Range(0, 100).Select(n => first + n.ToString("D2", CultureInfo.InvariantCulture)).Single(TaxId.IsValidInn12);
    }
}

/// <summary>Random Ukrainian mobile numbers and the ways people write them.</summary>
public static class TestPhones
{
    /// <summary>E.164, e.g. +380671234567.</summary>
    public static string Next() => "+38067" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);

    public static string Spaced(string e164) => $"+38 {e164[3..6]} {e164[6..9]} {e164[9..11]} {e164[11..]}";

    public static IEnumerable<string> Formats(string e164) =>
    [
        e164,
        Spaced(e164),
        $"+38 ({e164[3..6]}) {e164[6..9]}-{e164[9..11]}-{e164[11..]}",
        e164[3..], // 0671234567: national, no country code
        $"{e164[3..6]} {e164[6..9]} {e164[9..11]} {e164[11..]}",
        e164[1..], // 380671234567: international without the plus
    ];
}

/// <summary>Request bodies as a user's client would send them.</summary>
public static class ClientJson
{
    public static JsonObject Company(
        string legalName, string? taxId, string segment, string kind = "Company", JsonObject[]? contacts = null,
        Guid? manager = null, string status = "Active", int? version = null)
    {
        var body = new JsonObject
        {
            ["legalName"] = legalName,
            ["kind"] = kind,
            ["taxId"] = taxId,
            ["contacts"] = new JsonArray((contacts ?? [Contact("Головний бухгалтер", TestPhones.Next(), null)]).Select(c => (JsonNode)c).ToArray()),
            ["managerId"] = manager?.ToString(),
            ["segments"] = new JsonArray(segment),
            ["attributes"] = new JsonObject
            {
                ["workstations"] = new JsonObject { ["type"] = "Number", ["value"] = "12.50" },
                ["clientSince"] = new JsonObject { ["type"] = "Date", ["value"] = "2024-03-01" },
                ["vatPayer"] = new JsonObject { ["type"] = "Bool", ["value"] = "True" },
            },
            ["supportStatus"] = status,
            ["remoteAccess"] = new JsonObject { ["method"] = "AnyDesk", ["notes"] = "ID 123 456 789" },
            ["particularities"] = "Оновлювати після 18:00",
            ["installations"] = new JsonArray(new JsonObject
            {
                ["product"] = "1C:Бухгалтерія 8 для України",
                ["release"] = "2.1.19",
                ["databases"] = new JsonArray("Бухгалтерія основна"),
                ["nextUpdateDue"] = "2026-12-01",
            }),
        };
        if (version is not null)
        {
            body["version"] = version;
        }

        return body;
    }

    public static JsonObject Contact(string name, string? phone, string? email) => new()
    {
        ["name"] = name,
        ["phones"] = phone is null ? new JsonArray() : new JsonArray(phone),
        ["emails"] = email is null ? new JsonArray() : new JsonArray(email),
    };
}
