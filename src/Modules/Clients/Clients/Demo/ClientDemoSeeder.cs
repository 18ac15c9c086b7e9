using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.ReadModel;

namespace OrleansCrm.Clients.Demo;

/// <summary>
/// 200 demo clients on a fresh database, through the same command as the API (so they are validated and projected).
/// Idempotency keys make an interrupted seed safe to run again.
/// </summary>
internal sealed class ClientDemoSeeder(IMediator mediator, IDbContextFactory<ClientsDbContext> contexts) : IDemoDataSeeder
{
    public const int Count = 200;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Clients.CountAsync(cancellationToken) >= Count)
            {
                return;
            }
        }

        var index = 0;
        foreach (var card in DemoClients.Generate(Count))
        {
            await mediator.Send(new CreateClient.CreateClient(card, DemoClients.IdempotencyKey(index++)), cancellationToken);
        }
    }
}
