using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Testing;

namespace OrleansCrm.Billing.Tests.Schedules;

/// <summary>The demo start shows a payment schedule: three invoices, each with its follow-up task for the client's manager.</summary>
public sealed class ScheduleDemoTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_demo_has_a_payment_schedule_with_its_follow_up_tasks(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = database.StartHost(new Dictionary<string, string?> { ["Crm:Demo:Seed"] = "true" });
        using var http = host.Http();

        var tasks = await ApiAssert.EventuallyAsync(
            async () => JsonNode.Parse(await http.GetStringAsync("/api/tasks?search=" + Uri.EscapeDataString("Проконтролювати оплату рахунку") + "&pageSize=100"))!,
            page => page["total"]!.GetValue<int>() >= 3, seconds: 120);

        var items = tasks["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.Single(items.Select(t => t!["clientId"]!.GetValue<Guid>()).Distinct());
        Assert.All(items, t => Assert.Matches(@"^Проконтролювати оплату рахунку РФ-\d{4}-\d{6} \(\d з 3\) на 12.000,00 грн до \d\d\.\d\d\.\d{4}$", t!["title"]!.GetValue<string>()));
    }
}
