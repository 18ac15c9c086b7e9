namespace OrleansCrm.BuildingBlocks.Printing;

/// <summary>
/// The company that runs the product: the supplier on every contract, invoice and act (configuration section
/// <c>Company</c>). One place, so contracts and money documents print the same requisites.
/// </summary>
public sealed class CompanyProfile
{
    public const string Section = "Company";

    public string LegalName { get; set; } = "ТОВ «Сервіс Плюс»";

    /// <summary>EDRPOU (8 digits) or, for a sole proprietor, RNOKPP (10 digits).</summary>
    public string TaxId { get; set; } = "41234567";

    public string? Iban { get; set; } = "UA733220010000026201234567890";

    public string? Bank { get; set; } = "АТ «Універсал Банк»";

    public string? Address { get; set; } = "04053, м. Київ, вул. Січових Стрільців, 21, офіс 5";

    public string City { get; set; } = "м. Київ";

    public string? SignatoryName { get; set; } = "Петренко Олена Іванівна";

    public string? SignatoryPosition { get; set; } = "Директор";

    /// <summary>What the signatory acts on, in the genitive ("Статуту").</summary>
    public string? SignatoryBasis { get; set; } = "Статуту";

    /// <summary>A company that does not pay VAT issues every document without VAT.</summary>
    public bool VatPayer { get; set; } = true;

    public string? VatCertificate { get; set; } = "412345626591";

    /// <summary>The company's own bank accounts (IBAN): a statement's document paid into one of them is incoming.</summary>
    public List<string> Accounts { get; set; } = ["UA733220010000026201234567890"];

    /// <summary>Banking days a client has to pay an invoice.</summary>
    public int PaymentDays { get; set; } = 5;

    public PrintedParty ToParty() => new()
    {
        LegalName = LegalName,
        TaxId = TaxId,
        Iban = Iban,
        Bank = Bank,
        Address = Address,
        Signatory = SignatoryName is null ? null : new PrintedSignatory(SignatoryName, SignatoryPosition ?? "", SignatoryBasis ?? ""),
        VatPayer = VatPayer,
        VatCertificate = VatCertificate,
    };
}
