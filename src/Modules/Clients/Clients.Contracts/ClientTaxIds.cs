using Mediator;

namespace OrleansCrm.Clients.Contracts;

/// <summary>A client's name and tax id (EDRPOU or RNOKPP, digits only), for another module's matching (Billing's payments).</summary>
public sealed record ClientTaxId(Guid ClientId, string Name, string? TaxId);

/// <summary>
/// The clients with any of these tax ids (<paramref name="TaxIds"/>, digits) or these ids (<paramref name="ClientIds"/>), with
/// their tax ids: Billing ties a bank payment's payer to a client, and knows each open invoice's client tax id. At most <see cref="MaxKeys"/> keys in all.
/// </summary>
public sealed record ListClientTaxIds(IReadOnlyCollection<string> TaxIds, IReadOnlyCollection<Guid> ClientIds) : IQuery<IReadOnlyList<ClientTaxId>>
{
    public const int MaxKeys = 100_000;
}
