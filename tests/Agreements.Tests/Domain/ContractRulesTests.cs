using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.Documents;
using OrleansCrm.Agreements.Lifecycle;
using OrleansCrm.Agreements.Support;
using OrleansCrm.Agreements.Templates;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Agreements.Tests.Domain;

/// <summary>The contract's plain rules: terms by date, renewal dates, the support status its contracts decide, the built-in texts.</summary>
public sealed class ContractRulesTests
{
    private static readonly ContractTerms First = new(new DateOnly(2026, 1, 1), 5000m, 8m, 20, false, 750m, [new ContractLine("Підтримка", 1, "міс.", 5000m, 20)], ["Консультації"]);

    [Fact]
    public void Amendments_apply_from_their_dates_in_order_and_keep_the_rest_of_the_terms()
    {
        var at = DateTimeOffset.UnixEpoch;
        var terms = ContractTermsHistory.Build(First,
        [
            new ContractAmendment(2, new DateOnly(2026, 9, 1), 9000m, 12m, "друга", at),
            new ContractAmendment(1, new DateOnly(2026, 4, 1), 7000m, 10m, "перша", at),
        ]);

        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 1), new DateOnly(2026, 9, 1)], terms.Select(t => t.EffectiveFrom));
        Assert.Equal(5000m, ContractTermsHistory.On(terms, new DateOnly(2026, 3, 31)).MonthlyFee);
        Assert.Equal(7000m, ContractTermsHistory.On(terms, new DateOnly(2026, 4, 1)).MonthlyFee);
        Assert.Equal(9000m, ContractTermsHistory.On(terms, new DateOnly(2027, 1, 1)).MonthlyFee);
        Assert.Equal(5000m, ContractTermsHistory.On(terms, new DateOnly(2025, 1, 1)).MonthlyFee); // before the start: the first terms
        Assert.All(terms, t => Assert.Equal(20, t.VatRate));
        Assert.All(terms, t => Assert.Equal(["Консультації"], t.Services));
    }

    [Fact]
    public void A_later_amendment_on_the_same_date_wins()
    {
        var at = DateTimeOffset.UnixEpoch;
        var terms = ContractTermsHistory.Build(First,
            [new ContractAmendment(1, new DateOnly(2026, 4, 1), 7000m, 10m, "a", at), new ContractAmendment(2, new DateOnly(2026, 4, 1), 7500m, 10m, "b", at)]);
        Assert.Equal(2, terms.Count);
        Assert.Equal(7500m, terms[1].MonthlyFee);
    }

    [Theory]
    [InlineData("2026-01-01", "2026-12-31", "2026-12-31", "2027-01-01", "2027-12-31", 1)] // a calendar year runs another year
    [InlineData("2026-02-01", "2027-01-31", "2027-01-31", "2027-02-01", "2028-01-31", 1)]
    [InlineData("2026-01-15", "2026-03-14", "2026-03-14", "2026-08-01", "2026-09-14", 3)] // two months a term, three terms to reach today
    [InlineData("2026-01-01", "2026-01-10", "2026-01-10", "2026-01-11", "2026-01-20", 1)] // ten days: ten more days
    [InlineData("2026-01-01", "2026-12-31", "2027-12-31", "2027-06-01", "2027-12-31", 0)] // not ended: nothing
    public void Renewal_adds_terms_of_the_first_length_until_today(string starts, string firstEnd, string ends, string today, string expected, int renewals)
    {
        var (endsOn, count) = ContractRules.Renewed(DateOnly.Parse(starts), DateOnly.Parse(firstEnd), DateOnly.Parse(ends), DateOnly.Parse(today));
        Assert.Equal(DateOnly.Parse(expected), endsOn);
        Assert.Equal(renewals, count);
    }

    [Fact]
    public void Support_follows_the_contracts_that_were_ever_active()
    {
        Assert.Equal(SupportStatus.Active, SupportStatusRule.Decide([ContractStatus.Expired, ContractStatus.Active]));
        Assert.Equal(SupportStatus.Terminated, SupportStatusRule.Decide([ContractStatus.Expired, ContractStatus.Terminated]));
        Assert.Null(SupportStatusRule.Decide([])); // never had one: the status set by hand stays
        // A suspension stops support as an ending does (issue 17), until it resumes or another contract runs.
        Assert.Equal(SupportStatus.Terminated, SupportStatusRule.Decide([ContractStatus.Suspended]));
        Assert.Equal(SupportStatus.Active, SupportStatusRule.Decide([ContractStatus.Suspended, ContractStatus.Active]));
    }

    [Fact]
    public void Every_built_in_template_prints_from_a_full_contract()
    {
        var model = new ContractPrintModel
        {
            Number = "Д-2026-0001", SignedOn = new DateOnly(2026, 12, 1), City = "Київ", StartsOn = new DateOnly(2027, 1, 1), EndsOn = new DateOnly(2027, 12, 31),
            AutoRenew = true, MonthlyFee = 5000m, MonthlyFeeInWords = "п'ять тисяч гривень 00 копійок", VatRate = 20, IncludedHours = 8, ExtraHourRate = 750m,
            PaymentDays = 5, Services = ["Консультації"], Supplier = new CompanyProfile().ToParty(), Client = OrleansCrm.Testing.Printing.SampleParties.Buyer,
        };
        foreach (var (file, _, _) in TemplateCatalogue.BuiltIn)
        {
            var rendered = ContractText.Render(ContractTemplate.Parse(ContractTemplate.Resource(file)), model);
            var text = ContractText.ToPlainText(rendered);
            Assert.Contains("Д-2026-0001", text);
            Assert.DoesNotContain("{", text);
        }
    }
}
