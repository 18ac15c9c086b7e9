namespace OrleansCrm.Billing.Payments.Matching;

/// <summary>
/// The open invoices, indexed so that matching a payment costs a few dictionary look-ups rather than a scan: by number
/// (exact and look-alike key), by every one-digit-off neighbour of the number and the tax id (each key with one digit left
/// out, so a typo is found by looking its own deletions up), by tax id, by client account, by client and by amount.
/// Built once per import. Each index maps a key to positions in one array of invoices, chained through one array of
/// links, rather than to a list per key: 20,000 invoices give some 300,000 keys, and a list each made building the index
/// cost more than matching ten thousand payments.
/// </summary>
public sealed class OpenInvoiceIndex
{
    /// <summary>Numbers and tax ids shorter than this are not searched with a typo (a one-digit edit of "42" is any other number).</summary>
    public const int TypoMinLength = 4;

    private readonly OpenInvoice[] invoices;
    private readonly string[] lookAlikeKeys;
    private readonly string?[] taxIds;
    private readonly MultiMap<string> byNumber;
    private readonly MultiMap<string> byLookAlike;
    private readonly MultiMap<string> byNumberDeletion;
    private readonly MultiMap<string> byTaxId;
    private readonly MultiMap<string> byTaxIdDeletion; // to one invoice per distinct tax id
    private readonly MultiMap<string> byIban;
    private readonly MultiMap<Guid> byClient;
    private readonly MultiMap<decimal> byAmount;
    private readonly Dictionary<Guid, int> positions;
    private readonly bool[] removed;

    public OpenInvoiceIndex(IEnumerable<OpenInvoice> openInvoices)
    {
        invoices = [.. openInvoices];
        var count = invoices.Length;
        lookAlikeKeys = new string[count];
        taxIds = new string?[count];
        byNumber = new(count);
        byLookAlike = new(count);
        byNumberDeletion = new(count * 8);
        byTaxId = new(count);
        byTaxIdDeletion = new(count * 4);
        byIban = new(count);
        byClient = new(count);
        byAmount = new(count);
        positions = new(count);
        removed = new bool[count];

        for (var i = 0; i < count; i++)
        {
            var invoice = invoices[i];
            var exact = InvoiceNumbers.Exact(invoice.Number);
            var lookAlike = lookAlikeKeys[i] = InvoiceNumbers.LookAlike(exact);
            byNumber.Add(exact, i);
            byLookAlike.Add(lookAlike, i);
            if (lookAlike.Length >= TypoMinLength)
            {
                foreach (var deletion in InvoiceNumbers.DigitDeletions(lookAlike))
                {
                    byNumberDeletion.Add(deletion, i);
                }
            }

            if ((taxIds[i] = InvoiceNumbers.TaxId(invoice.ClientTaxId)) is { } taxId)
            {
                if (!byTaxId.Contains(taxId) && taxId.Length >= TypoMinLength)
                {
                    foreach (var deletion in InvoiceNumbers.DigitDeletions(taxId))
                    {
                        byTaxIdDeletion.Add(deletion, i);
                    }
                }

                byTaxId.Add(taxId, i);
            }

            foreach (var iban in invoice.ClientIbans)
            {
                if (InvoiceNumbers.Iban(iban) is { } key)
                {
                    byIban.Add(key, i);
                }
            }

            positions.TryAdd(invoice.Id, i);
            byClient.Add(invoice.ClientId, i);
            byAmount.Add(BuildingBlocks.Money.Hryvnias.Round(invoice.AmountDue), i);
        }
    }

    /// <summary>
    /// Takes a paid invoice out of every look-up, so the next payment of the same import cannot settle it again (an import
    /// matches in order, settling as it goes). Cheaper than rebuilding: its keys stay and are skipped.
    /// </summary>
    public void Remove(Guid invoiceId)
    {
        if (positions.TryGetValue(invoiceId, out var position))
        {
            removed[position] = true;
        }
    }

    public IReadOnlyList<OpenInvoice> WithNumber(string exactKey) => Invoices(byNumber, exactKey);

