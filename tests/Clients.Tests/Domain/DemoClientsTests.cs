using OrleansCrm.Clients.Cards;
using OrleansCrm.Clients.Demo;
using OrleansCrm.Clients.Domain;

namespace OrleansCrm.Clients.Tests.Domain;

public sealed class DemoClientsTests
{
    [Fact]
    public void Demo_clients_pass_every_rule_and_have_distinct_names()
    {
        var validator = new ClientInputValidator(new PhoneNumberNormalizer("UA"));
        var clients = DemoClients.Generate(2_000).ToList();

        foreach (var client in clients)
        {
            var result = validator.Validate(client);
            Assert.True(result.IsValid, $"{client.LegalName}: {string.Join("; ", result.Errors)}");
            Assert.NotEmpty(client.Contacts!);
            Assert.NotEmpty(client.Installations!);
        }

        // Sole proprietors are people and may share a name; organisations may not.
        var organisations = clients.Where(c => c.Kind != Contracts.ClientKind.SoleProprietor).Select(c => c.LegalName).ToList();
        Assert.Equal(organisations.Count, organisations.Distinct().Count());
        Assert.Contains(clients, c => c.Kind == Contracts.ClientKind.SoleProprietor);
        Assert.Contains(clients, c => c.Kind == Contracts.ClientKind.BudgetInstitution);
        Assert.Contains(clients, c => c.SupportStatus == Contracts.SupportStatus.Terminated);
    }

    [Fact]
    public void Demo_clients_are_the_same_on_every_start() =>
        Assert.Equal(DemoClients.Generate(50).Select(c => c.TaxId), DemoClients.Generate(50).Select(c => c.TaxId));
}
