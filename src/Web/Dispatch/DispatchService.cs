using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.AssignFromQueue;
using OrleansCrm.ServiceDesk.Board;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.GetTicket;
using OrleansCrm.ServiceDesk.RedirectTicket;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.SearchSpecialists;

namespace OrleansCrm.Web.Dispatch;

/// <summary>What the dispatch board asks of the service desk, as the circuit's signed-in user (who must be allowed to dispatch).</summary>
public sealed class DispatchService(ISender sender, AuthenticationStateProvider authentication)
{
    public ValueTask<DispatchBoard> BoardAsync(CancellationToken cancellationToken = default) =>
        sender.Send(new GetDispatchBoard(SupportQueues.Support), cancellationToken);

    public async Task<IReadOnlyList<RebalanceMove>> PlanRebalanceAsync(CancellationToken cancellationToken = default) =>
        await sender.Send(new PlanRebalance(SupportQueues.Support) { Caller = await CallerAsync() }, cancellationToken);

    public async Task<IReadOnlyList<RebalanceMove>> RebalanceAsync(CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        return await sender.Send(new Rebalance(SupportQueues.Support, caller.UserName) { Caller = caller }, cancellationToken);
    }

    /// <summary>To <paramref name="toSpecialistId"/>, or (null) back to the dispatcher, who picks the next best.</summary>
    public async Task<TicketDetails> RedirectAsync(Guid ticketId, Guid? toSpecialistId, string? reason, CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        return await sender.Send(new RedirectTicket(toSpecialistId, reason, null) { TicketId = ticketId, Caller = caller, Actor = caller.UserName }, cancellationToken);
    }

    /// <summary>A ticket waiting in the queue to <paramref name="specialistId"/>, with the checks of a redirect.</summary>
    public async Task<TicketDetails> AssignAsync(Guid ticketId, Guid specialistId, string? reason, CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        return await sender.Send(new AssignFromQueue(specialistId, reason, null) { TicketId = ticketId, Caller = caller, Actor = caller.UserName }, cancellationToken);
    }

    public async Task<TicketDetails> TicketAsync(Guid id, CancellationToken cancellationToken = default) =>
        await sender.Send(new GetTicket(id) { Caller = await CallerAsync() }, cancellationToken);

    /// <summary>Every specialist's skills (the board carries loads, not skills), for the skill filter and redirect targets.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<Skill>>> SkillsAsync(CancellationToken cancellationToken = default)
    {
        var skills = new Dictionary<Guid, IReadOnlyList<Skill>>();
        for (var page = 1; ; page++)
        {
            var result = await sender.Send(new SearchSpecialists(null, null, null, null, page, SearchSpecialistsValidator.MaxPageSize), cancellationToken);
            foreach (var specialist in result.Items)
            {
                skills[specialist.Id] = specialist.Skills;
            }

            if (page * result.PageSize >= result.Total)
            {
                return skills;
            }
        }
    }

    private async Task<Caller> CallerAsync() => Caller.From((await authentication.GetAuthenticationStateAsync()).User);
}
