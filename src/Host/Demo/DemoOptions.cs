namespace OrleansCrm.Host.Demo;

/// <summary>Bound from <c>Crm:Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Crm:Demo";

    /// <summary>Seed demo data on first start; defaults to on in embedded (SQLite) mode and off in server mode.</summary>
    public bool? Seed { get; set; }
}
