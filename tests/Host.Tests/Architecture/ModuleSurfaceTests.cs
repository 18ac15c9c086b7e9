using System.Reflection;

namespace OrleansCrm.Host.Tests.Architecture;

public sealed class ModuleSurfaceTests
{
    /// <summary>
    /// Module internals Web and Host use today outside the declared surface. Each is a debt to pay by moving it to the
    /// module's Contracts or root namespace (or into the module); the list only ever shrinks.
    /// </summary>
    private static readonly HashSet<string> KnownExceptions =
    [
        "OrleansCrm.ServiceDesk.Wall.WallTiles", // Web's MyTicketsPage asks WallTiles.OpenStatuses which statuses are open
        "OrleansCrm.Identity.Seeding.DemoUsers", // Host lists the demo users on the sign-in page in demo mode
        "OrleansCrm.Identity.Store.CrmUser", // Host's culture switch stores the choice through UserManager<CrmUser>
        "OrleansCrm.Staff.Demo.DemoSpecialists", // Host links the demo specialist user to the first demo specialist
        "OrleansCrm.Clients.Demo.DemoClients", // Host's demo tickets belong to fixed demo clients (by their seeded ids)
    ];

    public static TheoryData<string> Consumers => ["Web", "Host"];

    [Theory]
    [MemberData(nameof(Consumers))]
    public void Web_and_Host_reach_modules_only_through_their_declared_surface(string consumer)
    {
        var assembly = Assembly.Load("OrleansCrm." + consumer);
        var violations = ProductAssemblies.ModuleInternals.Values
            .SelectMany(module => ModuleSurfaceRule.Violations(consumer, module, ModuleSurfaceRule.TypesUsed(assembly, module), KnownExceptions))
            .ToList();

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void Every_known_exception_is_still_used()
    {
        var used = new[] { "Web", "Host" }.Select(c => Assembly.Load("OrleansCrm." + c))
            .SelectMany(c => ProductAssemblies.ModuleInternals.Values.SelectMany(m => ModuleSurfaceRule.TypesUsed(c, m)))
            .Select(t => t.FullName!).ToHashSet();

        Assert.All(KnownExceptions, e => Assert.Contains(e, used)); // one no longer used leaves the list
    }

    [Fact]
    public void The_rule_allows_the_surface_and_catches_the_rest()
    {
        var serviceDesk = ProductAssemblies.ModuleInternals["ServiceDesk"];
        var type = (string name) => serviceDesk.GetType(name, throwOnError: true)!;
        Type[] used =
        [
            type("OrleansCrm.ServiceDesk.ServiceDeskModule"), // root namespace
            type("OrleansCrm.ServiceDesk.SearchTickets.SearchTickets"), // a request
            type("OrleansCrm.ServiceDesk.SearchTickets.TicketSummary"), // what it answers, inside TicketPage
            type("OrleansCrm.ServiceDesk.GetTicket.GetTicketHandler"), // a handler: Host only
            type("OrleansCrm.ServiceDesk.Tickets.TicketState"), // a grain's state
            type("OrleansCrm.ServiceDesk.Tickets.TicketGrain"), // the grain itself
        ];

        var web = ModuleSurfaceRule.Violations("Web", serviceDesk, used, new HashSet<string>()).ToList();
        var host = ModuleSurfaceRule.Violations("Host", serviceDesk, used, new HashSet<string> { "OrleansCrm.ServiceDesk.Tickets.TicketState" }).ToList();

        Assert.Equal(3, web.Count);
        Assert.Contains(web, v => v.StartsWith("Web uses OrleansCrm.ServiceDesk.GetTicket.GetTicketHandler,", StringComparison.Ordinal));
        Assert.Contains(web, v => v.StartsWith("Web uses OrleansCrm.ServiceDesk.Tickets.TicketState,", StringComparison.Ordinal));
        Assert.Contains(web, v => v.StartsWith("Web uses OrleansCrm.ServiceDesk.Tickets.TicketGrain,", StringComparison.Ordinal));
        Assert.Equal(["Host uses OrleansCrm.ServiceDesk.Tickets.TicketGrain, an internal of OrleansCrm.ServiceDesk: use its Contracts, its root namespace or a use case's request."], host);
    }

    [Fact]
    public void The_metadata_reader_finds_what_Web_sends()
    {
        var used = ModuleSurfaceRule.TypesUsed(Assembly.Load("OrleansCrm.Web"), ProductAssemblies.ModuleInternals["Clients"]).Select(t => t.FullName).ToList();

        Assert.Contains("OrleansCrm.Clients.GetClient.GetClient", used);
    }
}
