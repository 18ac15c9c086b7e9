using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.Store;

namespace OrleansCrm.Identity.ListUsers;

public sealed class GetUserNamesValidator : AbstractValidator<GetUserNames>
{
    public GetUserNamesValidator()
    {
        RuleFor(q => q.Ids).NotNull();
        RuleFor(q => q.Ids.Count).LessThanOrEqualTo(GetUserNames.Max).When(q => q.Ids is not null);
    }
}

/// <summary>Ids are stored as text (Identity's string keys, Guids in the "D" form): compared as such.</summary>
public sealed class GetUserNamesHandler(IServiceScopeFactory scopes) : IQueryHandler<GetUserNames, IReadOnlyDictionary<Guid, string>>
{
    private const int Batch = 500;

    public async ValueTask<IReadOnlyDictionary<Guid, string>> Handle(GetUserNames query, CancellationToken cancellationToken)
    {
        var names = new Dictionary<Guid, string>();
        if (query.Ids.Count == 0)
        {
            return names;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        foreach (var batch in query.Ids.Distinct().Select(id => id.ToString("D")).Chunk(Batch))
        {
            var rows = await db.Users.AsNoTracking().Where(u => batch.Contains(u.Id)).Select(u => new { u.Id, u.UserName }).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                if (Guid.TryParse(row.Id, out var id))
                {
                    names[id] = row.UserName!;
                }
            }
        }

        return names;
    }
}
