using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Domain;

namespace OrleansCrm.Clients.Cards;

/// <summary>Turns validated input into the normalised card the grain stores: trimmed text, E.164 phones, lower-case e-mails, no duplicates.</summary>
public sealed class ClientCardFactory(PhoneNumberNormalizer phones)
{
    /// <param name="clientId">New contacts get ids derived from the client id and a salt, so a retried command produces the same card.</param>
    /// <param name="contactIdSalt">Distinguishes the contacts added by one command from another's (e.g. the version being edited).</param>
    public ClientCard Create(ClientInput input, Guid clientId, string contactIdSalt)
    {
        var contacts = (input.Contacts ?? [])
            .Select((c, index) => Contact(c, c.Id ?? DeterministicGuid.Create(clientId.ToString(), $"{contactIdSalt}/contact/{index}")))
            .ToList();
        var legalName = input.LegalName!.Trim();
        return new ClientCard(
            legalName,
            string.IsNullOrWhiteSpace(input.ShortName) ? legalName : input.ShortName.Trim(),
            input.Kind ?? ClientKind.Company,
            TaxId.Normalize(input.TaxId),
            contacts,
            input.ManagerId,
            Distinct(input.Segments),
            (input.Attributes ?? new Dictionary<string, AttributeInput>()).ToDictionary(
                a => a.Key.Trim(),
                a => AttributeValues.TryCanonical(a.Value.Type, a.Value.Value, out var value)
                    ? new CustomAttribute(a.Value.Type!.Value, value)
                    : throw new InvalidOperationException("Attributes are validated before the card is built.")),
            input.SupportStatus ?? SupportStatus.Active,
            input.RemoteAccess is { } remote ? new RemoteAccess(Trim(remote.Method), Trim(remote.Notes)) : null,
            Trim(input.Particularities),
            (input.Installations ?? []).Select(i => new Installation(i.Product!.Trim(), Trim(i.Release), Distinct(i.Databases), i.NextUpdateDue)).ToList());
    }

    public Contact Contact(ContactInput input, Guid id) => new(
        id,
        input.Name!.Trim(),
        Trim(input.Position),
        (input.Phones ?? []).Select(p => phones.TryNormalize(p, out var e164) ? e164 : throw new InvalidOperationException("Phones are validated before the card is built.")).Distinct().ToList(),
        (input.Emails ?? []).Select(e => EmailAddresses.TryNormalize(e, out var email) ? email : throw new InvalidOperationException("E-mails are validated before the card is built.")).Distinct().ToList());

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<string> Distinct(IReadOnlyList<string>? values) =>
        (values ?? []).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
