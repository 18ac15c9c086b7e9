using OrleansCrm.Clients.Cards;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Domain;

namespace OrleansCrm.Clients.Demo;

/// <summary>
/// Realistic, deterministic clients of a Ukrainian 1C/BAS/M.E.Doc partner: companies, sole proprietors and budget
/// institutions with valid tax ids, contacts with phones and e-mails, installed products and update dates.
/// </summary>
public static class DemoClients
{
    /// <summary>
    /// Responsible managers of the demo clients: the user ids the host gives the demo users <c>manager</c> and
    /// <c>saleshead</c> (a manager is a user: Identity owns them), so "My clients" and the manager's name show on first start.
    /// </summary>
    public static readonly Guid[] Managers =
    [
        Guid.Parse("0b6f5a1e-4a38-4f0e-9a11-1d2c3b4a5f01"),
        Guid.Parse("0b6f5a1e-4a38-4f0e-9a11-1d2c3b4a5f02"),
    ];

    private static readonly string[] NameRoots =
    [
        "Агросвіт", "Будмонтаж", "Дніпро-Логістик", "Карпати Трейд", "Світанок", "Полтава-Зерно", "Техносервіс", "Укрпостач",
        "Вінницяпром", "Житомирмебель", "Запоріжсталь-Сервіс", "Київбудінвест", "Львівхліб", "Одеса-Фрахт", "Харків-Енерго",
        "Чернігівмолоко", "Рівне-Агро", "Фармація Плюс", "Галицькі Смаки", "Східний Вітер", "Альфа-Бух", "Бета Консалт",
        "Гранд Маркет", "Дельта Моторс", "Еко-Ферма", "Зелена Долина", "Інтер-Пак", "Кристал Вода", "Лідер Авто", "Мрія",
        "Нафтотранс", "Оптима Фуд", "Прайм Девелопмент", "Райдуга", "Стандарт-Буд", "Тріумф", "Універсал Дистрибуція",
        "Фортуна", "Хмельницьк-Текстиль", "Цукровий Завод Поділля", "Шахторемонт", "Явір", "Северный Путь", "Берёзка",
        "Волжанка", "Уральские Самоцветы", "Сибирь-Лес", "Нева-Принт", "Кубань-Агро", "Медтехника",
    ];

    private static readonly string[] Cities = ["Київ", "Львів", "Харків", "Одеса", "Дніпро", "Вінниця", "Полтава", "Житомир", "Рівне", "Черкаси"];

    private static readonly string[] BudgetNames =
    [
        "КНП «Міська лікарня №{0}»", "Ліцей №{0}", "Відділ освіти РДА №{0}", "КЗ «Центр надання соціальних послуг №{0}»", "Бібліотека №{0}",
    ];

    private static readonly (string Last, string First, string Middle)[] People =
    [
        ("Коваленко", "Олег", "Петрович"), ("Шевченко", "Ірина", "Василівна"), ("Бондаренко", "Андрій", "Миколайович"),
        ("Ткаченко", "Наталія", "Іванівна"), ("Кравченко", "Сергій", "Олександрович"), ("Олійник", "Оксана", "Степанівна"),
        ("Мельник", "Юрій", "Богданович"), ("Поліщук", "Тетяна", "Григорівна"), ("Лисенко", "Віктор", "Анатолійович"),
        ("Савченко", "Людмила", "Павлівна"), ("Руденко", "Дмитро", "Сергійович"), ("Марченко", "Олена", "Вікторівна"),
        ("Иванов", "Алексей", "Николаевич"), ("Смирнова", "Татьяна", "Сергеевна"), ("Кузнецов", "Михаил", "Петрович"),
    ];

    private static readonly string[] Positions = ["Головний бухгалтер", "Директор", "Бухгалтер", "Менеджер із закупівель", "Системний адміністратор", "Главный бухгалтер"];

    private static readonly (string Product, string[] Releases)[] Products =
    [
        ("1С:Бухгалтерія 8 для України", ["2.1.17", "2.1.18", "2.1.19"]),
        ("BAS Бухгалтерія", ["2.1.15", "2.1.16"]),
        ("BAS ERP", ["2.5.10", "2.5.12"]),
        ("BAS Управління торгівлею", ["3.1.8", "3.1.9"]),
        ("M.E.Doc", ["11.02.153", "11.02.160"]),
        ("1С:Зарплата і управління персоналом", ["3.1.14"]),
        ("ПРРО Вчасно.Каса", ["1.9"]),
    ];

    private static readonly string[] Segments = ["VIP", "Агро", "Роздріб", "Виробництво", "Бюджет", "Логістика", "Медицина", "ITS"];

