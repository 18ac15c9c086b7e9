using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.Billing.Payments.Matching;
using OrleansCrm.Billing.Payments.Statements;
using OrleansCrm.Billing.Payments.Storage;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Billing.Payments.ImportStatement;

/// <summary>The formats a statement comes in: 1C's client-bank exchange (<c>1c</c>) or CSV by a mapping (<c>csv</c>).</summary>
public enum StatementFormat
{
    ClientBankExchange = 0,
    Csv = 1,
}

/// <summary>
/// Imports a bank statement: its incoming payments are stored (a payment already imported is counted as a duplicate and
/// left alone), tied to a client by the payer's tax id, and matched to open invoices, settling only what the matcher
/// settles by itself. All of it in one transaction, or nothing: a file with any bad row imports nothing and lists every
/// bad row (<see cref="StatementImportResult.Refused"/>). CSV takes <see cref="Mapping"/> over the named mapping
/// <see cref="MappingName"/> from configuration, over the default one.
/// </summary>
public sealed record ImportStatement(string FileName, byte[] Content, StatementFormat Format, string? MappingName = null, CsvMappingInput? Mapping = null)
    : ICommand<StatementImportResult>
{
    public Caller Caller { get; init; } = new("anonymous", [], null);

    public const int MaxBytes = 16 * 1024 * 1024;
}

/// <summary>What an import did; <see cref="Errors"/> is empty unless the file was refused (then nothing was imported).</summary>
public sealed record StatementImportResult(Guid? ImportId, int Imported, int Duplicates, int Matched, int Unmatched, int SkippedOutgoing, IReadOnlyList<StatementLineError> Errors)
{
    public bool Refused => Errors.Count > 0;
}

/// <summary>One bad line: its number in the file, the message in the reader's language, and its code.</summary>
public sealed record StatementLineError(int Line, string Message, string Code);

public sealed class ImportStatementValidator : AbstractValidator<ImportStatement>
{
    public ImportStatementValidator()
    {
        RuleFor(c => c.FileName).NotEmpty().MaximumLength(300);
        RuleFor(c => c.Content).NotEmpty().WithText(BillingTexts.Code("StatementFileEmpty"))
            .Must(content => content is null || content.Length <= ImportStatement.MaxBytes).WithText(BillingTexts.Code("StatementFileTooLarge"), ImportStatement.MaxBytes / 1024 / 1024);
        RuleFor(c => c.Format).IsInEnum();
        RuleFor(c => c.MappingName).MaximumLength(100);
        When(c => c.Mapping is not null, () =>
        {
            RuleFor(c => c.Mapping!.Date).Must(CsvMappingInput.IsColumn).WithText(BillingTexts.Code("CsvColumnInvalid"));
            RuleFor(c => c.Mapping!.Number).Must(CsvMappingInput.IsColumn).WithText(BillingTexts.Code("CsvColumnInvalid"));
            RuleFor(c => c.Mapping!.Amount).Must(CsvMappingInput.IsColumn).WithText(BillingTexts.Code("CsvColumnInvalid"));
            RuleFor(c => c.Mapping!.PayerName).Must(CsvMappingInput.IsColumn).WithText(BillingTexts.Code("CsvColumnInvalid"));
            RuleFor(c => c.Mapping!.PayerTaxId).Must(CsvMappingInput.IsColumn).WithText(BillingTexts.Code("CsvColumnInvalid"));
            RuleFor(c => c.Mapping!.PayerIban).Must(CsvMappingInput.IsColumn).WithText(BillingTexts.Code("CsvColumnInvalid"));
            RuleFor(c => c.Mapping!.Purpose).Must(CsvMappingInput.IsColumn).WithText(BillingTexts.Code("CsvColumnInvalid"));
            RuleFor(c => c.Mapping!.Direction).Must(CsvMappingInput.IsColumn).WithText(BillingTexts.Code("CsvColumnInvalid"));
            RuleFor(c => c.Mapping!.AccountColumn).Must(CsvMappingInput.IsColumn).WithText(BillingTexts.Code("CsvColumnInvalid"));
            RuleFor(c => c.Mapping!.Account).MaximumLength(34);
            RuleFor(c => c.Mapping!.Encoding).Must(CsvMappingInput.IsEncoding).WithText(BillingTexts.Code("CsvEncodingInvalid"));
            RuleFor(c => c.Mapping!.Delimiter).Must(CsvMappingInput.IsDelimiter).WithText(BillingTexts.Code("CsvDelimiterInvalid"));
            RuleFor(c => c.Mapping!.DecimalSeparator).Must(s => s is null or "," or ".").WithText(BillingTexts.Code("CsvDecimalSeparatorInvalid"));
            RuleFor(c => c.Mapping!.DateFormats).MaximumLength(200);
        });
    }
}

