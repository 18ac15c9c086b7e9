using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansCrm.Billing.Money;
using OrleansCrm.BuildingBlocks.Printing;

namespace OrleansCrm.Billing.Documents;

/// <summary>
/// What a stored document holds besides its columns (the <c>body</c> JSON): the lines with their computed figures, the
/// totals per VAT rate, both parties' requisites as they stood when it was made, and its basis. A snapshot: a client
/// renamed later, or the company's new bank account, never changes a document already made, and a reprint is the same.
/// <see cref="FeeDays"/>: on a monthly run's invoice, the days its fee line bills (null on other documents and on those
/// made before it was kept).
/// </summary>
public sealed record DocumentBody(
    IReadOnlyList<BodyLine> Lines,
    IReadOnlyList<BodyRate> Rates,
    bool PricesIncludeVat,
    bool VatPayer,
    PrintedParty Supplier,
    PrintedParty Buyer,
    DocumentBasis? Basis,
    string? Note,
    IReadOnlyList<MonthlyRun.DayRange>? FeeDays = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static DocumentBody From(DocumentTotals totals, PrintedParty supplier, PrintedParty buyer, DocumentBasis? basis, string? note) => new(
        [.. totals.Lines.Select(l => new BodyLine(l.Line.Service, l.Line.Quantity, l.Line.Unit, l.Line.Price, l.VatRate, l.Amount, l.Net, l.Vat, l.Gross))],
        [.. totals.Rates.Select(r => new BodyRate(r.VatRate, r.Net, r.Vat, r.Gross))],
        totals.PricesIncludeVat,
        totals.VatPayer,
        supplier,
        buyer,
        basis,
        note);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static DocumentBody Deserialize(string json) => JsonSerializer.Deserialize<DocumentBody>(json, Json)
        ?? throw new InvalidOperationException("A document's body is empty.");
}

/// <summary>A line as given and as computed (see <see cref="DocumentTotals"/>): amount is quantity × price, rounded.</summary>
public sealed record BodyLine(string Service, decimal Quantity, string Unit, decimal Price, int? VatRate, decimal Amount, decimal Net, decimal Vat, decimal Gross);

/// <summary>One VAT rate's totals (null: without VAT).</summary>
public sealed record BodyRate(int? VatRate, decimal Net, decimal Vat, decimal Gross);

/// <summary>The contract a document is made under: "Договір № 12/2026 від 01.01.2026".</summary>
public sealed record DocumentBasis(string ContractNumber, DateOnly SignedOn)
{
    public string Printed() => $"Договір № {ContractNumber} від {UaFormat.Date(SignedOn)}";
}
