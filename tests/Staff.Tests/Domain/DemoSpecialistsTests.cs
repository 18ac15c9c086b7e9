using OrleansCrm.Staff.CreateSpecialist;
using OrleansCrm.Staff.Demo;

namespace OrleansCrm.Staff.Tests.Domain;

public sealed class DemoSpecialistsTests
{
    [Fact]
    public void Demo_specialists_pass_every_rule_and_are_distinct()
    {
        var validator = new CreateSpecialistValidator(TimeProvider.System);
        foreach (var specialist in DemoSpecialists.All)
        {
            var result = validator.Validate(specialist);
            Assert.True(result.IsValid, $"{specialist.Name}: {string.Join("; ", result.Errors)}");
            Assert.NotEmpty(specialist.Skills!);
        }

        Assert.Equal(12, DemoSpecialists.All.Count);
        Assert.Equal(DemoSpecialists.All.Count, DemoSpecialists.All.Select(s => s.Name).Distinct().Count());
        Assert.Equal(DemoSpecialists.All.Count, DemoSpecialists.All.Select(s => s.IdempotencyKey).Distinct().Count());

        // Every skill the service desk routes by has someone, and every grade appears.
        var skills = DemoSpecialists.All.SelectMany(s => s.Skills!).Select(s => s.Code).ToHashSet();
        Assert.Superset(skills, new HashSet<string?> { "1c.accounting", "1c.erp", "1c.zup", "bas", "medoc", "prro", "network", "qes" });
        Assert.Equal([1, 2, 3, 4, 5], DemoSpecialists.All.Select(s => s.QualificationGrade!.Value).Distinct().Order());
    }
}
