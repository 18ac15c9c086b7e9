using OrleansCrm.BuildingBlocks.Money;
using OrleansCrm.Billing.Money;

namespace OrleansCrm.Billing.Payments.Matching;

/// <summary>
/// Decides what a payment pays.
/// <para>
/// It settles by itself in two cases only, and in both the amount agrees to the kopiyka:
/// </para>
/// <list type="bullet">
/// <item>an open invoice's number is a whole token of the purpose (<see cref="InvoiceNumbers"/>) and that invoice, and no
/// other named one, asks exactly the amount;</item>
/// <item>the payer's tax id is the client's, exactly one of that client's open invoices asks exactly the amount, and the
/// purpose names no other open invoice (a client paying part of invoice 41 must not settle its invoice 43 that happens to
/// ask that much).</item>
/// </list>
/// A number alone, an amount alone, an account alone, a look-alike or a typo never settle. Everything else is left to a
/// person with ranked suggestions, each with its reason; the same invoice (or set) keeps only its best reason, and the best
/// <see cref="MaxSuggestions"/> are kept.
/// </summary>
public sealed class PaymentMatcher(OpenInvoiceIndex index)
{
    public const int MaxSuggestions = 5;

    /// <summary>How many of a client's open invoices the several-invoices search looks at, and how many steps it may take.</summary>
    public const int SubsetInvoices = 24;
    public const int SubsetSteps = 5_000;
    public const int SubsetMaxSize = 5;

    /// <summary>Amount-only suggestions are offered only when this few open invoices ask the amount (else it is noise).</summary>
    public const int AmountOnlyMax = 3;

    public MatchDecision Match(IncomingPayment payment)
    {
        var amount = Hryvnias.Round(payment.Amount);
        var candidates = InvoiceNumbers.Candidates(payment.Purpose);

        var named = new HashSet<OpenInvoice>(ReferenceEqualityComparer.Instance);
        var lookAlike = new HashSet<OpenInvoice>(ReferenceEqualityComparer.Instance);
        var typo = new HashSet<OpenInvoice>(ReferenceEqualityComparer.Instance);
        foreach (var key in candidates)
        {
            named.UnionWith(index.WithNumber(key));
        }

        foreach (var key in candidates.Select(InvoiceNumbers.LookAlike).Distinct())
        {
            var same = index.WithLookAlikeNumber(key);
            lookAlike.UnionWith(same.Where(invoice => !named.Contains(invoice)));
            // A token that names an invoice is that invoice's number, not a typo of its neighbour's.
            if (same.Count == 0)
            {
                typo.UnionWith(index.WithNumberOneDigitOff(key));
            }
        }

        typo.ExceptWith(named);
        typo.ExceptWith(lookAlike);

        var namedAgreeing = named.Where(invoice => invoice.AmountDue == amount).ToList();
        if (namedAgreeing.Count == 1)
        {
            return new MatchDecision(namedAgreeing[0], MatchReason.NumberAndAmount, []);
        }

        var taxId = InvoiceNumbers.TaxId(payment.PayerTaxId);
        var payerInvoices = taxId is null ? [] : index.WithTaxId(taxId);
        var taxAgreeing = payerInvoices.Where(invoice => invoice.AmountDue == amount).ToList();
        var anyOtherNamed = named.Concat(lookAlike).Concat(typo).Any(invoice => taxAgreeing.Count != 1 || !ReferenceEquals(invoice, taxAgreeing[0]));
        if (namedAgreeing.Count == 0 && taxAgreeing.Count == 1 && !anyOtherNamed)
        {
            return new MatchDecision(taxAgreeing[0], MatchReason.TaxIdAndAmount, []);
        }

        var suggestions = new Suggestions();
        foreach (var invoice in namedAgreeing)
        {
            suggestions.Add(MatchReason.NumberAndAmountSeveralInvoices, 90, invoice);
        }

        foreach (var invoice in taxAgreeing)
        {
            suggestions.Add(taxAgreeing.Count == 1 ? MatchReason.TaxIdAndAmount : MatchReason.TaxIdAndAmountSeveralInvoices, 80, invoice);
        }

        var payerClients = new HashSet<Guid>(payerInvoices.Select(invoice => invoice.ClientId));
        var ibanClients = InvoiceNumbers.Iban(payment.PayerIban) is { } iban ? index.ClientsWithIban(iban) : [];

        foreach (var invoice in named)
        {
            if (invoice.AmountDue > amount)
            {
                suggestions.Add(MatchReason.PartialPayment, 70, invoice);
            }
            else if (invoice.AmountDue < amount)
            {
                suggestions.Add(MatchReason.NumberAmountDiffers, 50, invoice);
            }
        }

        foreach (var invoice in lookAlike)
        {
            suggestions.Add(
                invoice.AmountDue == amount ? MatchReason.NumberLookAlike : invoice.AmountDue > amount ? MatchReason.PartialPayment : MatchReason.NumberAmountDiffers,
                invoice.AmountDue == amount ? 85 : invoice.AmountDue > amount ? 65 : 40,
                invoice);
        }

        foreach (var invoice in typo)
        {
            var sameClient = payerClients.Contains(invoice.ClientId) || ibanClients.Contains(invoice.ClientId);
            if (invoice.AmountDue == amount)
            {
                suggestions.Add(MatchReason.NumberTypo, sameClient ? 85 : 75, invoice);
            }
            else if (invoice.AmountDue > amount && sameClient)
            {
                suggestions.Add(MatchReason.PartialPayment, 55, invoice);
            }
        }

        foreach (var clientId in ibanClients)
        {
            var agreeing = index.OfClient(clientId).Where(invoice => invoice.AmountDue == amount).ToList();
            foreach (var invoice in agreeing)
            {
                suggestions.Add(MatchReason.IbanAndAmount, agreeing.Count == 1 ? 80 : 70, invoice);
            }
        }

        if (taxId is not null && payerInvoices.Count == 0)
        {
            foreach (var near in index.TaxIdsOneDigitOff(taxId))
            {
                foreach (var invoice in index.WithTaxId(near).Where(invoice => invoice.AmountDue == amount))
                {
                    suggestions.Add(MatchReason.TaxIdTypo, 60, invoice);
                }
            }
        }

        // The payer's own invoices: part of one, or several at once.
        var clients = payerClients.Concat(ibanClients).Distinct().ToList();
        foreach (var clientId in clients)
        {
            foreach (var invoice in index.OfClient(clientId).Where(invoice => invoice.AmountDue > amount))
            {
                suggestions.Add(MatchReason.PartialPayment, 45, invoice);
            }

            foreach (var subset in Subsets(index.OfClient(clientId), amount))
            {
                suggestions.Add(MatchReason.SeveralInvoices, subset.All(named.Contains) ? 90 : 60, [.. subset]);
            }
        }

        // Several invoices named in the purpose, whoever pays.
        var namedAll = named.Concat(lookAlike).ToList();
        if (namedAll.Count >= 2)
        {
            foreach (var subset in Subsets(namedAll, amount))
            {
                suggestions.Add(MatchReason.SeveralInvoices, 90, [.. subset]);
            }
        }

        if (suggestions.Count == 0)
        {
            var sameAmount = index.WithAmount(amount);
            if (sameAmount.Count is > 0 and <= AmountOnlyMax)
            {
                foreach (var invoice in sameAmount)
                {
                    suggestions.Add(MatchReason.AmountOnly, 20, invoice);
                }
            }
        }

        return new MatchDecision(null, null, suggestions.Best(MaxSuggestions));
    }

