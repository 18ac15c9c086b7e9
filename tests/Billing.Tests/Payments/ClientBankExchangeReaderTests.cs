using System.Text;
using OrleansCrm.Billing.Payments.Statements;

namespace OrleansCrm.Billing.Tests.Payments;

public sealed class ClientBankExchangeReaderTests
{
    internal const string Company = "UA213223130000026007233566001";
    internal const string Payer = "UA903052992990004149123456789";
    private static readonly string[] CompanyAccounts = ["UA21 3223 1300 0002 6007 2335 6600 1"];

    internal static string File(string encoding, params string[][] documents)
    {
        var lines = new List<string>
        {
            "1CClientBankExchange", "ВерсияФормата=1.02", $"Кодировка={encoding}", "Отправитель=Приват24", "Получатель=",
            "ДатаСоздания=05.12.2026", "ДатаНачала=01.12.2026", "ДатаКонца=05.12.2026", $"РасчСчет={Company}",
            "СекцияРасчСчет", "ДатаНачала=01.12.2026", $"РасчСчет={Company}", "НачальныйОстаток=0.00", "КонецРасчСчет",
        };
        foreach (var document in documents)
        {
            lines.Add("СекцияДокумент=Платіжне доручення");
            lines.AddRange(document);
            lines.Add("КонецДокумента");
        }

        lines.Add("КонецФайла");
        return string.Join("\r\n", lines) + "\r\n";
    }

    internal static string[] Incoming(string number, string amount, string purpose, string date = "02.12.2026") =>
    [
        $"Номер={number}", $"Дата={date}", $"Сумма={amount}", $"ПлательщикСчет={Payer}", "Плательщик=ТОВ \"Ґрунт і Сіль\"",
        "ПлательщикИНН=12345678", $"ПолучательСчет={Company}", "Получатель=ТОВ \"ІТ Сервіс\"", $"НазначениеПлатежа={purpose}",
        $"ДатаПоступило={date}",
    ];

    internal static string[] Outgoing(string number) =>
    [
        $"Номер={number}", "Дата=03.12.2026", "Сумма=350.00", $"ПлательщикСчет={Company}", "Плательщик=ТОВ \"ІТ Сервіс\"",
        "ПолучательСчет=UA773052990000026009876543210", "Получатель=ФОП Коваленко Є.Ї.", "НазначениеПлатежа=Оренда", "ДатаСписано=03.12.2026",
    ];

    private static byte[] Windows(string text) => StatementEncodings.Windows1251.GetBytes(text);

    [Fact]
    public void A_Windows_1251_file_gives_its_incoming_payments_with_Ukrainian_text_intact_and_skips_outgoing_ones()
    {
        var file = Windows(File("Windows",
            Incoming("1543", "12000.00", "Оплата згідно рах. №РФ-2026-0042 від 01.12.2026, у т.ч. ПДВ 2000,00 грн."),
            Outgoing("88"),
            Incoming("17", "3600.5", "За обслуговування ПЗ, без ПДВ", "04.12.2026")));

        var reading = ClientBankExchangeReader.Read(file, CompanyAccounts);

        Assert.Empty(reading.Problems);
        Assert.Equal(1, reading.SkippedOutgoing);
        Assert.Equal(2, reading.Payments.Count);
        var first = reading.Payments[0];
        Assert.Equal(Company, first.BankAccount);
        Assert.Equal("1543", first.DocumentNumber);
        Assert.Equal(new DateOnly(2026, 12, 2), first.Date);
        Assert.Equal(new DateOnly(2026, 12, 2), first.ReceivedOn);
        Assert.Equal(12000.00m, first.Amount);
        Assert.Equal("ТОВ \"Ґрунт і Сіль\"", first.PayerName);
        Assert.Equal("12345678", first.PayerTaxId);
        Assert.Equal(Payer, first.PayerIban);
        Assert.Equal("Оплата згідно рах. №РФ-2026-0042 від 01.12.2026, у т.ч. ПДВ 2000,00 грн.", first.Purpose);
        Assert.Equal(3600.50m, reading.Payments[1].Amount);
    }

