using Microsoft.Extensions.Configuration;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing;

/// <summary>Whether the product runs with demo data (<c>Crm:Demo:Seed</c>, on by default in embedded SQLite mode): then the demo statement is offered.</summary>
public static class BillingDemo
{
    public static bool IsOn(IConfiguration configuration, DatabaseOptions database) =>
        configuration.GetValue<bool?>("Crm:Demo:Seed") ?? database.Provider == DatabaseProvider.Sqlite;
}