    /// <summary>
    /// Sets of two or more invoices whose amounts due add up to <paramref name="amount"/>: a depth-first search over at most
    /// <see cref="SubsetInvoices"/> candidates (largest first), sets of up to <see cref="SubsetMaxSize"/>, and at most
    /// <see cref="SubsetSteps"/> steps, so a client with hundreds of open invoices costs no more than one with ten.
    /// </summary>
    internal static List<OpenInvoice[]> Subsets(IReadOnlyList<OpenInvoice> invoices, decimal amount, int maxResults = 3)
    {
        var pool = invoices.Where(invoice => invoice.AmountDue > 0 && invoice.AmountDue < amount)
            .OrderByDescending(invoice => invoice.AmountDue)
            .ThenBy(invoice => invoice.Number, StringComparer.Ordinal)
            .Take(SubsetInvoices)
            .ToArray();
        var results = new List<OpenInvoice[]>();
        if (pool.Length < 2 || pool.Sum(invoice => invoice.AmountDue) < amount)
        {
            return results;
        }

        // What the invoices from position i onwards add up to, to stop early when they cannot reach the rest.
        var tail = new decimal[pool.Length + 1];
        for (var i = pool.Length - 1; i >= 0; i--)
        {
            tail[i] = tail[i + 1] + pool[i].AmountDue;
        }

        var chosen = new List<OpenInvoice>();
        var steps = 0;
        Search(0, amount);
        return results;

        void Search(int start, decimal rest)
        {
            for (var i = start; i < pool.Length && results.Count < maxResults && steps < SubsetSteps; i++)
            {
                steps++;
                if (tail[i] < rest)
                {
                    return;
                }

                var due = pool[i].AmountDue;
                if (due > rest)
                {
                    continue;
                }

                chosen.Add(pool[i]);
                if (due == rest)
                {
                    if (chosen.Count >= 2)
                    {
                        results.Add([.. chosen]);
                    }
                }
                else if (chosen.Count < SubsetMaxSize)
                {
                    Search(i + 1, rest - due);
                }

                chosen.RemoveAt(chosen.Count - 1);
            }
        }
    }

    /// <summary>Suggestions keyed by the invoices they settle, each keeping its best reason.</summary>
    private sealed class Suggestions
    {
        private readonly Dictionary<string, MatchSuggestion> best = new(StringComparer.Ordinal);

        public int Count => best.Count;

        public void Add(MatchReason reason, int score, params OpenInvoice[] invoices)
        {
            var key = string.Join(',', invoices.Select(invoice => invoice.Id).Order());
            if (!best.TryGetValue(key, out var existing) || existing.Score < score)
            {
                best[key] = new MatchSuggestion(invoices, reason, score);
            }
        }

        public IReadOnlyList<MatchSuggestion> Best(int count) =>
            [.. best.Values
                .OrderByDescending(suggestion => suggestion.Score)
                .ThenBy(suggestion => suggestion.Invoices.Count)
                .ThenBy(suggestion => suggestion.Invoices[0].Number, StringComparer.Ordinal)
                .Take(count)];
    }
}
