namespace OrleansCrm.Billing.Payments.Matching;

/// <summary>
/// The open invoices, indexed so that matching a payment costs a few dictionary look-ups rather than a scan: by number
/// (exact and look-alike key), by every one-digit-off neighbour of the number and the tax id (each key with one digit left
/// out, so a typo is found by looking its own deletions up), by tax id, by client account, by client and by amount.
/// Built once per import; 20,000 invoices take a few tens of milliseconds.
/// </summary>
public sealed class OpenInvoiceIndex
{
    /// <summary>Numbers and tax ids shorter than this are not searched with a typo (a one-digit edit of "42" is any other number).</summary>
    public const int TypoMinLength = 4;

    private readonly Dictionary<string, List<OpenInvoice>> byNumber = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OpenInvoice>> byLookAlike = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Key, OpenInvoice Invoice)>> byNumberDeletion = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OpenInvoice>> byTaxId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> byTaxIdDeletion = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<Guid>> clientsByIban = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, List<OpenInvoice>> byClient = [];
    private readonly Dictionary<decimal, List<OpenInvoice>> byAmount = [];

    public OpenInvoiceIndex(IEnumerable<OpenInvoice> invoices)
    {
        foreach (var invoice in invoices)
        {
            var exact = InvoiceNumbers.Exact(invoice.Number);
            var lookAlike = InvoiceNumbers.LookAlike(exact);
            Add(byNumber, exact, invoice);
            Add(byLookAlike, lookAlike, invoice);
            if (lookAlike.Length >= TypoMinLength)
            {
                foreach (var deletion in InvoiceNumbers.DigitDeletions(lookAlike))
                {
                    Add(byNumberDeletion, deletion, (lookAlike, invoice));
                }
            }

            if (InvoiceNumbers.TaxId(invoice.ClientTaxId) is { } taxId)
            {
                if (!byTaxId.ContainsKey(taxId) && taxId.Length >= TypoMinLength)
                {
                    foreach (var deletion in InvoiceNumbers.DigitDeletions(taxId))
                    {
                        Add(byTaxIdDeletion, deletion, taxId);
                    }
                }

                Add(byTaxId, taxId, invoice);
            }

            foreach (var iban in invoice.ClientIbans)
            {
                if (InvoiceNumbers.Iban(iban) is { } key)
                {
                    if (!clientsByIban.TryGetValue(key, out var clients))
                    {
                        clientsByIban[key] = clients = [];
                    }

                    clients.Add(invoice.ClientId);
                }
            }

            Add(byClient, invoice.ClientId, invoice);
            Add(byAmount, Money.Hryvnias.Round(invoice.AmountDue), invoice);
        }
    }

    public IReadOnlyList<OpenInvoice> WithNumber(string exactKey) => byNumber.GetValueOrDefault(exactKey) ?? [];

    public IReadOnlyList<OpenInvoice> WithLookAlikeNumber(string lookAlikeKey) => byLookAlike.GetValueOrDefault(lookAlikeKey) ?? [];

    /// <summary>Invoices whose number's look-alike key is one digit off <paramref name="lookAlikeKey"/>.</summary>
    public IEnumerable<OpenInvoice> WithNumberOneDigitOff(string lookAlikeKey)
    {
        if (lookAlikeKey.Length < TypoMinLength)
        {
            return [];
        }

        var found = new HashSet<OpenInvoice>(ReferenceEqualityComparer.Instance);
        // A digit left out of the typed number: the typed key is one of the invoice's deletions.
        Collect(lookAlikeKey);
        foreach (var deletion in InvoiceNumbers.DigitDeletions(lookAlikeKey))
        {
            // A digit added: the deletion is the invoice's key itself.
            foreach (var invoice in WithLookAlikeNumber(deletion))
            {
                if (deletion.Length >= TypoMinLength && InvoiceNumbers.OneDigitOff(lookAlikeKey, deletion))
                {
                    found.Add(invoice);
                }
            }

            // A digit changed or two swapped: both lose a digit to the same string.
            Collect(deletion);
        }

        return found;

        void Collect(string deletion)
        {
            foreach (var (key, invoice) in byNumberDeletion.GetValueOrDefault(deletion) ?? [])
            {
                if (key.Length >= TypoMinLength && InvoiceNumbers.OneDigitOff(lookAlikeKey, key))
                {
                    found.Add(invoice);
                }
            }
        }
    }

    public IReadOnlyList<OpenInvoice> WithTaxId(string taxId) => byTaxId.GetValueOrDefault(taxId) ?? [];

    /// <summary>The known tax ids one digit off <paramref name="taxId"/>.</summary>
    public IEnumerable<string> TaxIdsOneDigitOff(string taxId)
    {
        if (taxId.Length < TypoMinLength)
        {
            return [];
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in (byTaxIdDeletion.GetValueOrDefault(taxId) ?? []).Concat(InvoiceNumbers.DigitDeletions(taxId)
                     .SelectMany(deletion => (byTaxIdDeletion.GetValueOrDefault(deletion) ?? []).Append(deletion))))
        {
            if (byTaxId.ContainsKey(candidate) && InvoiceNumbers.OneDigitOff(taxId, candidate))
            {
                found.Add(candidate);
            }
        }

        return found;
    }

    public IReadOnlyCollection<Guid> ClientsWithIban(string iban) => clientsByIban.GetValueOrDefault(iban) ?? (IReadOnlyCollection<Guid>)[];

    public IReadOnlyList<OpenInvoice> OfClient(Guid clientId) => byClient.GetValueOrDefault(clientId) ?? [];

    public IReadOnlyList<OpenInvoice> WithAmount(decimal amount) => byAmount.GetValueOrDefault(amount) ?? [];

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> index, TKey key, TValue value) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(value);
    }
}