    public IReadOnlyList<OpenInvoice> WithLookAlikeNumber(string lookAlikeKey) => Invoices(byLookAlike, lookAlikeKey);

    /// <summary>Invoices whose number's look-alike key is one digit off <paramref name="lookAlikeKey"/>.</summary>
    public IEnumerable<OpenInvoice> WithNumberOneDigitOff(string lookAlikeKey)
    {
        if (lookAlikeKey.Length < TypoMinLength)
        {
            return [];
        }

        var found = new HashSet<int>();
        // A digit left out of the typed number: the typed key is one of the invoice's deletions.
        Collect(byNumberDeletion, lookAlikeKey);
        foreach (var deletion in InvoiceNumbers.DigitDeletions(lookAlikeKey))
        {
            // A digit added: the deletion is the invoice's key itself.
            Collect(byLookAlike, deletion);
            // A digit changed or two swapped: both lose a digit to the same string.
            Collect(byNumberDeletion, deletion);
        }

        return found.Order().Select(i => invoices[i]);

        void Collect(MultiMap<string> map, string key)
        {
            for (var i = map.First(key); i >= 0; i = map.Next(i))
            {
                var invoice = map.Value(i);
                var real = lookAlikeKeys[invoice];
                if (!removed[invoice] && real.Length >= TypoMinLength && InvoiceNumbers.OneDigitOff(lookAlikeKey, real))
                {
                    found.Add(invoice);
                }
            }
        }
    }

    public IReadOnlyList<OpenInvoice> WithTaxId(string taxId) => Invoices(byTaxId, taxId);

    /// <summary>The known tax ids one digit off <paramref name="taxId"/>.</summary>
    public IEnumerable<string> TaxIdsOneDigitOff(string taxId)
    {
        if (taxId.Length < TypoMinLength)
        {
            return [];
        }

        var found = new SortedSet<string>(StringComparer.Ordinal);
        Collect(byTaxIdDeletion, taxId);
        foreach (var deletion in InvoiceNumbers.DigitDeletions(taxId))
        {
            Collect(byTaxId, deletion);
            Collect(byTaxIdDeletion, deletion);
        }

        return found;

        void Collect(MultiMap<string> map, string key)
        {
            for (var i = map.First(key); i >= 0; i = map.Next(i))
            {
                var real = taxIds[map.Value(i)]!;
                if (InvoiceNumbers.OneDigitOff(taxId, real))
                {
                    found.Add(real);
                }
            }
        }
    }

    /// <summary>The clients that have this account among theirs.</summary>
    public IReadOnlyCollection<Guid> ClientsWithIban(string iban) => [.. Invoices(byIban, iban).Select(invoice => invoice.ClientId).Distinct()];

    public IReadOnlyList<OpenInvoice> OfClient(Guid clientId) => Invoices(byClient, clientId);

    public IReadOnlyList<OpenInvoice> WithAmount(decimal amount) => Invoices(byAmount, amount);

    private List<OpenInvoice> Invoices<TKey>(MultiMap<TKey> map, TKey key) where TKey : notnull
    {
        var found = new List<OpenInvoice>();
        for (var i = map.First(key); i >= 0; i = map.Next(i))
        {
            if (!removed[map.Value(i)])
            {
                found.Add(invoices[map.Value(i)]);
            }
        }

        // Chains run newest first; callers see the invoices in the order they were given.
        found.Reverse();
        return found;
    }

    /// <summary>A key to many invoice positions: the last entry per key in a dictionary, earlier ones linked behind it.</summary>
    private sealed class MultiMap<TKey>(int capacity) where TKey : notnull
    {
        private readonly Dictionary<TKey, int> last = new(capacity);
        private readonly List<int> values = new(capacity);
        private readonly List<int> previous = new(capacity);

        public void Add(TKey key, int value)
        {
            ref var head = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(last, key, out var exists);
            previous.Add(exists ? head : -1);
            values.Add(value);
            head = values.Count - 1;
        }

        public bool Contains(TKey key) => last.ContainsKey(key);

        public int First(TKey key) => last.TryGetValue(key, out var entry) ? entry : -1;

        public int Next(int entry) => previous[entry];

        public int Value(int entry) => values[entry];
    }
}
