using System.Reflection;

namespace OrleansCrm.Host.Tests.Architecture;

public sealed class LightContractsTests
{
    [Fact]
    public void Contracts_and_abstractions_reference_no_heavy_project_or_package()
    {
        var projects = LightContractsRule.Load(ModuleIsolationTests.RepositoryRoot());
        // The rule must have something to check: a renamed project would otherwise pass it vacuously.
        Assert.Contains(projects, p => p.Name == "OrleansCrm.BuildingBlocks.Abstractions");
        Assert.Contains(projects, p => p.Name == "OrleansCrm.Clients.Contracts");
        Assert.Empty(LightContractsRule.Violations(projects));
    }

    [Fact]
    public void Compiled_contracts_and_abstractions_reference_no_heavy_assembly()
    {
        var light = LightContractsRule.Load(ModuleIsolationTests.RepositoryRoot()).Select(p => p.Name).Where(LightContractsRule.IsLight).ToList();
        Assert.Contains("OrleansCrm.ServiceDesk.Contracts", light);
        var violations = light.SelectMany(name => LightContractsRule.CompiledViolations(name,
            assembly => Assembly.Load(assembly).GetReferencedAssemblies().Select(r => r.Name!)));
        Assert.Empty(violations);
    }

    [Fact]
    public void The_rule_catches_a_heavy_reference_however_it_arrives()
    {
        LightContractsRule.Project[] projects =
        [
            new("OrleansCrm.BuildingBlocks.Abstractions", ["Microsoft.Orleans.Sdk"], []),
            new("OrleansCrm.BuildingBlocks", ["Microsoft.Orleans.Runtime", "Npgsql.EntityFrameworkCore.PostgreSQL"], ["OrleansCrm.BuildingBlocks.Abstractions"]),
            new("OrleansCrm.Helpers", ["Microsoft.Data.Sqlite"], []),
            new("OrleansCrm.Clients.Contracts", ["Microsoft.Orleans.Sdk"], ["OrleansCrm.BuildingBlocks.Abstractions"]),
            new("OrleansCrm.Clients", ["FluentValidation"], ["OrleansCrm.BuildingBlocks", "OrleansCrm.Clients.Contracts"]),
            new("OrleansCrm.Staff.Contracts", ["Microsoft.Orleans.Sdk", "Mediator.Abstractions"], ["OrleansCrm.BuildingBlocks"]),
            new("OrleansCrm.Billing.Contracts", ["Microsoft.AspNetCore.App"], ["OrleansCrm.Helpers"]),
        ];

        var violations = LightContractsRule.Violations(projects).ToList();
        Assert.Equal(3, violations.Count);
        Assert.Contains(violations, v => v.StartsWith("OrleansCrm.Staff.Contracts → OrleansCrm.BuildingBlocks:", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("OrleansCrm.Billing.Contracts → Microsoft.AspNetCore.App:", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("OrleansCrm.Billing.Contracts → OrleansCrm.Helpers → Microsoft.Data.Sqlite:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_compiled_rule_follows_product_assemblies_but_not_packages()
    {
        var references = new Dictionary<string, string[]>
        {
            ["OrleansCrm.Sales.Contracts"] = ["OrleansCrm.BuildingBlocks.Abstractions", "Orleans.Core.Abstractions", "Mediator.Abstractions"],
            ["OrleansCrm.BuildingBlocks.Abstractions"] = ["Orleans.Core.Abstractions", "OrleansCrm.Shared"],
            ["OrleansCrm.Shared"] = ["Microsoft.EntityFrameworkCore.Relational", "Orleans.Runtime"],
            // A package's own dependencies are its business: the rule never looks inside it.
            ["Orleans.Core.Abstractions"] = ["Microsoft.AspNetCore.Connections.Abstractions"],
            ["OrleansCrm.Tickets.Contracts"] = ["OrleansCrm.BuildingBlocks"],
        };

        var sales = LightContractsRule.CompiledViolations("OrleansCrm.Sales.Contracts", name => references.GetValueOrDefault(name, [])).ToList();
        Assert.Equal(2, sales.Count);
        Assert.Contains(sales, v => v.StartsWith("OrleansCrm.Sales.Contracts → OrleansCrm.BuildingBlocks.Abstractions → OrleansCrm.Shared → Microsoft.EntityFrameworkCore.Relational:", StringComparison.Ordinal));
        Assert.Contains(sales, v => v.StartsWith("OrleansCrm.Sales.Contracts → OrleansCrm.BuildingBlocks.Abstractions → OrleansCrm.Shared → Orleans.Runtime:", StringComparison.Ordinal));
        Assert.Single(LightContractsRule.CompiledViolations("OrleansCrm.Tickets.Contracts", name => references.GetValueOrDefault(name, [])));
    }

    [Theory]
    [InlineData("OrleansCrm.BuildingBlocks", true)]
    [InlineData("OrleansCrm.BuildingBlocks.Abstractions", false)]
    [InlineData("Npgsql", true)]
    [InlineData("Npgsql.EntityFrameworkCore.PostgreSQL", true)]
    [InlineData("Microsoft.EntityFrameworkCore", true)]
    [InlineData("Microsoft.AspNetCore.Http.Abstractions", true)]
    [InlineData("Microsoft.Data.Sqlite.Core", true)]
    [InlineData("Orleans.Runtime", true)]
    [InlineData("Microsoft.Orleans.Runtime", true)]
    [InlineData("FluentValidation", true)]
    [InlineData("Microsoft.Orleans.Sdk", false)]
    [InlineData("Orleans.Core.Abstractions", false)]
    [InlineData("Mediator.Abstractions", false)]
    [InlineData("NpgsqlLike", false)]
    public void Forbidden_names_cover_families_but_not_their_light_cousins(string name, bool forbidden) =>
        Assert.Equal(forbidden, LightContractsRule.IsForbidden(name));
}
