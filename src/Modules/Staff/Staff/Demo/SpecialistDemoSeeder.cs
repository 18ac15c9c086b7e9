using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.ReadModel;
using OrleansCrm.Staff.Specialists;

namespace OrleansCrm.Staff.Demo;

/// <summary>
/// The demo support team on a fresh database, through the same commands as the API (validated, projected, announced).
/// Idempotency keys make an interrupted seed safe to run again.
/// </summary>
internal sealed class SpecialistDemoSeeder(IMediator mediator, IDbContextFactory<StaffDbContext> contexts, TimeProvider time) : IDemoDataSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Specialists.CountAsync(cancellationToken) >= DemoSpecialists.Count)
            {
                return;
            }
        }

        var specialists = DemoSpecialists.Create(Today.Utc(time));
        for (var index = 0; index < specialists.Count; index++)
        {
            SpecialistDetails created;
            try
            {
                created = await mediator.Send(specialists[index], cancellationToken);
            }
            catch (ConflictException)
            {
                continue; // seeded on another day (or changed since): keep what is there
            }

            var availability = DemoSpecialists.AvailabilityOf(index, time.GetUtcNow());
            if (created.Version == 1 && availability.Status != AvailabilityStatus.OnDuty)
            {
                await mediator.Send(new SetAvailability.SetAvailability(availability.Status, availability.Until) { SpecialistId = created.Id, Caller = Caller.System }, cancellationToken);
            }
        }
    }
}
