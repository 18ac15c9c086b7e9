using System.Diagnostics;
using System.Globalization;
using CsCheck;
using OrleansCrm.Billing.Payments.Matching;
using Xunit.Abstractions;

namespace OrleansCrm.Billing.Tests.Payments;

public sealed class PaymentMatcherTests(ITestOutputHelper output)
{
    private static readonly Guid ClientA = Guid.Parse("a0000000-0000-0000-0000-000000000001");
    private static readonly Guid ClientB = Guid.Parse("b0000000-0000-0000-0000-000000000002");
    private static readonly Guid ClientC = Guid.Parse("c0000000-0000-0000-0000-000000000003");
    private static readonly Guid ClientD = Guid.Parse("d0000000-0000-0000-0000-000000000004");
    private static readonly Guid ClientF = Guid.Parse("f0000000-0000-0000-0000-000000000006");
    private const string IbanA = "UA903052992990004149123456789";
    private const string IbanB = "UA553220010000026001234567890";

    /// <summary>The open invoices of the labelled set, by label.</summary>
    private static readonly Dictionary<string, OpenInvoice> Invoices = new()
    {
        ["A1"] = Invoice("РФ-2026-0042", ClientA, "ТОВ Ромашка", "12345678", 12000.00m, IbanA),
        ["A2"] = Invoice("РФ-2026-0043", ClientA, "ТОВ Ромашка", "12345678", 4800.50m, IbanA),
        ["A3"] = Invoice("РФ-2026-0044", ClientA, "ТОВ Ромашка", "12345678", 1200.00m, IbanA),
        ["B1"] = Invoice("2026-0101", ClientB, "ФОП Шевчук", "2987654321", 3600.00m, IbanB),
        ["B2"] = Invoice("2026-0102", ClientB, "ФОП Шевчук", "2987654321", 3600.00m, IbanB),
        ["C1"] = Invoice("СФ-17", ClientC, "ТОВ Сокіл", "33445566", 5000.00m),
        ["C2"] = Invoice("РФ-2026-0050", ClientC, "ТОВ Сокіл", "33445566", 7777.00m),
        ["D1"] = Invoice("1042", ClientD, "ТОВ Двійник", "44556677", 999.00m),
        ["F1"] = Invoice("2026-0200", ClientF, "ПП Фенікс", "66778899", 313.13m),
    };

    private static readonly PaymentMatcher Matcher = new(new OpenInvoiceIndex(Invoices.Values));

    private static OpenInvoice Invoice(string number, Guid client, string name, string taxId, decimal due, params string[] ibans) =>
        new(Guid.NewGuid(), number, client, name, taxId, ibans, due);

