using OrleansCrm.BuildingBlocks.Printing;

namespace OrleansCrm.Testing.Printing;

/// <summary>Parties a real Ukrainian IT service company and its clients would print: for contract and money documents' tests.</summary>
public static class SampleParties
{
    public static readonly PrintedParty Supplier = new()
    {
        LegalName = "ТОВ «Сервіс Плюс»",
        TaxId = "41234567",
        Iban = "UA733220010000026201234567890",
        Bank = "АТ «Універсал Банк»",
        Address = "04053, м. Київ, вул. Січових Стрільців, 21, офіс 5",
        Signatory = new PrintedSignatory("Петренко Олена Іванівна", "Директор", "Статуту"),
        VatPayer = true,
        VatCertificate = "412345626591",
    };

    public static readonly PrintedParty SoleProprietor = new()
    {
        LegalName = "ФОП Коваленко Андрій Миколайович",
        TaxId = "3012345678",
        Iban = "UA213052990000026007015012345",
        Bank = "АТ КБ «ПриватБанк»",
        Address = "79000, м. Львів, вул. Городоцька, 15",
        Signatory = new PrintedSignatory("Коваленко А. М.", "Фізична особа — підприємець", "виписки з ЄДР"),
        VatPayer = false,
    };

    public static readonly PrintedParty Buyer = new()
    {
        LegalName = "ПрАТ «Дніпровський завод металоконструкцій» (Dnipro Steel Works)",
        TaxId = "00191234",
        Iban = "UA903052992990004149123456789",
        Bank = "АТ «Ощадбанк»",
        Address = "49000, м. Дніпро, просп. Дмитра Яворницького, 100",
        Signatory = new PrintedSignatory("Шевченко Василь Петрович", "Генеральний директор", "Статуту"),
        VatPayer = true,
        VatCertificate = "001912304629",
    };
}
