using System.Globalization;
using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.Billing.Payments.Statements;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Billing.Payments.Demo;

/// <summary>
/// A bank statement to try the import with (demo mode): 1C's client-bank exchange in Windows-1251, written at request time
/// from the open invoices, so it always fits the demo data. Of every five open invoices (oldest first, at most
/// <see cref="MaxInvoices"/>): one paid naming its number and amount (settles), one paid by the client's tax id and amount
/// alone (settles when it is the client's only invoice of that amount), one naming the number with two digits swapped
/// (suggested: a typo), one with the number's Cyrillic letters typed in Latin, or, for a number without letters, half of
/// it paid (suggested), and one left unpaid; plus one payment nobody can place. The same open invoices give the same
/// file, so importing it twice shows the duplicates.
/// </summary>
public sealed record GetDemoStatement : IQuery<DemoStatementFile>
{
    public Caller Caller { get; init; } = new("anonymous", [], null);

    public const int MaxInvoices = 25;
}

public sealed record DemoStatementFile(string FileName, byte[] Content);

public sealed class GetDemoStatementValidator : AbstractValidator<GetDemoStatement>
{
    // Nothing to check: the query has no input but its caller.
}

public sealed class GetDemoStatementHandler(BillingDb db, ISender sender, IOptions<CompanyProfile> company, CompanyCalendar calendar)
    : IQueryHandler<GetDemoStatement, DemoStatementFile>
{
    public async ValueTask<DemoStatementFile> Handle(GetDemoStatement query, CancellationToken cancellationToken)
    {
        if (!PaymentRoles.Cashiers.Any(query.Caller.IsIn))
        {
            throw new ForbiddenException(BillingTexts.Say("PaymentsForCashiersOnly"));
        }

        var invoices = new List<(string Number, Guid ClientId, long Due, DateOnly IssuedOn)>();
        await using (var connection = DatabaseConnections.Create(db.Options))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = BillingDb.Command(connection, null, $"""
                SELECT number, client_id, total - paid, issued_on FROM {db.Documents}
                WHERE kind = {PaymentLedger.InvoiceKind} AND status IN ({PaymentLedger.Issued}, {PaymentLedger.Sent}, {PaymentLedger.PartlyPaid})
                  AND total > paid AND number IS NOT NULL AND issued_on IS NOT NULL
                ORDER BY issued_on, number LIMIT {GetDemoStatement.MaxInvoices}
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                invoices.Add((reader.GetString(0), BillingDb.ReadId(reader, 1), reader.GetInt64(2), BillingDb.ReadDate(reader, 3)!.Value));
            }
        }

        var clients = (await sender.Send(new ListClientTaxIds([], [.. invoices.Select(invoice => invoice.ClientId).Distinct()]), cancellationToken))
            .ToDictionary(client => client.ClientId);
        var profile = company.Value;
        var today = calendar.Today;
        var account = profile.Accounts.FirstOrDefault() ?? profile.Iban ?? "UA733220010000026201234567890";
        var payments = new List<Payment>();
        for (var i = 0; i < invoices.Count; i++)
        {
            var (number, clientId, due, issuedOn) = invoices[i];
            var client = clients.GetValueOrDefault(clientId);
            var payer = client?.Name ?? "ТОВ «Клієнт»";
            // Arrived in the last few days (never before the invoice): the wall's cash today and since the 1st show it.
            var arrived = today.AddDays(-(i % 3));
            var date = arrived < issuedOn ? issuedOn : arrived;
            var amount = BillingDb.Hryvnias(due);
            var docNumber = (1000 + i).ToString(CultureInfo.InvariantCulture);
            var iban = Iban(clientId);
            switch (i % 5)
            {
                case 0:
                    payments.Add(new(docNumber, date, amount, payer, client?.TaxId, iban, $"Оплата згідно рах. №{number} від {issuedOn:dd.MM.yyyy}, у т.ч. ПДВ"));
                    break;
                case 1:
                    payments.Add(new(docNumber, date, amount, payer, client?.TaxId, iban, "Оплата за інформаційно-технічний супровід"));
                    break;
                case 2:
                    payments.Add(new(docNumber, date, amount, payer, client?.TaxId, iban, $"Оплата рах. {Typo(number)} за послуги"));
                    break;
                case 3 when LatinLookAlike(number) is { } latin:
                    payments.Add(new(docNumber, date, amount, payer, client?.TaxId, iban, $"Сплата по рахунку {latin}"));
                    break;
                case 3:
                    payments.Add(new(docNumber, date, BuildingBlocks.Money.Hryvnias.Round(amount / 2), payer, client?.TaxId, iban, $"Часткова оплата рах. {number}"));
                    break;
            }
        }

        var last = payments.Count > 0 ? payments.Max(payment => payment.Date) : DateOnly.FromDateTime(DateTime.UtcNow);
        payments.Add(new("9001", last, 1234.56m, "ФОП Невідомий Петро Іванович", "3012345678", "UA213223130000026007233566999", "Поповнення рахунку"));
        var first = payments.Min(payment => payment.Date);
        return new DemoStatementFile($"виписка-{last:yyyy-MM-dd}.txt", StatementEncodings.Windows1251.GetBytes(Write(payments, account, profile, first, last)));
    }

    private static string Write(List<Payment> payments, string account, CompanyProfile company, DateOnly first, DateOnly last)
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append("\r\n");
        Line(ClientBankExchangeReader.Signature);
        Line("ВерсияФормата=1.03");
        Line("Кодировка=Windows");
        Line("Отправитель=Демо-банк");
        Line("Получатель=OrleansCrm");
        Line($"ДатаСоздания={last:dd.MM.yyyy}");
        Line($"ДатаНачала={first:dd.MM.yyyy}");
        Line($"ДатаКонца={last:dd.MM.yyyy}");
        Line($"РасчСчет={account}");
        Line("СекцияРасчСчет");
        Line($"ДатаНачала={first:dd.MM.yyyy}");
        Line($"ДатаКонца={last:dd.MM.yyyy}");
        Line($"РасчСчет={account}");
        Line($"ВсегоПоступило={payments.Sum(payment => payment.Amount).ToString("0.00", CultureInfo.InvariantCulture)}");
        Line("КонецРасчСчет");
        foreach (var payment in payments)
        {
            Line("СекцияДокумент=Платіжна інструкція");
            Line($"Номер={payment.Number}");
            Line($"Дата={payment.Date:dd.MM.yyyy}");
            Line($"Сумма={payment.Amount.ToString("0.00", CultureInfo.InvariantCulture)}");
            Line($"ПлательщикСчет={payment.Iban}");
            Line($"Плательщик={payment.Payer}");
            if (payment.TaxId is not null)
            {
                Line($"ПлательщикИНН={payment.TaxId}");
            }

            Line($"Плательщик1={payment.Payer}");
            Line($"ПолучательСчет={account}");
            Line($"Получатель={company.LegalName}");
            Line($"ПолучательИНН={company.TaxId}");
            Line($"НазначениеПлатежа={payment.Purpose}");
            Line($"ДатаПоступило={payment.Date:dd.MM.yyyy}");
            Line("КонецДокумента");
        }

        Line("КонецФайла");
        return text.ToString();
    }

    /// <summary>The number with its last two different neighbouring digits swapped (or its last digit changed).</summary>
    internal static string Typo(string number)
    {
        var characters = number.ToCharArray();
        for (var i = characters.Length - 1; i > 0; i--)
        {
            if (char.IsAsciiDigit(characters[i]) && char.IsAsciiDigit(characters[i - 1]) && characters[i] != characters[i - 1])
            {
                (characters[i], characters[i - 1]) = (characters[i - 1], characters[i]);
                return new string(characters);
            }
        }

        var last = Array.FindLastIndex(characters, char.IsAsciiDigit);
        if (last >= 0)
        {
            characters[last] = characters[last] == '9' ? '8' : (char)(characters[last] + 1);
        }

        return new string(characters);
    }

    /// <summary>The number with its Cyrillic look-alike letters typed in Latin, or null when it has none.</summary>
    internal static string? LatinLookAlike(string number)
    {
        const string cyrillic = "АВЕІКМНОРСТХ", latin = "ABEIKMHOPCTX";
        var changed = new string([.. number.Select(character => cyrillic.IndexOf(char.ToUpperInvariant(character)) is var i and >= 0 ? latin[i] : character)]);
        return changed == number ? null : changed;
    }

    /// <summary>A made-up but stable account for a client (the statement needs one; nothing checks it).</summary>
    private static string Iban(Guid clientId)
    {
        var digits = string.Concat(clientId.ToByteArray().Select(b => (b % 10).ToString(CultureInfo.InvariantCulture)));
        return "UA" + (digits + digits)[..27];
    }

    private sealed record Payment(string Number, DateOnly Date, decimal Amount, string Payer, string? TaxId, string Iban, string Purpose);
}
