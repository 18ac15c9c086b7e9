using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.Payments.ImportStatement;

/// <summary>The import's multipart form read into the command; a missing file or an unknown format is a 400 naming the field.</summary>
internal static class ImportForm
{
    /// <summary>What the multipart envelope and the other fields add to the file.</summary>
    public const int FormOverhead = 64 * 1024;

    public static async Task<ImportStatement> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            throw Invalid("file", "StatementFileMissing");
        }

        var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = ImportStatement.MaxBytes + FormOverhead }, cancellationToken);
        if (form.Files.GetFile("file") is not { } file)
        {
            throw Invalid("file", "StatementFileMissing");
        }

        var format = form["format"].ToString().Trim().ToLowerInvariant() switch
        {
            "1c" or "" => (StatementFormat?)StatementFormat.ClientBankExchange,
            "csv" => StatementFormat.Csv,
            _ => null,
        } ?? throw Invalid("format", "StatementFormatUnknown");

        using var content = new MemoryStream();
        await file.CopyToAsync(content, cancellationToken);
        string? Field(string name) => form[name].ToString() is { Length: > 0 } value ? value : null;
        var mapping = new CsvMappingInput
        {
            Date = Field("date"),
            Number = Field("number"),
            Amount = Field("amount"),
            PayerName = Field("payerName"),
            PayerTaxId = Field("payerTaxId"),
            PayerIban = Field("payerIban"),
            Purpose = Field("purpose"),
            Direction = Field("direction"),
            AccountColumn = Field("accountColumn"),
            Account = Field("account"),
            Encoding = Field("encoding"),
            Delimiter = Field("delimiter"),
            DecimalSeparator = Field("decimalSeparator"),
            HasHeader = Field("hasHeader") is { } header ? bool.TryParse(header, out var has) ? has : throw Invalid("hasHeader", "StatementHasHeaderInvalid") : null,
            DateFormats = Field("dateFormats"),
        };
        return new ImportStatement(Path.GetFileName(file.FileName), content.ToArray(), format, Field("mapping"), mapping.IsEmpty ? null : mapping);
    }

    private static ValidationException Invalid(string field, string key) =>
        new([new ValidationFailure(field, ServerTexts.Render(BillingTexts.Say(key))) { ErrorCode = BillingTexts.Code(key) }]);
}
