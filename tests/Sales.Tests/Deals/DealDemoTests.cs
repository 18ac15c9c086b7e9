using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Deals;

/// <summary>The demo start gives the sales workplace two linked pipelines and deals at every stage, some won and lost, with their history.</summary>
public sealed class DealDemoTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_demo_has_pipelines_and_deals_at_every_stage_with_history(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = database.StartHost(new Dictionary<string, string?> { ["Crm:Demo:Seed"] = "true" });
        using var http = host.Http();

        var deals = await ApiAssert.EventuallyAsync(
            async () => await SalesApi.ReadAsync(await http.GetAsync("/api/deals?pageSize=500")),
            page => page["total"]!.GetValue<int>() >= 20, seconds: 120);
        var pipelines = JsonNode.Parse(await http.GetStringAsync("/api/pipelines"))!.AsArray();
        Assert.Equal(["Продажі", "Рекламації"], pipelines.Select(p => p!["name"]!.GetValue<string>()).Order());

        var items = deals["items"]!.AsArray();
        var sales = pipelines.First(p => p!["name"]!.GetValue<string>() == "Продажі")!;
        var working = sales["stages"]!.AsArray().Select(s => s!["code"]!.GetValue<string>()).SkipLast(1); // the last hands over to claims
        var open = items.Where(d => d!["status"]!.GetValue<string>() == "Open").Select(d => d!["stage"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(working.ToHashSet(), open);
        Assert.Contains(items, d => d!["status"]!.GetValue<string>() == "Won");
        Assert.Contains(items, d => d!["status"]!.GetValue<string>() == "Lost");

        var deep = items.First(d => d!["stage"]!.GetValue<string>() == "paid")!;
        var detail = await SalesApi.ReadAsync(await http.GetAsync($"/api/deals/{deep["id"]}"));
        var history = detail["history"]!.AsArray();
        Assert.True(history.Count >= 3);
        Assert.True(history[0]!["enteredAt"]!.GetValue<DateTimeOffset>() < DateTimeOffset.UtcNow.AddDays(-7));

        // One deal carries a file, so the deal page's files section shows one on a first start.
        var withFile = await ApiAssert.EventuallyAsync<JsonNode?>(async () =>
        {
            foreach (var item in items)
            {
                var deal = await SalesApi.ReadAsync(await http.GetAsync($"/api/deals/{item!["id"]}"));
                if (deal["attachments"]?.AsArray().Count > 0)
                {
                    return deal;
                }
            }

            return null;
        }, deal => deal is not null, seconds: 60);
        var file = withFile!["attachments"]!.AsArray().Single()!;
        Assert.Equal("Бриф клієнта.txt", file["fileName"]!.GetValue<string>());
        var bytes = await http.GetStringAsync($"/api/deals/{withFile["id"]}/attachments/{file["id"]}");
        Assert.Contains("Бриф клієнта (демо)", bytes);
    }
}
