using System.Text;
using OrleansCrm.Billing.Payments.Statements;

namespace OrleansCrm.Billing.Tests.Payments;

public sealed class CsvStatementReaderTests
{
    private const string Company = ClientBankExchangeReaderTests.Company;

    private static readonly CsvStatementMapping Privat = new()
    {
        BankAccount = Company,
        Date = "Дата операції",
        Number = "Номер документа",
        Amount = "Сума",
        Direction = "Напрям",
        PayerName = "Контрагент",
        PayerTaxId = "ЄДРПОУ контрагента",
        PayerIban = "Рахунок контрагента",
        Purpose = "Призначення платежу",
    };

    private const string PrivatHeader = "Дата операції;Номер документа;Сума;Валюта;Напрям;Контрагент;ЄДРПОУ контрагента;Рахунок контрагента;Призначення платежу";

    private static string PrivatFile(params string[] rows) => string.Join("\r\n", [PrivatHeader, .. rows]) + "\r\n";

    private const string GoodIncoming =
        "02.12.2026 10:15;1543;12 000,00;UAH;Кредит;\"ТОВ \"\"Ґрунт і Сіль\"\"\";12345678;UA90 3052 9929 9000 4149 1234 5678 9;\"Оплата згідно рах. №РФ-2026-0042; у т.ч. ПДВ\"";

    private const string GoodOutgoing = "03.12.2026;88;350,00;UAH;Дебет;ФОП Коваленко Є.Ї.;3012345678;UA773052990000026009876543210;Оренда";

    [Theory]
    [InlineData(StatementEncoding.Utf8)]
    [InlineData(StatementEncoding.Windows1251)]
    public void A_mapped_CSV_gives_the_same_payments_in_either_encoding(StatementEncoding encoding)
    {
        var text = PrivatFile(GoodIncoming, GoodOutgoing, "04.12.2026;17;3600,5;UAH;C;ФОП Шевчук;2987654321;;Обслуговування ПЗ");
        var bytes = encoding == StatementEncoding.Utf8 ? Encoding.UTF8.GetBytes(text) : StatementEncodings.Windows1251.GetBytes(text);

        var reading = CsvStatementReader.Read(bytes, Privat with { Encoding = encoding });

        Assert.Empty(reading.Problems);
        Assert.Equal(1, reading.SkippedOutgoing);
        Assert.Equal(2, reading.Payments.Count);
        var first = reading.Payments[0];
        Assert.Equal(new StatementPayment(Company, "1543", new DateOnly(2026, 12, 2), 12000.00m, "ТОВ \"Ґрунт і Сіль\"", "12345678",
            ClientBankExchangeReaderTests.Payer, "Оплата згідно рах. №РФ-2026-0042; у т.ч. ПДВ", null, 2), first);
        Assert.Equal(3600.50m, reading.Payments[1].Amount);
        Assert.Null(reading.Payments[1].PayerIban);
        Assert.Equal(4, reading.Payments[1].Line);
    }

