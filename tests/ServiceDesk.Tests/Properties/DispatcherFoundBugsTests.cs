using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.ServiceDesk.Tests.Properties;

/// <summary>
/// What the dispatcher property found, each shrunk to the fewest steps that show it, checked with the same invariants.
/// </summary>
public sealed class DispatcherFoundBugsTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private CrmHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _host = _database.StartHost();
        _http = _host.Http();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>
    /// Found by the property (seed 20260500, operation #33, before manual redirects went through the dispatcher): a ticket
    /// redirected by name to a specialist without room was accepted (200) and left them over capacity with no ticket
    /// marked overCapacity (invariant 1) — whether or not the specialist was on duty or had the skill at the level.
    /// The rules allow refusing such a redirect (409) or, for a critical ticket only, accepting it flagged overCapacity;
    /// the invariants judge the outcome.
    /// </summary>
    [Theory]
    [InlineData(TicketPriority.Normal)]
    [InlineData(TicketPriority.Critical)]
    public async Task A_named_redirect_does_not_put_a_specialist_over_capacity_unflagged(TicketPriority priority)
    {
        var dispatch = new DispatchCase(_http, seed: priority == TicketPriority.Normal ? 1 : 2);
        await dispatch.StartAsync();
        var full = await dispatch.CreateSpecialistAsync(capacity: 2, level: 3);
        Assert.Equal(full, (await dispatch.OpenAsync(TicketPriority.Normal, minLevel: 1)).AssigneeId);
        var other = await dispatch.CreateSpecialistAsync(capacity: 8, level: 3);
        var ticket = await dispatch.OpenAsync(priority, minLevel: 1);
        Assert.Equal(other, ticket.AssigneeId);

        // Checked like every step of the property: 200 or 409 are both answers the rules allow, the invariants must hold.
        await dispatch.RedirectAsync(ticket.Id, full);
    }
}
