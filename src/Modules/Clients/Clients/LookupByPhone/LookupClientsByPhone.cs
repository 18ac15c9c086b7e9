using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Domain;
using OrleansCrm.Clients.ReadModel;
using OrleansCrm.Clients.SearchClients;
using OrleansCrm.Clients.Texts;

namespace OrleansCrm.Clients.LookupByPhone;

/// <summary>Every client with a contact at this number, in any format: what an incoming call pops up (a list when the number is shared).</summary>
public sealed record LookupClientsByPhone(string? Phone) : IQuery<IReadOnlyList<PhoneLookupMatch>>;

public sealed class LookupClientsByPhoneValidator : AbstractValidator<LookupClientsByPhone>
{
    public LookupClientsByPhoneValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(q => q.Phone).NotEmpty().WithText(ClientsTexts.Code("PhoneRequired"))
            .Must(p => phones.TryNormalize(p, out _)).WithText(ClientsTexts.Code("PhoneInvalid"), (q, _) => [q.Phone])
            .When(q => !string.IsNullOrEmpty(q.Phone), ApplyConditionTo.CurrentValidator);
    }
}

public sealed class LookupClientsByPhoneHandler(IDbContextFactory<ClientsDbContext> contexts, PhoneNumberNormalizer phones)
    : IQueryHandler<LookupClientsByPhone, IReadOnlyList<PhoneLookupMatch>>
{
    public async ValueTask<IReadOnlyList<PhoneLookupMatch>> Handle(LookupClientsByPhone query, CancellationToken cancellationToken)
    {
        phones.TryNormalize(query.Phone, out var phone);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var matches = await db.Phones.AsNoTracking()
            .Where(p => p.Phone == phone)
            .Join(db.Clients, p => p.ClientId, c => c.Id, (p, c) => new { Client = c, p.ContactId, p.ContactName })
            .OrderBy(m => m.Client.LegalName).ThenBy(m => m.ContactName)
            .Take(100)
            .ToListAsync(cancellationToken);
        return matches.Select(m => new PhoneLookupMatch(SearchClientsHandler.ToSummary(m.Client), m.ContactId, m.ContactName)).ToList();
    }
}
