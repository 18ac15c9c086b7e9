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
/// <summary>
/// The text a contract prints now, to edit it as the contract's own: its own text, else its template's current text
/// (the kind's built-in default when it names none). A Manager asks only for their own clients' contracts.
/// </summary>
public sealed record GetContractText(Guid ContractId, [property: System.Text.Json.Serialization.JsonIgnore] Access.ContractViewer Viewer) : IQuery<ContractTextDetails>;

public sealed class GetContractTextValidator : AbstractValidator<GetContractText>
{
    // Only the id from the route; who may see it is decided by the handler (403).
}

/// <param name="Own">Whether it is the contract's own text rather than its template's.</param>
public sealed record ContractTextDetails(string Text, bool Own)
{
    /// <summary>The text as its title, preamble and ordered sections of clauses.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ContractTemplate Outline => ContractTemplate.Parse(Text);
}

public sealed class GetContractTextHandler(IGrainFactory grains, TemplateCatalogue templates) : IQueryHandler<GetContractText, ContractTextDetails>
{
    public async ValueTask<ContractTextDetails> Handle(GetContractText query, CancellationToken cancellationToken)
    {
        var contract = await grains.GetGrain<IContractGrain>(query.ContractId).Get()
            ?? throw new NotFoundException(AgreementsTexts.Say("ContractNotFound", query.ContractId.ToString()));
        await query.Viewer.EnsureSeesClientAsync(grains, contract.ClientId);
        return new ContractTextDetails(await RenderContractDocumentHandler.TextOfAsync(contract, templates, cancellationToken), contract.OwnText is not null);
    }
}

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
        var text = await TextOfAsync(contract, templates, cancellationToken);
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

    /// <summary>The contract's own text, else its template's current text, else the kind's built-in default.</summary>
    internal static async Task<string> TextOfAsync(ContractDetails contract, TemplateCatalogue templates, CancellationToken cancellationToken) =>
        contract.OwnText
        ?? (await templates.GetAsync(contract.TemplateId ?? TemplateCatalogue.DefaultFor(contract.Kind), cancellationToken))?.Body
        ?? ContractTemplate.Resource(TemplateCatalogue.BuiltIn[0].File);

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