    [Fact]
    public void A_DOS_866_file_is_detected_from_its_header_bytes()
    {
        // DOS-866 has Є and Ї but no І: Ukrainian DOS-era files wrote a Latin i, as this one does.
        var file = StatementEncodings.Dos866.GetBytes(File("DOS",
            Incoming("501", "4800,50", "Оплата по счету № РФ-2026-0043 от 30.11.2026, Є ї"),
            Outgoing("12")));

        var (encoding, problem) = ClientBankExchangeReader.DetectEncoding(file);
        Assert.Null(problem);
        Assert.Equal(866, encoding!.CodePage);

        var reading = ClientBankExchangeReader.Read(file, CompanyAccounts);
        Assert.Empty(reading.Problems);
        Assert.Equal(1, reading.SkippedOutgoing);
        var payment = Assert.Single(reading.Payments);
        Assert.Equal(4800.50m, payment.Amount);
        Assert.Equal("Оплата по счету № РФ-2026-0043 от 30.11.2026, Є ї", payment.Purpose);
    }

    [Fact]
    public void The_bytes_decide_the_encoding_even_when_the_header_declares_another()
    {
        var file = StatementEncodings.Dos866.GetBytes(File("Windows", Incoming("1", "10.00", "Оплата")));

        Assert.Equal(866, ClientBankExchangeReader.DetectEncoding(file).Encoding!.CodePage);
        Assert.Equal("Оплата", Assert.Single(ClientBankExchangeReader.Read(file, CompanyAccounts).Payments).Purpose);
    }

    [Theory]
    [InlineData("statement-cp1251.txt", 1251, 2, 1)]
    [InlineData("statement-cp866.txt", 866, 1, 1)]
    public void The_committed_sample_files_read_in_their_encodings(string name, int codePage, int payments, int skipped)
    {
        var file = System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", name));

        Assert.Equal(codePage, ClientBankExchangeReader.DetectEncoding(file).Encoding!.CodePage);
        var reading = ClientBankExchangeReader.Read(file, [Company]);
        Assert.Empty(reading.Problems);
        Assert.Equal(payments, reading.Payments.Count);
        Assert.Equal(skipped, reading.SkippedOutgoing);
        Assert.All(reading.Payments, payment => Assert.Equal(Company, payment.BankAccount));
        Assert.Contains(reading.Payments, payment => payment.Purpose.Contains("РФ-2026-004", StringComparison.Ordinal));
    }

