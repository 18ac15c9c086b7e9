using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.Templates;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Money;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Agreements.Documents;

public sealed class RenderContractDocumentValidator : AbstractValidator<RenderContractDocument>
{
    public RenderContractDocumentValidator()
    {
        RuleFor(q => q.Format).IsInEnum();
    }
}

/// <summary>
/// Prints a contract as of today: its own text or its template's, the supplier from <see cref="CompanyProfile"/>, the
/// client's legal name and tax id from its card (as they are now) and the rest of its requisites from the contract, the
/// terms in force today (or at the start, for a contract not started yet). A text that needs a value the contract lacks
/// is a 409 naming every missing one, never a blank in the document.
/// </summary>
public sealed class RenderContractDocumentHandler(IGrainFactory grains, TemplateCatalogue templates, IOptions<CompanyProfile> company, CompanyCalendar calendar)
    : IQueryHandler<RenderContractDocument, ContractDocumentFile?>
{
    public async ValueTask<ContractDocumentFile?> Handle(RenderContractDocument query, CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<IContractGrain>(query.ContractId).Get() is not { } contract)
        {
            return null;
        }

        var client = await grains.GetGrain<IClientGrain>(contract.ClientId).Get();
        var text = contract.OwnText
            ?? (await templates.GetAsync(contract.TemplateId ?? TemplateCatalogue.DefaultFor(contract.Kind), cancellationToken))?.Body
            ?? ContractTemplate.Resource(TemplateCatalogue.BuiltIn[0].File);
        RenderedContract rendered;
        try
        {
            rendered = ContractText.Render(ContractTemplate.Parse(text), Model(contract, client, company.Value, calendar.Today));
        }
        catch (ContractTemplateException problem)
        {
            var names = ContractPlaceholders.All.ToDictionary(p => p.Name, p => p.Description);
            var missing = problem.Missing.Concat(problem.Unknown).Select(n => names.TryGetValue(n, out var d) ? $"{{{n}}} ({d})" : $"{{{n}}}");
            throw new ConflictException(AgreementsTexts.Say("CannotPrint", contract.Number, string.Join(", ", missing)));
        }

        var name = "contract-" + contract.Number;
        return query.Format == ContractDocumentFormat.Pdf
            ? new ContractDocumentFile(name + ".pdf", "application/pdf", ContractPdf.Render(rendered))
            : new ContractDocumentFile(name + ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ContractDocx.Render(rendered));
    }

    public static ContractPrintModel Model(ContractDetails contract, ClientDetails? client, CompanyProfile company, DateOnly today)
    {
        var terms = contract.TermsOn(today < contract.StartsOn ? contract.StartsOn : today);
        var r = contract.Requisites;
        return new ContractPrintModel
        {
            Number = contract.Number,
            SignedOn = contract.SignedOn,
            City = company.City.StartsWith("м. ", StringComparison.Ordinal) ? company.City[3..] : company.City, // the templates print "м. {contract.city}"
            StartsOn = contract.StartsOn,
            EndsOn = contract.EndsOn,
            AutoRenew = contract.AutoRenew,
            MonthlyFee = terms.MonthlyFee,
            MonthlyFeeInWords = AmountInWords.Hryvnias(terms.MonthlyFee),
            VatRate = terms.VatRate,
            PricesIncludeVat = terms.PricesIncludeVat,
            IncludedHours = terms.IncludedHours,
            ExtraHourRate = terms.ExtraHourRate,
            PaymentDays = company.PaymentDays,
            Services = terms.Services.Count > 0 ? terms.Services : terms.Lines.Select(l => l.Service).ToList(),
            Supplier = company.ToParty(),
            Client = new PrintedParty
            {
                LegalName = client?.LegalName ?? contract.ClientName,
                TaxId = client?.TaxId ?? "",
                Address = r.Address,
                Iban = r.Iban,
                Bank = r.Bank,
                Signatory = r.SignatoryName is null ? null : new PrintedSignatory(r.SignatoryName, r.SignatoryPosition ?? "", r.SignatoryBasis ?? ""),
            },
        };
    }
}
