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
        foreach (var input in DemoClients.Generate(Count))
        {
            var command = new CreateClient.CreateClient
            {
                LegalName = input.LegalName, ShortName = input.ShortName, Kind = input.Kind, TaxId = input.TaxId, Contacts = input.Contacts,
                ManagerId = input.ManagerId, Segments = input.Segments, Attributes = input.Attributes, SupportStatus = input.SupportStatus,
                RemoteAccess = input.RemoteAccess, Particularities = input.Particularities, Installations = input.Installations,
                IdempotencyKey = $"demo/{index++}",
            };
            await mediator.Send(command, cancellationToken);
        }
    }
}
