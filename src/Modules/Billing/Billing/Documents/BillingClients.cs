using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Billing.Documents;

/// <summary>A client as billing needs it: the buyer's requisites for documents, and the manager who owns the client.</summary>
public sealed record BillingClient(Guid Id, string Name, string LegalName, string? TaxId, Guid? ManagerId, PrintedParty Buyer, IReadOnlyList<string> Emails);

/// <summary>
/// Reads clients through Clients' published grain interface (the card is the source of truth). Requisites the card
/// does not model as fields yet (address, IBAN, bank, signatory) are read from its custom attributes of these names.
/// </summary>
public sealed class BillingClients(IGrainFactory grains)
{
    public const string AddressAttribute = "address";
    public const string IbanAttribute = "iban";
    public const string BankAttribute = "bank";
    public const string SignatoryAttribute = "signatory";
    public const string SignatoryPositionAttribute = "signatoryPosition";
    public const string SignatoryBasisAttribute = "signatoryBasis";

    public async Task<BillingClient?> GetAsync(Guid id)
    {
        var client = await grains.GetGrain<IClientGrain>(id).Get();
        return client is null ? null : From(client);
    }

    public static BillingClient From(ClientDetails client)
    {
        string? Attribute(string name) => client.Attributes.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value.Value) ? value.Value.Trim() : null;
        var signatory = Attribute(SignatoryAttribute);
        var buyer = new PrintedParty
        {
            LegalName = client.LegalName,
            TaxId = client.TaxId ?? "",
            Address = Attribute(AddressAttribute),
            Iban = Attribute(IbanAttribute),
            Bank = Attribute(BankAttribute),
            Signatory = signatory is null ? null : new PrintedSignatory(signatory, Attribute(SignatoryPositionAttribute) ?? "", Attribute(SignatoryBasisAttribute) ?? ""),
        };
        return new BillingClient(client.Id, client.ShortName, client.LegalName, client.TaxId, client.ManagerId, buyer,
            [.. client.Contacts.SelectMany(c => c.Emails).Distinct()]);
    }
}