    /// <summary>
    /// The labelled set: purpose, payer's tax id and account, amount → expected outcome: "settle X Reason", the best
    /// suggestion "suggest X(+Y) Reason", or "none"; <c>also</c> names another suggestion that must be offered.
    /// </summary>
    public static TheoryData<string, string?, string?, string, string, string?> Cases() => new()
    {
        // Automatic: number and amount agree, or tax id and amount with a single candidate.
        { "Оплата згідно рах. №РФ-2026-0042 від 01.12.2026, у т.ч. ПДВ 2000,00 грн.", "12345678", IbanA, "12000.00", "settle A1 NumberAndAmount", null },
        { "рахунок РФ-2026-0050", null, null, "7777.00", "settle C2 NumberAndAmount", null },
        { "оплата рф-2026-0042", null, null, "12000.00", "settle A1 NumberAndAmount", null },
        { "Оплата по рах. РФ/2026/0042", null, null, "12000.00", "settle A1 NumberAndAmount", null },
        { "Оплата по рах. No.РФ-2026-0042", null, null, "12000.00", "settle A1 NumberAndAmount", null },
        { "Сплата рах.N2026-0101 за листопад", null, null, "3600.00", "settle B1 NumberAndAmount", null },
        { "Рахунок РФ 2026-0043", null, null, "4800.50", "settle A2 NumberAndAmount", null },
        { "Оплата за послуги", "12345678", null, "1200.00", "settle A3 TaxIdAndAmount", null },
        { "Оплата за послуги", "1234 5678", null, "4800.5", "settle A2 TaxIdAndAmount", null },

        // Refused: the number alone (the amount differs).
        { "рах. РФ-2026-0042", null, null, "5000.00", "suggest A1 PartialPayment", null },
        { "рах. РФ-2026-0042", null, null, "15000.00", "suggest A1 NumberAmountDiffers", null },
        // Refused: the amount alone.
        { "Оплата", null, null, "313.13", "suggest F1 AmountOnly", null },
        { "Оплата", null, null, "12000.00", "suggest A1 AmountOnly", null },
        // Refused: tax id and amount agree with two open invoices.
        { "Оплата за листопад", "2987654321", null, "3600.00", "suggest B1 TaxIdAndAmountSeveralInvoices", "B2 TaxIdAndAmountSeveralInvoices" },
        // Refused: tax id and amount agree, but the purpose names another of the client's invoices.
        { "часткова оплата рах. РФ-2026-0042", "12345678", null, "1200.00", "suggest A3 TaxIdAndAmount", "A1 PartialPayment" },
        // Refused: the payer's account and the amount agree, but an account is not a settlement rule.
        { "Оплата", null, IbanA, "4800.50", "suggest A2 IbanAndAmount", null },
        // Refused: digits never join across tokens (OCA/account-reconcile#753).
        { "Договір 2026, рахунок 0042", null, null, "12000.00", "suggest A1 AmountOnly", null },
        { "рах. 10 42", null, null, "999.00", "suggest D1 AmountOnly", null },

        // Look-alikes: a Latin P or C for the Cyrillic Р or С.
        { "Оплата рах. PФ-2026-0042", null, null, "12000.00", "suggest A1 NumberLookAlike", null },
        { "Оплата CФ-17", null, null, "5000.00", "suggest C1 NumberLookAlike", null },
        { "Оплата CФ-17 частково", null, null, "2000.00", "suggest C1 PartialPayment", null },
        // One digit off in the number: swapped, missing, added, mistyped.
        { "Оплата рах. 2026-0110", null, null, "3600.00", "suggest B1 NumberTypo", null },
        { "Оплата рах. 2026-0110", "2987654321", null, "3600.00", "suggest B1 NumberTypo", "B2 TaxIdAndAmountSeveralInvoices" },
        { "Оплата рах. РФ-2026-042", null, null, "12000.00", "suggest A1 NumberTypo", null },
        { "Оплата рах. РФ-2026-00442", null, null, "12000.00", "suggest A1 NumberTypo", null },
        { "Оплата рах. РФ-2026-0052", null, null, "12000.00", "suggest A1 NumberTypo", null },
        { "Оплата рах. 1043", null, null, "999.00", "suggest D1 NumberTypo", null },
        // One digit off in the tax id.
        { "Оплата", "12345687", null, "1200.00", "suggest A3 TaxIdTypo", null },
        { "Оплата", "1234568", null, "1200.00", "suggest A3 TaxIdTypo", null },
        // Partial payments.
        { "Оплата РФ-2026-0043 частково", null, null, "2000.00", "suggest A2 PartialPayment", null },
        { "Оплата", "12345678", null, "1000.00", "suggest A1 PartialPayment", "A2 PartialPayment" },
        // Several invoices at once: named in the purpose, or found among the client's.
        { "Оплата рах. РФ-2026-0043, РФ-2026-0044", null, null, "6000.50", "suggest A2+A3 SeveralInvoices", null },
        { "Оплата за грудень", "12345678", null, "13200.00", "suggest A1+A3 SeveralInvoices", null },
        { "Оплата за грудень", "2987654321", null, "7200.00", "suggest B1+B2 SeveralInvoices", null },

        // Nothing to say.
        { "Поворотна фінансова допомога", "99999999", null, "123.45", "none", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_labelled_set(string purpose, string? taxId, string? iban, string amount, string expected, string? also)
    {
        var decision = Matcher.Match(new IncomingPayment(decimal.Parse(amount, CultureInfo.InvariantCulture), purpose, taxId, iban));

        Assert.Equal(expected, Describe(decision));
        if (also is not null)
        {
            Assert.Contains(also, decision.Suggestions.Select(Describe));
        }
    }

    [Fact]
    public void Suggestions_are_ranked_and_each_invoice_keeps_its_best_reason_only()
    {
        var decision = Matcher.Match(new IncomingPayment(1000m, "Оплата", "12345678", IbanA));

        Assert.Null(decision.Settles);
        Assert.Equal(decision.Suggestions.OrderByDescending(suggestion => suggestion.Score).Select(Describe), decision.Suggestions.Select(Describe));
        Assert.Equal(decision.Suggestions.Count, decision.Suggestions.Select(suggestion => string.Join("+", suggestion.Invoices.Select(invoice => invoice.Id))).Distinct().Count());
        Assert.True(decision.Suggestions.Count <= PaymentMatcher.MaxSuggestions);
    }

    [Fact]
    public void Two_invoices_with_one_number_and_the_amount_are_suggested_not_settled()
    {
        var first = Invoice("17", ClientA, "ТОВ Ромашка", "12345678", 500m);
        var second = Invoice("17", ClientB, "ФОП Шевчук", "2987654321", 500m);
        var matcher = new PaymentMatcher(new OpenInvoiceIndex([first, second]));

        var decision = matcher.Match(new IncomingPayment(500m, "Рахунок 17", null, null));

        Assert.Null(decision.Settles);
        Assert.Equal([MatchReason.NumberAndAmountSeveralInvoices, MatchReason.NumberAndAmountSeveralInvoices], decision.Suggestions.Select(suggestion => suggestion.Reason));
    }

    [Fact]
    public void A_client_with_hundreds_of_open_invoices_costs_a_bounded_search()
    {
        var random = new Random(5);
        var many = Enumerable.Range(1, 400)
            .Select(i => Invoice($"Б-{i}", ClientA, "ТОВ Ромашка", "12345678", random.Next(1, 1000) * 7m))
            .ToArray();
        var matcher = new PaymentMatcher(new OpenInvoiceIndex(many));

        // No sum of invoices can make an amount that is not a multiple of 7; the search stops at its step bound.
        var clock = Stopwatch.StartNew();
        var decision = matcher.Match(new IncomingPayment(100_001m, "Оплата", "12345678", null));
        clock.Stop();

        Assert.Null(decision.Settles);
        Assert.DoesNotContain(decision.Suggestions, suggestion => suggestion.Reason == MatchReason.SeveralInvoices);
        Assert.True(PaymentMatcher.Subsets(many, 100_001m).Count == 0);
        // Among the largest invoices (the ones the bounded search looks at) a pair is still found.
        var largest = many.OrderByDescending(invoice => invoice.AmountDue).Take(2).ToArray();
        Assert.NotEmpty(PaymentMatcher.Subsets(many, largest[0].AmountDue + largest[1].AmountDue));
        output.WriteLine($"{clock.Elapsed.TotalMilliseconds:F1} ms");
    }

    [Theory]
    [InlineData("Оплата рах. 2026-0042 від 01.12.2026", new[] { "РАХ-2026-0042", "2026-0042", "ВІД-01.12.2026", "01.12.2026" })]
    [InlineData("рах.№42,сума 1500,00 грн.", new[] { "РАХ-42", "42", "СУМА-1500,00", "1500,00" })]
    [InlineData("No.17 N18 №19 #20", new[] { "NO-17", "17", "18", "19", "20" })]
    [InlineData("РФ 2026/42", new[] { "РФ-2026-42", "2026-42" })]
    [InlineData("рахунок 12 34, договір 2026", new[] { "12", "34", "2026" })]
    public void Purpose_candidates_are_whole_tokens(string purpose, string[] candidates)
    {
        Assert.Equal(candidates, InvoiceNumbers.Candidates(purpose));
    }

    [Theory]
    [InlineData("2026-0101", "2026-0110", true)]  // swapped
    [InlineData("2026-0101", "2026-0111", true)]  // mistyped
    [InlineData("2026-0101", "2026-010", true)]   // missing
    [InlineData("2026-0101", "2026-01011", true)] // added
    [InlineData("2026-0101", "2026-0101", false)]
    [InlineData("2026-0101", "2026-1010", false)]
    [InlineData("AB-0101", "AC-0101", false)]     // a letter is not a digit
    [InlineData("12345678", "12345687", true)]
    public void One_digit_off(string real, string typed, bool off)
    {
        Assert.Equal(off, InvoiceNumbers.OneDigitOff(typed, real));
    }

    [Fact]
    public void Property_an_automatic_settlement_always_has_the_amount_agreeing_and_a_number_or_tax_id()
    {
        var amounts = new[] { 100m, 250.50m, 1200m, 3600m, 5000m };
        var numbers = new[] { "РФ-1", "РФ-2", "PФ-2", "2026-0101", "2026-0110", "17", "1042", "СФ-17" };
        var taxIds = new[] { "12345678", "12345687", "2987654321", null };
        var invoiceGen = Gen.Select(Gen.Int[0, numbers.Length - 1], Gen.Int[0, taxIds.Length - 1], Gen.Int[0, amounts.Length - 1])
            .Select((number, taxId, amount) => new OpenInvoice(Guid.NewGuid(), numbers[number], Guid.NewGuid(), "Клієнт", taxIds[taxId], [], amounts[amount]));
        var paymentGen = Gen.Select(Gen.Int[0, numbers.Length].Array[0, 3], Gen.Int[0, taxIds.Length - 1], Gen.Int[0, amounts.Length - 1], Gen.Int[0, 3])
            .Select((tokens, taxId, amount, extra) => new IncomingPayment(
                amounts[amount] + (extra == 3 ? 0.01m : 0m),
                string.Join(" ", tokens.Select(token => token == numbers.Length ? "оплата" : numbers[token])),
                taxIds[taxId],
                null));

        Gen.Select(invoiceGen.Array[0, 12], paymentGen).Sample((invoices, payment) =>
        {
            var decision = new PaymentMatcher(new OpenInvoiceIndex(invoices)).Match(payment);
            if (decision.Settles is { } invoice)
            {
                Assert.Equal(payment.Amount, invoice.AmountDue);
                var byNumber = InvoiceNumbers.Candidates(payment.Purpose).Contains(InvoiceNumbers.Exact(invoice.Number));
                var byTaxId = payment.PayerTaxId is not null && payment.PayerTaxId == invoice.ClientTaxId;
                Assert.True(decision.SettledBy == MatchReason.NumberAndAmount ? byNumber : byTaxId, $"{decision.SettledBy} {invoice.Number} for {payment}");
                Assert.Empty(decision.Suggestions);
            }
            else
            {
                Assert.All(decision.Suggestions, suggestion => Assert.NotEmpty(suggestion.Invoices));
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Ten_thousand_payments_against_twenty_thousand_open_invoices_match_in_well_under_two_seconds()
    {
        var random = new Random(17);
        var clients = Enumerable.Range(0, 5_000)
            .Select(i => (Id: Guid.NewGuid(), TaxId: (10_000_000 + i * 7).ToString(CultureInfo.InvariantCulture), Iban: $"UA{i:D27}"))
            .ToArray();
        var invoices = Enumerable.Range(1, 20_000)
            .Select(i =>
            {
                var client = clients[random.Next(clients.Length)];
                return new OpenInvoice(Guid.NewGuid(), $"РФ-2026-{i:D5}", client.Id, "Клієнт", client.TaxId, [client.Iban], random.Next(1, 5_000) * 10m);
            })
            .ToArray();
        var payments = Enumerable.Range(0, 10_000)
            .Select(i =>
            {
                var invoice = invoices[random.Next(invoices.Length)];
                return (i % 4) switch
                {
                    0 => new IncomingPayment(invoice.AmountDue, $"Оплата згідно рах. №{invoice.Number} від 01.12.2026, у т.ч. ПДВ", null, null),
                    1 => new IncomingPayment(invoice.AmountDue, "Оплата за послуги згідно договору", invoice.ClientTaxId, null),
                    2 => new IncomingPayment(invoice.AmountDue / 2, $"Часткова оплата рах. {invoice.Number.Replace('Р', 'P')[..^2]}{invoice.Number[^1]}{invoice.Number[^2]}", invoice.ClientTaxId, invoice.ClientIbans[0]),
                    _ => new IncomingPayment(random.Next(1, 100_000) / 100m, "Поворотна допомога 2026 12 01", "99999999", null),
                };
            })
            .ToArray();

        // Warm up the code paths so that the clock measures matching rather than the JIT.
        var warm = new PaymentMatcher(new OpenInvoiceIndex(invoices[..100]));
        foreach (var payment in payments[..100])
        {
            warm.Match(payment);
        }

        // The time this thread spent on a CPU: the machine these tests run on is shared, and a wall clock there measures
        // the neighbours as much as the matcher (the wall time is written out beside it).
        var cpuBefore = ThreadCpuTime();
        var clock = Stopwatch.StartNew();
        var matcher = new PaymentMatcher(new OpenInvoiceIndex(invoices));
        var indexed = clock.Elapsed;
        var automatic = payments.Select(matcher.Match).Count(decision => decision.IsAutomatic);
        clock.Stop();
        var cpu = ThreadCpuTime() - cpuBefore;

        output.WriteLine($"wall: index {indexed.TotalMilliseconds:F0} ms, all {clock.Elapsed.TotalMilliseconds:F0} ms; this thread's CPU {cpu?.TotalMilliseconds:F0} ms; {automatic} settled automatically");
        Assert.InRange(automatic, 4_000, 5_000);
        var spent = cpu ?? clock.Elapsed;
        Assert.True(spent < TimeSpan.FromSeconds(1), $"took {spent}");
    }

    /// <summary>CPU time of the calling thread (Linux: /proc/thread-self/schedstat, in nanoseconds), or null elsewhere.</summary>
    private static TimeSpan? ThreadCpuTime()
    {
        const string path = "/proc/thread-self/schedstat";
        if (!File.Exists(path))
        {
            return null;
        }

        var nanoseconds = long.Parse(File.ReadAllText(path).Split(' ')[0], CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    private static string Describe(MatchDecision decision) =>
        decision.Settles is { } invoice ? $"settle {Label(invoice)} {decision.SettledBy}"
        : decision.Suggestions.Count > 0 ? $"suggest {Describe(decision.Suggestions[0])}"
        : "none";

    private static string Describe(MatchSuggestion suggestion) =>
        $"{string.Join("+", suggestion.Invoices.Select(Label).Order(StringComparer.Ordinal))} {suggestion.Reason}";

    private static string Label(OpenInvoice invoice) => Invoices.FirstOrDefault(pair => ReferenceEquals(pair.Value, invoice)).Key ?? invoice.Number;
}
