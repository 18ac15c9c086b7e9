using OrleansCrm.Staff.CreateSpecialist;
using OrleansCrm.Staff.Demo;

namespace OrleansCrm.Staff.Tests.Domain;

public sealed class DemoSpecialistsTests
{
    [Fact]
    public void Demo_specialists_pass_every_rule_and_are_distinct()
    {
        var validator = new CreateSpecialistValidator(TimeProvider.System);
        var all = DemoSpecialists.Create(DateOnly.FromDateTime(DateTime.UtcNow));
        foreach (var specialist in all)
        {
            var result = validator.Validate(specialist);
            Assert.True(result.IsValid, $"{specialist.Name}: {string.Join("; ", result.Errors)}");
            Assert.NotEmpty(specialist.Skills!);
        }

        Assert.Equal(DemoSpecialists.Count, all.Count);
        Assert.Equal(all.Count, all.Select(s => s.Name).Distinct().Count());
        Assert.Equal(all.Count, all.Select(s => s.IdempotencyKey).Distinct().Count());

        // Every skill the service desk routes by has someone, and every grade appears.
        var skills = all.SelectMany(s => s.Skills!).Select(s => s.Code).ToHashSet();
        Assert.Superset(skills, new HashSet<string?> { "1c.accounting", "1c.erp", "1c.zup", "bas", "medoc", "prro", "network", "qes" });
        Assert.Equal([1, 2, 3, 4, 5], all.Select(s => s.QualificationGrade!.Value).Distinct().Order());
    }

    [Fact]
    public void Demo_specialists_are_the_same_on_every_start_of_a_day()
    {
        var today = new DateOnly(2026, 6, 1);
        var first = DemoSpecialists.Create(today);
        var second = DemoSpecialists.Create(today);
        Assert.Equal(first.Select(s => s.Name), second.Select(s => s.Name));
        Assert.Equal(first.SelectMany(s => s.Certificates!), second.SelectMany(s => s.Certificates!));
        Assert.Contains(first.SelectMany(s => s.Certificates!), c => c.Date >= today.AddYears(-2));
    }
}

