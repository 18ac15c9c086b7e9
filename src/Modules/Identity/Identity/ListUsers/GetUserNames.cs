using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Names;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.Store;

namespace OrleansCrm.Identity.ListUsers;

public sealed class GetUserNamesValidator : NamesQueryValidator<GetUserNames>;

/// <summary>Ids are stored as text (Identity's string keys, Guids in the "D" form): compared as such.</summary>
public sealed class GetUserNamesHandler(IServiceScopeFactory scopes) : IQueryHandler<GetUserNames, IReadOnlyDictionary<Guid, string>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, string>> Handle(GetUserNames query, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        return await NamesLookup.ReadAsync(query.Ids, async (batch, token) =>
        {
            var keys = batch.Select(id => id.ToString("D")).ToArray();
            var rows = await db.Users.AsNoTracking().Where(u => keys.Contains(u.Id)).Select(u => new { u.Id, u.UserName }).ToListAsync(token);
            return rows.Select(row => (Ok: Guid.TryParse(row.Id, out var id), Id: id, row.UserName))
                .Where(r => r.Ok).Select(r => KeyValuePair.Create(r.Id, r.UserName!));
        }, cancellationToken);
    }
}
