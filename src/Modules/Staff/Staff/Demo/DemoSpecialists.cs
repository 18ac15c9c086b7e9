using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Specialists;

namespace OrleansCrm.Staff.Demo;

/// <summary>
/// The support team of a Ukrainian 1C/BAS/M.E.Doc partner: accountants' software, payroll, ERP, M.E.Doc reporting,
/// software cash registers (ПРРО), qualified e-signatures and networks, at every grade. Certificates are dated
/// relative to <c>today</c> (so the rating's "last two years" has something to count); everything else is fixed.
/// </summary>
public static class DemoSpecialists
{
    public const int Count = 12;

    public static IReadOnlyList<CreateSpecialist.CreateSpecialist> Create(DateOnly today) =>
    [
        Specialist(0, "Бондаренко Андрій Миколайович", 5, 12,
            [("1c.accounting", 5), ("1c.zup", 4), ("medoc", 3)],
            [("1С:Професіонал. Бухгалтерія для України", 7), ("1С:Спеціаліст-консультант. Зарплата і управління персоналом", 30)], today),
        Specialist(1, "Ткаченко Олена Василівна", 4, 10,
            [("medoc", 5), ("qes", 4), ("prro", 3)],
            [("M.E.Doc: сертифікований спеціаліст із впровадження", 4)], today),
        Specialist(2, "Кравчук Дмитро Олегович", 5, 12,
            [("1c.erp", 5), ("bas", 4), ("1c.accounting", 3)],
            [("1С:Професіонал. ERP Управління підприємством", 10), ("BAS ERP: спеціаліст", 15), ("1С:Спеціаліст. Платформа", 40)], today),
        Specialist(3, "Мельник Ірина Степанівна", 4, 10,
            [("1c.zup", 5), ("1c.accounting", 4)],
            [("1С:Професіонал. Зарплата і управління персоналом", 20)], today),
        Specialist(4, "Шевчук Богдан Ігорович", 3, 10,
            [("network", 5), ("qes", 3), ("prro", 2)],
            [("Cisco CCNA", 50)], today),
        Specialist(5, "Поліщук Наталія Андріївна", 3, 10,
            [("bas", 4), ("1c.accounting", 4), ("medoc", 2)],
            [], today),
        Specialist(6, "Лисенко Сергій Петрович", 3, 10,
            [("prro", 5), ("qes", 4), ("network", 3)],
            [("ПРРО: інтегратор програмних РРО", 2)], today),
        Specialist(7, "Савченко Юлія Олександрівна", 2, 8,
            [("1c.accounting", 3), ("medoc", 3)],
            [], today),
        Specialist(8, "Руденко Максим Вікторович", 2, 10,
            [("1c.erp", 3), ("bas", 3), ("network", 2)],
            [], today),
        Specialist(9, "Гончаренко Оксана Юріївна", 4, 10,
            [("medoc", 4), ("1c.zup", 3), ("qes", 3)],
            [("M.E.Doc: Звітність і електронний документообіг", 9)], today),
        Specialist(10, "Марченко Тарас Володимирович", 5, 14,
            [("bas", 5), ("1c.erp", 4)],
            [("BAS: Професіонал", 26), ("BAS ERP: Бюджетування", 13)], today),
        Specialist(11, "Захарченко Вікторія Сергіївна", 1, 6,
            [("1c.accounting", 2), ("medoc", 2), ("prro", 2)],
            [], today),
    ];

    /// <summary>The id of a demo specialist (0 to <see cref="Count"/> − 1), the same on every database.</summary>
    public static Guid IdOf(int index) => CreateSpecialist.CreateSpecialistHandler.IdFor(KeyOf(index));

    /// <summary>Index of a demo specialist who is off shift, and of one who is away for a few days.</summary>
    public const int OffShift = 5;

    public const int Absent = 8;

    private static CreateSpecialist.CreateSpecialist Specialist(
        int index, string name, int grade, int capacity, (string Code, int Level)[] skills, (string Name, int MonthsAgo)[] certificates, DateOnly today) =>
        new(name, null,
            skills.Select(s => new SkillInput(s.Code, s.Level)).ToList(),
            grade,
            certificates.Select(c => new CertificateInput(c.Name, today.AddMonths(-c.MonthsAgo))).ToList(),
            capacity)
        {
            IdempotencyKey = KeyOf(index),
        };

    private static string KeyOf(int index) => $"demo/specialist/{index}";

    internal static Availability AvailabilityOf(int index, DateTimeOffset now) => index switch
    {
        OffShift => new Availability(AvailabilityStatus.OffShift, null),
        Absent => new Availability(AvailabilityStatus.Absent, now.AddDays(5)),
        _ => AvailabilityRules.OnDuty,
    };
}
