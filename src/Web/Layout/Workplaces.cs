using System.Reflection;
using Microsoft.AspNetCore.Components;
using OrleansCrm.BuildingBlocks.Security;

namespace OrleansCrm.Web.Layout;

/// <summary>A workplace in the side menu: where it is, its label's resource key, its icon, and who works there.</summary>
public sealed record Workplace(string Path, string TextKey, string Icon, IReadOnlyList<string> Roles)
{
    public bool IsFor(Caller caller) => Roles.Any(caller.IsIn);
}

/// <summary>The product's workplaces and which roles see them; the home page sends each user to their first one.</summary>
public static class Workplaces
{
    /// <summary>Who may open the wall (its page and the menu read this one list).</summary>
    public const string WallRoles = CrmRoles.Director + "," + CrmRoles.Dispatcher + "," + CrmRoles.SalesHead + "," + CrmRoles.Admin;

    /// <summary>The dispatch board moves tickets, which only Dispatchers and Directors may do.</summary>
    public const string DispatchRoles = CrmRoles.Dispatcher + "," + CrmRoles.Director;

    public const string MyTicketsRoles = CrmRoles.Specialist;

    /// <summary>The team's specialists: who plans the work (Director, Dispatcher), who keeps skills (Methodologist), and Admin.</summary>
    public const string StaffRoles = CrmRoles.Director + "," + CrmRoles.Dispatcher + "," + CrmRoles.Methodologist + "," + CrmRoles.Admin;

    public const string UsersRoles = CrmRoles.Admin;

    /// <summary>Money: the monthly run, documents, payments and debts (issue 17: Director and SalesHead see everything).</summary>
    public const string BillingRoles = CrmRoles.Director + "," + CrmRoles.SalesHead;

    public static readonly Workplace Wall = new("/wall", "Wall", "monitoring", WallRoles.Split(','));
    public static readonly Workplace Dispatch = new("/dispatch", "Dispatch", "alt_route", DispatchRoles.Split(','));
    public static readonly Workplace MyTickets = new("/my", "MyTickets", "assignment_ind", MyTicketsRoles.Split(','));
    public static readonly Workplace Clients = new("/clients", "Clients", "business", CrmRoles.All);
    public static readonly Workplace Tickets = new("/tickets", "Tickets", "support_agent", CrmRoles.All);
    public static readonly Workplace Staff = new("/staff", "Staff", "badge", StaffRoles.Split(','));
    public static readonly Workplace Users = new("/admin/users", "Users", "manage_accounts", UsersRoles.Split(','));

    /// <summary>The contract templates: kept by Admins, and by the Director and the SalesHead who sign the contracts.</summary>
    public static readonly Workplace Templates = new("/admin/templates", "Templates", "description", [CrmRoles.Admin, CrmRoles.Director, CrmRoles.SalesHead]);

    public static readonly Workplace Billing = new("/billing", "Billing", "payments", BillingRoles.Split(','));

    /// <summary>A sales manager's day: tasks, interactions, plan and their deals by stage (issue 18). SalesHead and Director see everyone's.</summary>
    public const string SalesRoles = CrmRoles.Manager + "," + CrmRoles.SalesHead + "," + CrmRoles.Director;

    public const string SalesHeadRoles = CrmRoles.SalesHead + "," + CrmRoles.Director;

    public static readonly Workplace Sales = new("/sales", "Sales", "handshake", SalesRoles.Split(','));

    public static readonly Workplace SalesHead = new("/sales/head", "SalesHead", "groups", SalesHeadRoles.Split(','));

    public static readonly Workplace Audit = new("/audit", "Audit", "manage_history", [CrmRoles.Director, CrmRoles.Admin]);

    public static readonly IReadOnlyList<Workplace> All = [Wall, Dispatch, MyTickets, SalesHead, Sales, Billing, Clients, Tickets, Staff, Users, Templates, Audit];

    /// <summary>Where a role starts its day, most specific first.</summary>
    private static readonly (string Role, Workplace Workplace)[] Landings =
    [
        (CrmRoles.Director, Wall), (CrmRoles.Dispatcher, Dispatch), (CrmRoles.Specialist, MyTickets), (CrmRoles.SalesHead, SalesHead),
        (CrmRoles.SalesHead, Billing), (CrmRoles.Manager, Sales),
    ];

    /// <summary>Paths some page of this assembly answers, so links never lead to a workplace that is not built yet.</summary>
    private static readonly HashSet<string> Routes = typeof(Workplaces).Assembly.GetTypes()
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
        .Select(r => r.Template.TrimEnd('/'))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<Workplace> For(Caller caller) => All.Where(w => w.IsFor(caller) && Routes.Contains(w.Path));

    public static string LandingFor(Caller caller) =>
        Landings.Where(l => caller.IsIn(l.Role) && Routes.Contains(l.Workplace.Path)).Select(l => l.Workplace.Path).FirstOrDefault()
        ?? Clients.Path;
}
