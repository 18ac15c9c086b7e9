using FluentValidation;
using FluentValidation.Results;
using Mediator;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Texts;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.Sales.Activities;

/// <summary>
/// What a task or an interaction links to must exist: the client (Clients' grain), the deal (Sales' own table), the ticket
/// (ServiceDesk's grain) and the people (Identity's <see cref="GetUserNames"/>), each asked of the module that owns it.
/// Every unknown link is a 400 naming its field, all in one answer.
/// </summary>
public sealed class ActivityLinks
{
    private readonly IGrainFactory _grains;
    private readonly ISender _sender;
    private readonly SalesDb _db;

    internal ActivityLinks(IGrainFactory grains, ISender sender, SalesDb db) => (_grains, _sender, _db) = (grains, sender, db);

    /// <summary>Checks the links and returns the client (null when none is linked), for checks of its contacts.</summary>
    public async Task<ClientDetails?> CheckAsync(
        Guid? clientId, Guid? dealId, Guid? ticketId, string usersField, IReadOnlyCollection<Guid> users, CancellationToken cancellationToken)
    {
        var failures = new List<ValidationFailure>();
        ClientDetails? client = null;
        if (clientId is { } c && (client = await _grains.GetGrain<IClientGrain>(c).Get()) is null)
        {
            failures.Add(SalesTexts.Failure("clientId", SalesTexts.Say("LinkClientUnknown", c.ToString())));
        }

        if (dealId is { } d && !await DealExistsAsync(d, cancellationToken))
        {
            failures.Add(SalesTexts.Failure("dealId", SalesTexts.Say("LinkDealUnknown", d.ToString())));
        }

        if (ticketId is { } t && await _grains.GetGrain<ITicketGrain>(t).Get() is null)
        {
            failures.Add(SalesTexts.Failure("ticketId", SalesTexts.Say("LinkTicketUnknown", t.ToString())));
        }

        if (users.Count > 0)
        {
            var known = await _sender.Send(new GetUserNames(users), cancellationToken);
            failures.AddRange(users.Where(u => !known.ContainsKey(u)).Distinct()
                .Select(u => SalesTexts.Failure(usersField, SalesTexts.Say("LinkUserUnknown", u.ToString()))));
        }

        return failures.Count > 0 ? throw new ValidationException(failures) : client;
    }

    private async Task<bool> DealExistsAsync(Guid deal, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(_db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var select = ModuleDb.Command(connection, null, $"SELECT 1 FROM {_db.Deals} WHERE id = @deal", ("deal", _db.Id(deal)));
        return await select.ExecuteScalarAsync(cancellationToken) is not null and not DBNull;
    }
}
