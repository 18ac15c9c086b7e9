using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Sales.Storage;

/// <summary>Sales' tables on the kit's <see cref="ModuleDb"/> (ids, dates, moments and kopiykas as each database stores them).</summary>
public sealed class SalesDb(DatabaseOptions database) : ModuleDb(database, SalesTables.Module)
{
    public string Pipelines => Table("pipelines");

    public string Deals => Table("deals");

    public string DealStages => Table("deal_stages");

    public string DealFunnel => Table("deal_funnel");

    public string FunnelPacks => Table("funnel_packs");

    public string ForecastMonths => Table("forecast_months");

    public string ForecastChanges => Table("forecast_changes");

    public string DealAttachments => Table("deal_attachments");

    public string Tasks => Table("tasks");

    public string TaskHistory => Table("task_history");

    public string Interactions => Table("interactions");

    public string ActivityMonths => Table("activity_months");

    public string ActivityMonthsZone => Table("activity_months_zone");

    public string Plans => Table("plans");
}
