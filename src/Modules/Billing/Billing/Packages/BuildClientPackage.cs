using System.IO.Compression;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Money;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.Billing.Printing;
using OrleansCrm.Billing.Printing.Pdf;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Money;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing.Packages;

/// <summary>
/// <c>POST /api/clients/{id}/package</c> (seed 000's one button): a ZIP with the client's latest invoice (PDF), a
/// commercial proposal (PDF: the latest stored one, else one printed from the newest contract's terms, unnumbered) and
/// the newest contract as DOCX (editable) and PDF, rendered by Agreements. A ZIP rather than links: one download, and
/// nothing to keep on the server. What does not exist yet (no invoice, no contract) is left out; a client with none of
/// them is a 404.
/// </summary>
public sealed record BuildClientPackage(MoneyCaller Caller, Guid ClientId) : IQuery<DocumentFile>;

public sealed class BuildClientPackageValidator : AbstractValidator<BuildClientPackage>
{
    public BuildClientPackageValidator() => RuleFor(q => q.ClientId).NotEmpty();
}

public sealed class BuildClientPackageHandler(ISender sender, DocumentAccess access, BillingClients clients, ClientPackages packages)
    : IQueryHandler<BuildClientPackage, DocumentFile>
{
    public async ValueTask<DocumentFile> Handle(BuildClientPackage query, CancellationToken cancellationToken)
    {
        _ = await clients.GetAsync(query.ClientId) ?? throw new NotFoundException(BillingTexts.Say("RunClientMissing", query.ClientId.ToString()));
        await access.CheckAsync(query.Caller, query.ClientId);
        var contracts = await sender.Send(new ListClientContracts(query.ClientId), cancellationToken);
        var contract = contracts.FirstOrDefault();
        var files = new List<DocumentFile>();
        if (contract is not null)
        {
            foreach (var format in new[] { ContractDocumentFormat.Docx, ContractDocumentFormat.Pdf })
            {
                if (await sender.Send(new RenderContractDocument(contract.ContractId, format), cancellationToken) is { } file)
                {
                    files.Add(new DocumentFile(file.FileName, file.ContentType, file.Content));
                }
            }
        }

        return await packages.BuildAsync(query.ClientId, contract, files, cancellationToken);
    }
}

/// <summary>The package's billing part, given the newest contract and its files (Agreements renders those).</summary>
public sealed class ClientPackages(DocumentStore store, BillingClients clients, DocumentPrinting printing, CompanyCalendar calendar)
{
    public async Task<DocumentFile> BuildAsync(Guid clientId, BillableContract? contract, IReadOnlyList<DocumentFile> contractFiles, CancellationToken cancellationToken)
    {
        var client = await clients.GetAsync(clientId) ?? throw new NotFoundException(BillingTexts.Say("RunClientMissing", clientId.ToString()));
        var files = new List<DocumentFile>();
        if (await LatestAsync(clientId, DocumentKind.Invoice, cancellationToken) is { } invoice)
        {
            files.Add(Pdf(printing.Printed(invoice)));
        }

        if (await LatestAsync(clientId, DocumentKind.Proposal, cancellationToken) is { } proposal)
        {
            files.Add(Pdf(printing.Printed(proposal)));
        }
        else if (contract is not null && ContractBilling.Lines(contract, BillingPeriods.Of(calendar.Today), out _, out _) is { } lines)
        {
            files.Add(Pdf(Proposal(client, contract, lines)));
        }

        files.AddRange(contractFiles);
        if (files.Count == 0)
        {
            throw new NotFoundException(BillingTexts.Say("PackageEmpty", client.Name));
        }

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var entry = archive.CreateEntry(file.FileName, CompressionLevel.Fastest);
                await using var stream = entry.Open();
                await stream.WriteAsync(file.Content, cancellationToken);
            }
        }

        return new DocumentFile(Mail.DocumentMail.FileName($"Пакет документів — {client.Name}") + ".zip", "application/zip", zip.ToArray());
    }

    private static DocumentFile Pdf(PrintedDocument printed) =>
        new(DocumentPrinting.FileName(printed), Mail.MailAttachment.Pdf, PrintedDocumentPdf.Render(printed));

    private PrintedDocument Proposal(BillingClient client, BillableContract contract, IReadOnlyList<DocumentLine> lines)
    {
        var company = store.Company;
        var today = calendar.Today;
        var totals = DocumentTotals.Calculate(lines, contract.Terms.PricesIncludeVat, company.VatPayer);
        return new PrintedDocument
        {
            Kind = PrintedDocumentKind.Proposal,
            Number = "",
            Date = today,
            DueDate = today.AddDays(30),
            Supplier = company.ToParty(),
            Buyer = client.Buyer,
            Lines = [.. totals.Lines.Select((l, i) => new PrintedLine(i + 1, l.Line.Service, l.Line.Quantity, l.Line.Unit, l.Line.Price, l.VatRate, l.Amount))],
            VatTotals = [.. totals.Rates.Select(r => new PrintedVatTotal(r.VatRate, r.Net, r.Vat))],
            Subtotal = totals.Net,
            Vat = totals.Vat,
            Total = totals.Total,
            TotalInWords = AmountInWords.Hryvnias(totals.Total),
        };
    }

    private async Task<StoredDocument?> LatestAsync(Guid clientId, DocumentKind kind, CancellationToken cancellationToken)
    {
        var db = store.Db;
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = BillingDb.Command(connection, null,
            $"SELECT id FROM {db.Table("documents")} WHERE client_id = @client AND kind = @kind AND status <> 5 ORDER BY issued_on DESC, created_at DESC LIMIT 1",
            ("@client", db.Id(clientId)), ("@kind", (short)kind));
        var id = await command.ExecuteScalarAsync(cancellationToken);
        return id is null or DBNull ? null : await store.GetAsync(id is Guid g ? g : Guid.Parse((string)id), cancellationToken);
    }
}
