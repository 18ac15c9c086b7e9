using Mediator;
using OrleansCrm.Identity.Contracts;

namespace OrleansCrm.Sales.Plans;

/// <summary>Managers' names for plans and reports: users are Identity's, asked for in one query per report.</summary>
public sealed class PlanNames(ISender sender)
{
    public async Task<IReadOnlyDictionary<Guid, string>> OfAsync(IEnumerable<Guid> users, CancellationToken cancellationToken)
    {
        var ids = users.Distinct().ToList();
        return ids.Count == 0 ? new Dictionary<Guid, string>() : await sender.Send(new GetUserNames(ids), cancellationToken);
    }
}
