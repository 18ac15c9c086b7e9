using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Billing.Tests;

[CollectionDefinition(Name)]
public sealed class SqliteBillingHost : ICollectionFixture<SqliteHostFixture>
{
    public const string Name = "billing on sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresBillingHost : ICollectionFixture<PostgresHostFixture>
{
    public const string Name = "billing on postgresql";
}

/// <summary>Tests on the real host (one per database kind, shared by the collection): clients through the API, contracts built here.</summary>
public abstract class BillingHostTests(HostFixture fixture)
{
    /// <summary>ПриватБанк's EDRPOU: a real code whose check digit agrees (clients may share one).</summary>
    public const string TaxId = "14360570";

    protected HostFixture Fixture => fixture;

    protected CrmHost Host => fixture.Host;

    protected HttpClient Http => fixture.Http;

    protected T Service<T>() where T : notnull => Host.HostServices.GetRequiredService<T>();

    protected async Task<Guid> ClientAsync(string legalName, string? taxId = TaxId, Guid? managerId = null, string? email = null)
    {
        var response = await Http.PostAsJsonAsync("/api/clients", new
        {
            legalName,
            taxId,
            managerId,
            contacts = new[] { new { name = "Бухгалтер", emails = email is null ? Array.Empty<string>() : [email] } },
            attributes = new Dictionary<string, object> { ["address"] = new { type = "Text", value = "м. Київ, вул. Хрещатик, 1" } },
        }, CrmHost.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await CrmHost.ReadAsync<ClientDetails>(response)).Id;
    }

    /// <summary>A contract as Agreements' ListBillableContracts gives it.</summary>
    protected static BillableContract Contract(
        Guid clientId, decimal fee, ContractKind kind = ContractKind.Support, int? vatRate = 20, bool pricesIncludeVat = false, params ContractLine[] lines) =>
        new(Guid.NewGuid(), $"Д-{Random.Shared.Next(1000, 9999)}/2026", new DateOnly(2026, 1, 15), clientId, kind, ContractStatus.Active,
            new DateOnly(2026, 1, 15), null,
            new ContractTerms(new DateOnly(2026, 1, 15), fee, 10, vatRate, pricesIncludeVat, 800, lines, ["Супровід 1С"]));
}
