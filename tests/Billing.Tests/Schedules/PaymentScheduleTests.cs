using CsCheck;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.Billing.Schedules;

namespace OrleansCrm.Billing.Tests.Schedules;

/// <summary>The storage-free rules: a schedule's shares, a contract's lines for a month, a number's form.</summary>
public sealed class PaymentScheduleTests
{
    [Fact]
    public void Shares_are_whole_kopiykas_that_add_up_to_the_total_and_differ_by_one_kopiyka_at_most()
    {
        Gen.Select(Gen.Long[1, 10_000_000_000], Gen.Int[1, 60]).Where(t => t.Item1 >= t.Item2).Sample(t =>
        {
            var (kopiykas, parts) = t;
            var total = kopiykas / 100m;
            var shares = PaymentSchedule.Split(total, parts);
            Assert.Equal(parts, shares.Count);
            Assert.Equal(total, shares.Sum());
            Assert.All(shares, share => Assert.Equal(share, decimal.Round(share, 2)));
            Assert.True(shares.Max() - shares.Min() <= 0.01m);
            Assert.Equal(shares.OrderByDescending(s => s), shares); // the odd kopiykas go to the first payments
        });
    }

    [Fact]
    public void A_subscription_bills_its_fee_line_for_the_month_and_a_suspended_one_is_skipped()
    {
        var terms = new ContractTerms(new DateOnly(2026, 1, 1), 12_000m, 10, 20, false, 900m, [new ContractLine("Хмарне сховище", 2, "шт", 150m, null)], []);
        var contract = new BillableContract(Guid.NewGuid(), "7/2026", new DateOnly(2026, 1, 1), Guid.NewGuid(), ContractKind.Its, ContractStatus.Active, new DateOnly(2026, 1, 1), null, terms);

        var lines = ContractBilling.Lines(contract, new DateOnly(2027, 2, 1), out var skip, out var failure);

        Assert.Null(skip);
        Assert.Null(failure);
        Assert.NotNull(lines);
        Assert.Equal(["Абонентське обслуговування за лютий 2027", "Хмарне сховище"], lines.Select(l => l.Service));
        Assert.Equal((12_000m, 20), (lines[0].Price, lines[0].VatRate ?? -1));
        Assert.Null(ContractBilling.Lines(contract with { Status = ContractStatus.Suspended }, new DateOnly(2027, 2, 1), out skip, out _));
        Assert.Equal("Billing.RunSkipStatus", skip!.Code);
        Assert.Null(ContractBilling.Lines(contract with { Kind = ContractKind.OneOff, Terms = terms with { Lines = [] } }, new DateOnly(2027, 2, 1), out skip, out _));
        Assert.Equal("Billing.RunSkipNothingToBill", skip!.Code);
    }

    [Fact]
    public void A_month_with_a_suspension_bills_the_fee_for_the_days_in_force_and_says_so_on_the_line()
    {
        var terms = new ContractTerms(new DateOnly(2026, 1, 1), 12_000m, 10, 20, false, 900m, [new ContractLine("Хмарне сховище", 2, "шт", 150m, null)], []);
        var september = new DateOnly(2026, 9, 1); // 30 days
        var contract = new BillableContract(Guid.NewGuid(), "Д-2026-0007", new DateOnly(2026, 1, 1), Guid.NewGuid(), ContractKind.Support, ContractStatus.Active,
            new DateOnly(2026, 1, 1), null, terms, [new SuspensionPeriod(new DateOnly(2026, 9, 10), new DateOnly(2026, 9, 19))]);

        var lines = ContractBilling.Lines(contract, september, out var skip, out var failure)!;

        Assert.Null(skip);
        Assert.Null(failure);
        Assert.Equal("Абонентське обслуговування за вересень 2026 (20 з 30 дн.)", lines[0].Service);
        Assert.Equal(8_000m, lines[0].Price); // 20/30 of the fee
        Assert.Equal(1, lines[0].Quantity);
        Assert.Equal(300m, lines[1].Price * lines[1].Quantity); // the contract's own lines are not prorated

        // Still suspended from the 25th when the run reads it: 24 days; suspended the whole month: skipped.
        var suspended = contract with { Status = ContractStatus.Suspended, Suspensions = [new SuspensionPeriod(new DateOnly(2026, 9, 25), null)] };
        Assert.Equal(9_600m, ContractBilling.Lines(suspended, september, out _, out _)![0].Price);
        Assert.Null(ContractBilling.Lines(suspended with { Suspensions = [new SuspensionPeriod(new DateOnly(2026, 8, 25), null)] }, september, out skip, out _));
        Assert.Equal("Billing.RunSkipStatus", skip!.Code);

        // Started on the 21st: 10 of 30 days, rounded to the kopiyka; a whole month keeps the plain line.
        var late = contract with { StartsOn = new DateOnly(2026, 9, 21), Suspensions = null, Terms = terms with { MonthlyFee = 1_000m } };
        Assert.Equal((333.33m, "Абонентське обслуговування за вересень 2026 (10 з 30 дн.)"),
            (ContractBilling.Lines(late, september, out _, out _)![0].Price, ContractBilling.Lines(late, september, out _, out _)![0].Service));
        Assert.Equal("Абонентське обслуговування за жовтень 2026", ContractBilling.Lines(late, new DateOnly(2026, 10, 1), out _, out _)![0].Service);
    }

    [Fact]
    public void Numbers_read_by_kind_year_and_six_digits()
    {
        Assert.Equal("РФ-2026-000123", DocumentNumbers.Format(DocumentKind.Invoice, 2026, 123));
        Assert.Equal("АКТ-2026-000001", DocumentNumbers.Format(DocumentKind.Act, 2026, 1));
        Assert.Equal("КП-2027-001000", DocumentNumbers.Format(DocumentKind.Proposal, 2027, 1000));
        Assert.Equal(new DateOnly(2026, 12, 11), BillingOptions.DueOn(new DateOnly(2026, 12, 4), 5)); // Friday + 5 banking days
    }
}
