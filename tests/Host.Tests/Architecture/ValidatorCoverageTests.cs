using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Host.Tests.Api;
using OrleansCrm.ServiceDesk.Board;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Architecture;

/// <summary>
/// Every Mediator request of every module has a validator the running host resolves: one left out of registration lets
/// bad input reach a handler and answer 500. A request with nothing to check has an explicit, empty validator with a
/// line saying why, so the next rule has its place and this test stays a plain "all of them".
/// </summary>
[Collection(SqliteHostCollection.Name)]
public sealed class ValidatorCoverageTests(SqliteHostFixture fixture)
{
    [Fact]
    public void Every_request_of_every_module_has_a_validator_in_the_host()
    {
        var requests = ProductAssemblies.All.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IMessage).IsAssignableFrom(t) && !typeof(INotification).IsAssignableFrom(t))
            .ToList();

        var missing = requests.Where(r => !fixture.Host.Services.GetServices(typeof(IValidator<>).MakeGenericType(r)).Any()).Select(r => r.FullName).ToList();

        Assert.True(requests.Count >= 20, $"Only {requests.Count} requests found: is the module list right?");
        Assert.True(missing.Count == 0, "Requests without a registered validator: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task An_unknown_queue_is_refused_before_a_dispatcher_is_activated_for_it()
    {
        var mediator = fixture.Host.Services.GetRequiredService<IMediator>();

        var refused = await Assert.ThrowsAsync<ValidationException>(async () => await mediator.Send(new GetDispatchBoard("no-such-queue")));

        Assert.Contains(refused.Errors, e => e.PropertyName == nameof(GetDispatchBoard.Queue));
    }
}