    [Fact]
    public void The_sample_1251_file_keeps_a_long_purpose_continued_on_a_second_line()
    {
        var file = System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "statement-cp1251.txt"));
        var payment = ClientBankExchangeReader.Read(file, [Company]).Payments.Single(payment => payment.DocumentNumber == "17");

        Assert.Equal("Оплата за обслуговування ПЗ за листопад 2026 р., без ПДВ", payment.Purpose);
        Assert.Null(payment.ReceivedOn); // incoming because the recipient's account is the company's
        Assert.Equal("2987654321", payment.PayerTaxId);
    }

    [Fact]
    public void A_UTF_8_file_is_refused_rather_than_read_as_nothing()
    {
        var reading = ClientBankExchangeReader.Read(Encoding.UTF8.GetBytes(File("Windows", Incoming("1", "10.00", "Оплата"))), CompanyAccounts);

        Assert.True(reading.Refused);
        Assert.Equal("Billing.StatementInUtf8", Assert.Single(reading.Problems).Message.Code);
    }

    [Fact]
    public void A_file_that_is_not_a_client_bank_exchange_is_refused()
    {
        var reading = ClientBankExchangeReader.Read(Windows("Дата;Сума\r\n01.12.2026;100\r\n"), CompanyAccounts);

        Assert.Equal(new[] { (1, "Billing.StatementNotClientBankExchange") }, reading.Problems.Select(problem => (problem.Line, problem.Message.Code)));
    }

    [Fact]
    public void Every_bad_document_is_listed_with_its_line_and_nothing_is_returned()
    {
        var text = File("Windows",
            Incoming("1", "10.00", "Добре"),
            Incoming("2", "abc", "Сума не число"),
            Incoming("3", "10.00", "Дата хибна", date: "32.13.2026"),
            [.. Incoming("4", "10.00", "Без номера").Where(line => !line.StartsWith("Номер=", StringComparison.Ordinal))],
            Incoming("5", "0.00", "Нуль"),
            Incoming("6", "10.001", "Частка копійки"),
            [.. Incoming("7", "10.00", "Зайвий рядок"), "якийсь рядок без знака рівності"],
            Outgoing("8")).Replace("КонецФайла\r\n", "", StringComparison.Ordinal);
        var lines = text.Split("\r\n");
        int LineOf(string content, int occurrence = 0) => lines.Select((line, index) => (line, index)).Where(pair => pair.line == content).ElementAt(occurrence).index + 1;

        var reading = ClientBankExchangeReader.Read(Windows(text), CompanyAccounts);

        Assert.True(reading.Refused);
        Assert.Empty(reading.Payments);
        var expected = new (int Line, string Code)[]
        {
            (LineOf("Сумма=abc"), "Billing.StatementAmountInvalid"),
            (LineOf("Дата=32.13.2026"), "Billing.StatementDateInvalid"),
            (LineOf("ДатаПоступило=32.13.2026"), "Billing.StatementDateInvalid"),
            (LineOf("СекцияДокумент=Платіжне доручення", 3), "Billing.StatementFieldMissing"),
            (LineOf("Сумма=0.00"), "Billing.StatementAmountNotPositive"),
            (LineOf("Сумма=10.001"), "Billing.StatementAmountFractionOfKopiyka"),
            (LineOf("якийсь рядок без знака рівності"), "Billing.StatementLineNotUnderstood"),
            (lines.Length, "Billing.StatementFileNotClosed"),
        };
        Assert.Equal(expected, reading.Problems.Select(problem => (problem.Line, problem.Message.Code)));
        Assert.Equal("Номер", reading.Problems[3].Message.Args[0].Value);
    }

    [Fact]
    public void A_document_without_its_end_is_listed()
    {
        var text = File("Windows", Incoming("1", "10.00", "Добре"), Incoming("2", "20.00", "Теж"))
            .Replace("ДатаПоступило=02.12.2026\r\nКонецДокумента\r\nСекцияДокумент", "ДатаПоступило=02.12.2026\r\nСекцияДокумент", StringComparison.Ordinal);

        var reading = ClientBankExchangeReader.Read(Windows(text), CompanyAccounts);

        var problem = Assert.Single(reading.Problems);
        Assert.Equal("Billing.StatementDocumentNotClosed", problem.Message.Code);
        Assert.Equal(text.Split("\r\n").ToList().IndexOf("СекцияДокумент=Платіжне доручення") + 1, problem.Line);
    }

    [Fact]
    public void Without_a_recipient_account_the_statements_only_account_received_it()
    {
        var document = Incoming("1", "10.00", "Оплата").Where(line => !line.StartsWith("ПолучательСчет=", StringComparison.Ordinal)).ToArray();

        var payment = Assert.Single(ClientBankExchangeReader.Read(Windows(File("Windows", document)), CompanyAccounts).Payments);

        Assert.Equal(Company, payment.BankAccount);
    }

    [Fact]
    public void A_payment_read_twice_has_the_same_key_and_another_document_another()
    {
        var file = Windows(File("Windows", Incoming("1543", "12000.00", "Оплата"), Incoming("1544", "12000.00", "Оплата")));

        var first = ClientBankExchangeReader.Read(file, CompanyAccounts).Payments;
        var second = ClientBankExchangeReader.Read(file, CompanyAccounts).Payments;

        Assert.Equal(first.Select(payment => payment.Key), second.Select(payment => payment.Key));
        Assert.NotEqual(first[0].Key, first[1].Key);
        Assert.Equal($"{Company}|1543|2026-12-02|12000.00", first[0].Key.ToString());
    }
}