public sealed class ImportStatementHandler(
    BillingDb db,
    PaymentLedger ledger,
    AuditLog audit,
    ISender sender,
    IOptions<CompanyProfile> company,
    IOptions<PaymentsOptions> options,
    MoneyChangeNotices moneyChanges,
    PaidNotices paidNotices,
    TimeProvider time) : ICommandHandler<ImportStatement, StatementImportResult>
{
    /// <summary>Payments written per round trip.</summary>
    private const int Chunk = 500;

    public async ValueTask<StatementImportResult> Handle(ImportStatement command, CancellationToken cancellationToken)
    {
        if (!PaymentRoles.Cashiers.Any(command.Caller.IsIn))
        {
            throw new ForbiddenException(BillingTexts.Say("PaymentsForCashiersOnly"));
        }

        var reading = Read(command);
        if (reading.Refused)
        {
            return new StatementImportResult(null, 0, 0, 0, 0, reading.SkippedOutgoing,
                [.. reading.Problems.Select(problem => new StatementLineError(problem.Line, ServerTexts.Render(problem.Message), problem.Message.Code))]);
        }

        // The payers' clients, by tax id: read before the transaction (another module's table).
        var payerTaxIds = reading.Payments.Select(payment => InvoiceNumbers.TaxId(payment.PayerTaxId)).OfType<string>().Distinct().ToArray();
        var payers = (await sender.Send(new ListClientTaxIds(payerTaxIds, []), cancellationToken))
            .Where(client => client.TaxId is not null)
            .GroupBy(client => client.TaxId!)
            .Where(group => group.Count() == 1) // two cards with one tax id: the payer is not known for sure
            .ToDictionary(group => group.Key, group => group.Single().ClientId);

        var actor = AuditContext.Current ?? AuditActor.Product;
        var at = time.GetUtcNow();
        var importId = Guid.NewGuid();
        int imported = 0, duplicates = 0, matched = 0;

        await using var connection = await DatabaseConnections.OpenForWritingAsync(db.Options);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await BillingDb.ExecuteAsync(connection, transaction, $"""
            INSERT INTO {db.Imports} (id, file_name, format, imported_at, imported_by, imported, duplicates, matched)
            VALUES (@id, @file_name, @format, @at, @by, 0, 0, 0)
            """, cancellationToken,
            ("@id", db.Id(importId)), ("@file_name", Truncate(command.FileName, 300)), ("@format", FormatCode(command.Format)),
            ("@at", db.Moment(at)), ("@by", Truncate(actor.Name, 200)));

        var known = await KnownKeysAsync(connection, transaction, reading.Payments, cancellationToken);
        var index = new OpenInvoiceIndex(await ledger.OpenInvoicesAsync(connection, transaction, cancellationToken));
        var matcher = new PaymentMatcher(index);
        var insert = $"""
            INSERT INTO {db.Payments} (id, payment_key, import_id, account, doc_number, paid_on, received_on, amount, payer_name, payer_tax_id, payer_iban, purpose, client_id, status, search_text)
            VALUES (@id, @key, @import_id, @account, @doc_number, @paid_on, @received_on, @amount, @payer_name, @payer_tax_id, @payer_iban, @purpose, @client_id, 0, @search_text)
            ON CONFLICT (payment_key) DO NOTHING
            """;

        foreach (var chunk in reading.Payments.Chunk(Chunk))
        {
            var fresh = new List<(Guid Id, StatementPayment Payment, Guid? ClientId)>();
            var inserts = new List<SqlStatement>();
            foreach (var payment in chunk)
            {
                var key = payment.Key.ToString();
                if (!known.Add(key))
                {
                    duplicates++;
                    continue;
                }

                var id = Guid.NewGuid();
                var taxId = InvoiceNumbers.TaxId(payment.PayerTaxId);
                Guid? clientId = taxId is not null && payers.TryGetValue(taxId, out var payer) ? payer : null;
                fresh.Add((id, payment, clientId));
                inserts.Add(new SqlStatement(insert)
                    .Add("@id", db.Id(id)).Add("@key", key).Add("@import_id", db.Id(importId))
                    .Add("@account", Truncate(payment.BankAccount, 34)).Add("@doc_number", Truncate(payment.DocumentNumber, 40))
                    .Add("@paid_on", db.Date(payment.Date)).Add("@received_on", db.Date(payment.ReceivedOn)).Add("@amount", BillingDb.Kopiykas(payment.Amount))
                    .Add("@payer_name", Truncate(payment.PayerName, 500)).Add("@payer_tax_id", taxId is null ? null : Truncate(taxId, 10))
                    .Add("@payer_iban", payment.PayerIban is null ? null : Truncate(payment.PayerIban, 34)).Add("@purpose", Truncate(payment.Purpose, 1000))
                    .Add("@client_id", db.Id(clientId)).Add("@search_text", PaymentSearch.Text(payment.PayerName, payment.Purpose, payment.DocumentNumber, taxId)));
            }

            var inserted = await StatementBatch.ExecuteAsync(connection, transaction, inserts, cancellationToken);
            var settles = new List<SqlStatement>();
            var guards = new List<int>();
            for (var i = 0; i < fresh.Count; i++)
            {
                if (inserted[i] == 0)
                {
                    // Another import of the same statement stored it a moment ago.
                    duplicates++;
                    continue;
                }

                imported++;
                var (id, payment, _) = fresh[i];
                var decision = matcher.Match(new IncomingPayment(payment.Amount, payment.Purpose, payment.PayerTaxId, payment.PayerIban, payment.PayerName));
                if (decision.Settles is not { } invoice)
                {
                    continue;
                }

                index.Remove(invoice.Id);
                matched++;
                var amount = BillingDb.Kopiykas(payment.Amount);
                var allocations = new List<Allocation> { new(invoice.Id, invoice.Number, amount) };
                var statements = ledger.Settle(id, invoice.ClientId, amount, allocations, decision.SettledBy!.Value.ToString(), automatic: true, actor, at);
                guards.Add(settles.Count);
                settles.AddRange(statements);
            }

            var affected = await StatementBatch.ExecuteAsync(connection, transaction, settles, cancellationToken);
            if (guards.Any(position => affected[position] != 1))
            {
                // An invoice this import settles was paid or closed by someone else during it: nothing is kept, the import can be repeated.
                throw new ConflictException(BillingTexts.Say("ImportRaced"));
            }
        }

        await BillingDb.ExecuteAsync(connection, transaction, $"UPDATE {db.Imports} SET imported = @imported, duplicates = @duplicates, matched = @matched WHERE id = @id",
            cancellationToken, ("@imported", imported), ("@duplicates", duplicates), ("@matched", matched), ("@id", db.Id(importId)));
        await audit.WriteAsync(connection, transaction, new AuditEntry(
            Guid.NewGuid(), "statement-import", importId.ToString(), null, PaymentLedger.BillingModuleName, actor, at, "Import",
            [
                new AuditChange("fileName", null, command.FileName),
                new AuditChange("imported", null, imported.ToString(CultureInfo.InvariantCulture)),
                new AuditChange("duplicates", null, duplicates.ToString(CultureInfo.InvariantCulture)),
                new AuditChange("matched", null, matched.ToString(CultureInfo.InvariantCulture)),
            ]), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await paidNotices.DeliverAsync(cancellationToken); // InvoicePaid of what the import paid (the outbox's rows), retried if this fails

        if (imported > 0)
        {
            moneyChanges.Changed();
        }

        return new StatementImportResult(importId, imported, duplicates, matched, imported - matched, reading.SkippedOutgoing, []);
    }

    private StatementReading Read(ImportStatement command)
    {
        if (command.Format == StatementFormat.ClientBankExchange)
        {
            return ClientBankExchangeReader.Read(command.Content, company.Value.Accounts);
        }

        CsvMappingInput? named = null;
        if (command.MappingName is { Length: > 0 } name && !options.Value.CsvMappings.TryGetValue(name, out named))
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(command.MappingName), ServerTexts.Render(BillingTexts.Say("CsvMappingUnknown", name)))
            {
                ErrorCode = BillingTexts.Code("CsvMappingUnknown"),
            }]);
        }

        var mapping = (command.Mapping ?? new CsvMappingInput()).Over(named ?? new CsvMappingInput()).Over(CsvMappingInput.Default);
        return CsvStatementReader.Read(command.Content, mapping.ToMapping(company.Value.Accounts.FirstOrDefault()));
    }

    /// <summary>Which of the statement's payment keys are stored already (a statement imported before, or overlapping).</summary>
    private async Task<HashSet<string>> KnownKeysAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, IReadOnlyList<StatementPayment> payments, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in payments.Select(payment => payment.Key.ToString()).Distinct().Chunk(Chunk))
        {
            var names = chunk.Select((_, i) => $"@k{i}").ToArray();
            await using var command = BillingDb.Command(connection, transaction,
                $"SELECT payment_key FROM {db.Payments} WHERE payment_key IN ({string.Join(", ", names)})",
                [.. chunk.Select((key, i) => (names[i], (object?)key))]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                known.Add(reader.GetString(0));
            }
        }

        return known;
    }

    public static string FormatCode(StatementFormat format) => format == StatementFormat.Csv ? "csv" : "1c";

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>The lower-cased words a payment is found by (payer, purpose, document number, tax id).</summary>
internal static class PaymentSearch
{
    public static string Text(string? payerName, string? purpose, string? documentNumber, string? taxId)
    {
        var text = string.Join(' ', new[] { payerName, documentNumber, taxId, purpose }.Where(part => !string.IsNullOrWhiteSpace(part))).ToLowerInvariant();
        return text.Length <= 1700 ? text : text[..1700];
    }
}
