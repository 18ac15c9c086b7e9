using OrleansCrm.Billing.Payments.Matching;

namespace OrleansCrm.Billing.Tests.Payments;

/// <summary>An import settles in order: an invoice paid by one payment is out of every look-up for the next ones.</summary>
public sealed class OpenInvoiceIndexRemoveTests
{
    [Fact]
    public void A_removed_invoice_is_neither_settled_nor_suggested_again()
    {
        var client = Guid.NewGuid();
        var paid = new OpenInvoice(Guid.NewGuid(), "РФ-2026-0042", client, "ТОВ Ромашка", "12345678", [], 1200m);
        var other = new OpenInvoice(Guid.NewGuid(), "РФ-2026-0043", client, "ТОВ Ромашка", "12345678", [], 1300m);
        var index = new OpenInvoiceIndex([paid, other]);
        var matcher = new PaymentMatcher(index);
        var payment = new IncomingPayment(1200m, "Оплата рах. РФ-2026-0042", "12345678", null);
        Assert.Same(paid, matcher.Match(payment).Settles);

        index.Remove(paid.Id);

        var again = matcher.Match(payment);
        Assert.Null(again.Settles);
        Assert.DoesNotContain(again.Suggestions, suggestion => suggestion.Invoices.Contains(paid));
        Assert.Empty(index.WithNumber(InvoiceNumbers.Exact(paid.Number)));
        Assert.Equal([other], index.WithTaxId("12345678"));
        Assert.Same(other, matcher.Match(new IncomingPayment(1300m, "Оплата", "12345678", null)).Settles);
    }
}