    [Fact]
    public void A_UTF_8_file_with_a_byte_order_mark_reads_the_same()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(PrivatFile(GoodIncoming))).ToArray();

        Assert.Equal("1543", Assert.Single(CsvStatementReader.Read(bytes, Privat).Payments).DocumentNumber);
    }

    [Fact]
    public void Without_a_header_columns_go_by_position_and_a_signed_amount_gives_the_direction()
    {
        var mapping = new CsvStatementMapping
        {
            BankAccount = Company,
            HasHeader = false,
            Delimiter = ',',
            DecimalSeparator = '.',
            DateFormats = ["yyyy-MM-dd"],
            Date = CsvColumn.At(0),
            Number = CsvColumn.At(1),
            Amount = CsvColumn.At(2),
            PayerName = CsvColumn.At(3),
            PayerTaxId = CsvColumn.At(4),
            Purpose = CsvColumn.At(5),
            Encoding = StatementEncoding.Windows1251,
        };
        var text = "2026-12-01,501,4800.50,ТОВ Ромашка,12345678,Рахунок РФ-2026-0043\n2026-12-01,12,-99.99,Банк,,Комісія\n";

        var reading = CsvStatementReader.Read(StatementEncodings.Windows1251.GetBytes(text), mapping);

        Assert.Empty(reading.Problems);
        Assert.Equal(1, reading.SkippedOutgoing);
        var payment = Assert.Single(reading.Payments);
        Assert.Equal(("501", 4800.50m, "ТОВ Ромашка", "Рахунок РФ-2026-0043", 1), (payment.DocumentNumber, payment.Amount, payment.PayerName, payment.Purpose, payment.Line));
    }

    [Fact]
    public void Every_bad_row_is_listed_with_its_line_and_the_file_gives_nothing()
    {
        var text = PrivatFile(
            GoodIncoming,                                                     // line 2
            "31.02.2026;2;100,00;UAH;Кредит;А;1;;Дата хибна",                  // line 3
            "01.12.2026;3;сто;UAH;Кредит;А;1;;Сума не число",                  // line 4
            "01.12.2026;4;100.00;UAH;Кредит;А;1;;Інший роздільник",            // line 5
            "01.12.2026;5;100,00;UAH;Повернення;А;1;;Невідомий напрям",        // line 6
            "01.12.2026;;100,00;UAH;Кредит;А;1;;Без номера",                   // line 7
            "",                                                               // line 8: blank, skipped
            "01.12.2026;7;-5,00;UAH;Кредит;А;1;;Від'ємне надходження",         // line 9
            GoodOutgoing,                                                     // line 10
            "01.12.2026;9",                                                   // line 11: cut short
            "01.12.2026;10;100,00;UAH;Кредит;\"А\"Б;1;;Лапки");                // line 12

        var reading = CsvStatementReader.Read(Encoding.UTF8.GetBytes(text), Privat);

        Assert.True(reading.Refused);
        Assert.Empty(reading.Payments);
        Assert.Equal(
            new (int, string)[]
            {
                (3, "Billing.StatementDateInvalid"),
                (4, "Billing.StatementAmountInvalid"),
                (5, "Billing.StatementAmountInvalid"),
                (6, "Billing.StatementDirectionUnknown"),
                (7, "Billing.StatementFieldMissing"),
                (9, "Billing.StatementAmountNotPositive"),
                (11, "Billing.StatementFieldMissing"),
                (11, "Billing.StatementFieldMissing"),
                (12, "Billing.StatementCsvBadQuotes"),
            },
            reading.Problems.Select(problem => (problem.Line, problem.Message.Code)));
    }

    [Fact]
    public void A_Windows_1251_file_uploaded_as_UTF_8_is_refused_line_by_line()
    {
        var bytes = StatementEncodings.Windows1251.GetBytes(PrivatFile(GoodIncoming, "01.12.2026;2;10,00;UAH;C;A;1;;paid"));

        var reading = CsvStatementReader.Read(bytes, Privat);

        Assert.Equal(new[] { 1, 2 }, reading.Problems.Select(problem => problem.Line));
        Assert.All(reading.Problems, problem => Assert.Equal("Billing.StatementNotUtf8", problem.Message.Code));
    }

    [Fact]
    public void A_mapped_column_missing_from_the_header_refuses_the_file()
    {
        var reading = CsvStatementReader.Read(Encoding.UTF8.GetBytes("Дата;Сума\r\n01.12.2026;10,00\r\n"), Privat);

        Assert.True(reading.Refused);
        Assert.Contains(reading.Problems, problem => problem.Message.Code == "Billing.StatementColumnMissing" && problem.Message.Args[0].Value == "Номер документа");
        Assert.All(reading.Problems, problem => Assert.Equal(1, problem.Line));
    }

    [Fact]
    public void The_same_CSV_payment_read_twice_has_the_same_key()
    {
        var bytes = Encoding.UTF8.GetBytes(PrivatFile(GoodIncoming));

        Assert.Equal(CsvStatementReader.Read(bytes, Privat).Payments[0].Key, CsvStatementReader.Read(bytes, Privat).Payments[0].Key);
    }
}