    private static readonly string[] MobileCodes = ["50", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99"];

    private static readonly string[] Transliteration = ["buh", "office", "info", "director", "admin", "zakupivli"];

    /// <summary>The id of the demo client seeded <paramref name="index"/>-th: the same on every start and every database.</summary>
    public static Guid Id(int index) => OrleansCrm.BuildingBlocks.Ids.DeterministicGuid.Create("clients/create", IdempotencyKey(index));

    /// <summary>The key the seed creates that client with, so a repeated or interrupted seed creates nothing twice.</summary>
    public static string IdempotencyKey(int index) => $"demo/{index}";

    public static IEnumerable<ClientInput> Generate(int count, int seed = 2026)
    {
        var random = new Random(seed);
        var today = new DateOnly(2026, 11, 1);
        for (var i = 0; i < count; i++)
        {
            yield return Client(random, i, today);
        }
    }

    private static ClientInput Client(Random random, int index, DateOnly today)
    {
        var roll = random.Next(100);
        var kind = roll < 70 ? ClientKind.Company : roll < 90 ? ClientKind.SoleProprietor : ClientKind.BudgetInstitution;
        var root = NameRoots[index % NameRoots.Length];
        var city = Cities[random.Next(Cities.Length)];
        var person = People[random.Next(People.Length)];
        var russian = root is "Северный Путь" or "Берёзка" or "Волжанка" or "Уральские Самоцветы" or "Сибирь-Лес" or "Нева-Принт" or "Кубань-Агро" or "Медтехника";

        // Root and suffix both come from the index: names stay distinct across 100,000 generated clients.
        var suffix = index < NameRoots.Length ? "" : $"-{index / NameRoots.Length + 1}";
        var (legalName, shortName, taxId) = kind switch
        {
            ClientKind.SoleProprietor => ($"ФОП {person.Last} {person.First} {person.Middle}", $"ФОП {person.Last} {person.First[0]}.{person.Middle[0]}.", Rnokpp(random)),
            ClientKind.BudgetInstitution => BudgetInstitution(BudgetNames[random.Next(BudgetNames.Length)], index + 1, city, Edrpou(random)),
            _ when russian => ($"ООО «{root}{suffix}»", $"{root}{suffix}", Inn10(random)),
            _ => ($"ТОВ «{root}{suffix}»", $"{root}{suffix}", Edrpou(random)),
        };

        var contacts = new List<ContactInput>();
        for (var c = 0; c < 1 + random.Next(3); c++)
        {
            var who = People[random.Next(People.Length)];
            var phones = new List<string> { $"+380 {MobileCodes[random.Next(MobileCodes.Length)]} {random.Next(100, 1000)} {random.Next(10, 100)} {random.Next(10, 100)}" };
            if (random.Next(3) == 0)
            {
                phones.Add($"(044) {random.Next(200, 600)}-{random.Next(10, 100)}-{random.Next(10, 100)}");
            }

            contacts.Add(new ContactInput(null, $"{who.Last} {who.First} {who.Middle}", Positions[random.Next(Positions.Length)], phones,
                [$"{Transliteration[random.Next(Transliteration.Length)]}{index}.{c}@client{index}.com.ua"]));
        }

        var installations = new List<InstallationInput>();
        foreach (var (product, releases) in Products.OrderBy(_ => random.Next()).Take(1 + random.Next(3)))
        {
            installations.Add(new InstallationInput(product, releases[random.Next(releases.Length)],
                [$"{shortName.Replace("«", "").Replace("»", "")} {(product.StartsWith("M.E.Doc", StringComparison.Ordinal) ? "звітність" : "робоча")}"],
                today.AddDays(random.Next(-20, 120))));
        }

        var status = random.Next(100) switch { < 85 => SupportStatus.Active, < 95 => SupportStatus.Suspended, _ => SupportStatus.Terminated };
        var remote = random.Next(4) switch
        {
            0 => new RemoteAccess("AnyDesk", $"ID {random.Next(100, 1000)} {random.Next(100, 1000)} {random.Next(100, 1000)}"),
            1 => new RemoteAccess("TeamViewer", $"ID {random.Next(100_000_000, 1_000_000_000)}, пароль у головного бухгалтера"),
            2 => new RemoteAccess("RDP через VPN", "VPN-профіль видає адміністратор клієнта"),
            _ => new RemoteAccess("Виїзд до клієнта", null),
        };

        return new ClientInput
        {
            LegalName = legalName,
            ShortName = shortName,
            Kind = kind,
            TaxId = taxId,
            Contacts = contacts,
            ManagerId = Managers[random.Next(Managers.Length)],
            Segments = Segments.OrderBy(_ => random.Next()).Take(random.Next(3)).Append(city).ToList(),
            Attributes = new Dictionary<string, AttributeInput>
            {
                ["workstations"] = new(AttributeType.Number, random.Next(1, 60).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ["clientSince"] = new(AttributeType.Date, today.AddDays(-random.Next(30, 4000)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                ["vatPayer"] = new(AttributeType.Bool, random.Next(2) == 0 ? "true" : "false"),
            },
            SupportStatus = status,
            RemoteAccess = remote,
            Particularities = random.Next(3) == 0 ? "Оновлення лише після 18:00, база велика — робити копію перед оновленням." : null,
            Installations = installations,
        };
    }

    private static (string, string, string) BudgetInstitution(string pattern, int number, string city, string taxId)
    {
        var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, number);
        return ($"{name} м. {city}", name, taxId);
    }

    private static string Edrpou(Random random)
    {
        var first = random.Next(1_000_000, 4_500_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        return first + TaxId.EdrpouCheckDigit(first);
    }

    private static string Rnokpp(Random random)
    {
        var first = random.Next(200_000_000, 400_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        return first + TaxId.RnokppCheckDigit(first);
    }

    private static string Inn10(Random random)
    {
        var first = random.Next(770_000_000, 780_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        return first + TaxId.Inn10CheckDigit(first);
    }
}
