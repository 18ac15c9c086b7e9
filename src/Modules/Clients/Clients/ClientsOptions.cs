namespace OrleansCrm.Clients;

/// <summary>Bound from <c>Crm:Clients</c>.</summary>
public sealed class ClientsOptions
{
    public const string Section = "Crm:Clients";

    /// <summary>ISO 3166 region a phone number without a country code belongs to.</summary>
    public string DefaultCountry { get; set; } = "UA";
}
