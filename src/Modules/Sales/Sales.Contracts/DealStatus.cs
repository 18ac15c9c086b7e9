namespace OrleansCrm.Sales.Contracts;

/// <summary>Where a deal ended up. Stored as a number (sales.deals.status): the values never change.</summary>
public enum DealStatus
{
    Open = 0,
    Won = 1,
    Lost = 2,
}
