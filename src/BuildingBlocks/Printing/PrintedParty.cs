namespace OrleansCrm.BuildingBlocks.Printing;

/// <summary>A party's requisites as they stand on the document's date.</summary>
public sealed record PrintedParty
{
    public required string LegalName { get; init; }

    /// <summary>EDRPOU (8 digits, a company) or RNOKPP (10 digits, a person or a sole proprietor).</summary>
    public required string TaxId { get; init; }

    public string? Iban { get; init; }

    public string? Bank { get; init; }

    public string? Address { get; init; }

    public PrintedSignatory? Signatory { get; init; }

    public bool VatPayer { get; init; }

    /// <summary>The VAT payer's individual tax number (ІПН), printed when the party pays VAT.</summary>
    public string? VatCertificate { get; init; }

    /// <summary>The printed label of <see cref="TaxId"/>: a 10-digit code is a person's RNOKPP, anything else EDRPOU.</summary>
    public string TaxIdLabel => TaxId.Length == 10 && TaxId.All(char.IsAsciiDigit) ? "РНОКПП" : "Код ЄДРПОУ";
}

/// <summary>Who signs for a party: "Директор Іваненко І. І., діє на підставі Статуту".</summary>
public sealed record PrintedSignatory(string FullName, string Position, string Basis);
