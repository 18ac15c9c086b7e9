using OrleansCrm.BuildingBlocks.Printing;
using System.Globalization;

namespace OrleansCrm.Agreements.Documents;

/// <summary>One placeholder a contract template may use: its name in braces, what it prints, and where the value comes from.</summary>
public sealed record ContractPlaceholder(string Name, string Description, Func<ContractPrintModel, string?> Value);

/// <summary>
/// The catalogue of placeholders, the only ones a template may use. Each carries the function that gives its value,
/// so a placeholder cannot be added without saying where its value comes from; a value that is empty for a given
/// contract (a client with no IBAN) is reported as missing when a template uses it, never printed blank.
/// </summary>
public static class ContractPlaceholders
{
    public static IReadOnlyList<ContractPlaceholder> All { get; } =
    [
        new("contract.number", "номер договору", m => m.Number),
        new("contract.signedOn", "дата укладення, 05.12.2026", m => UaFormat.Date(m.SignedOn)),
        new("contract.city", "місто укладення", m => m.City),
        new("contract.startsOn", "дата початку дії", m => UaFormat.Date(m.StartsOn)),
        new("contract.endsOn", "дата закінчення дії", m => UaFormat.Date(m.EndsOn)),
        new("contract.monthlyFee", "абонентська плата на місяць, 10 000,00", m => UaFormat.Money(m.MonthlyFee)),
        new("contract.monthlyFeeInWords", "абонентська плата словами", m => m.MonthlyFeeInWords),
        new("contract.vat", "умова щодо ПДВ: «крім того ПДВ 20%», «у тому числі ПДВ 20%» або «без ПДВ»", Vat),
        new("contract.includedHours", "годин на місяць, включених в абонентську плату", m => UaFormat.Quantity(m.IncludedHours)),
        new("contract.extraHourRate", "ціна години понад включені", m => UaFormat.Money(m.ExtraHourRate)),
        new("contract.paymentDays", "строк оплати рахунку, банківських днів",
            m => m.PaymentDays.ToString(CultureInfo.InvariantCulture)),
        new("contract.services", "перелік послуг через крапку з комою", m => string.Join("; ", m.Services)),
        new("contract.renewal", "речення про продовження або припинення після строку дії", Renewal),
        .. Party("supplier", "Виконавця", m => m.Supplier),
        .. Party("client", "Замовника", m => m.Client),
    ];

    private static IEnumerable<ContractPlaceholder> Party(string prefix, string whose, Func<ContractPrintModel, PrintedParty> party) =>
    [
        new($"{prefix}.legalName", $"повна назва {whose}", m => party(m).LegalName),
        new($"{prefix}.taxId", $"код ЄДРПОУ або РНОКПП {whose}", m => party(m).TaxId),
        new($"{prefix}.address", $"адреса {whose}", m => party(m).Address),
        new($"{prefix}.iban", $"IBAN {whose}", m => party(m).Iban),
        new($"{prefix}.bank", $"банк {whose}", m => party(m).Bank),
        new($"{prefix}.signatory", $"ПІБ підписанта {whose}", m => party(m).Signatory?.FullName),
        new($"{prefix}.signatoryPosition", $"посада підписанта {whose}", m => party(m).Signatory?.Position),
        new($"{prefix}.signatoryBasis", $"на підставі чого діє підписант {whose} (у родовому відмінку: «Статуту»)",
            m => party(m).Signatory?.Basis),
    ];

    /// <summary>Every placeholder's value for one contract; an empty value stays null (missing).</summary>
    public static IReadOnlyDictionary<string, string?> Values(ContractPrintModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return All.ToDictionary(p => p.Name, p => p.Value(model) is { } v && !string.IsNullOrWhiteSpace(v) ? v : null);
    }

    private static string Vat(ContractPrintModel model)
    {
        if (!model.Supplier.VatPayer)
            return "без ПДВ";
        if (model.VatRate is not { } rate)
            return "без ПДВ (операція звільнена від оподаткування)";
        return model.PricesIncludeVat ? $"у тому числі ПДВ {UaFormat.VatRate(rate)}" : $"крім того ПДВ {UaFormat.VatRate(rate)}";
    }

    private static string Renewal(ContractPrintModel model) => model.AutoRenew
        ? "Якщо жодна зі Сторін письмово не заявить про припинення Договору не пізніше ніж за 30 календарних днів до " +
          "закінчення строку його дії, Договір вважається продовженим на такий самий строк і на тих самих умовах; " +
          "продовження можливе необмежену кількість разів."
        : "Після закінчення строку дії Договір припиняється, якщо Сторони не уклали додаткову угоду про його продовження.";
}
