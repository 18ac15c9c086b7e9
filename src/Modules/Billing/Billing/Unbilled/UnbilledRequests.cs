using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.Billing.Texts;

namespace OrleansCrm.Billing.Unbilled;

/// <summary>Unbilled work is money data: the Director and the head of sales only.</summary>
public static class UnbilledAccess
{
    public static readonly string[] Roles = [CrmRoles.Director, CrmRoles.SalesHead];

    public static bool Allows(Caller caller) => Roles.Any(caller.IsIn);

    public static void Ensure(Caller caller)
    {
        if (!Allows(caller))
        {
            throw new ForbiddenException(BillingTexts.Say("UnbilledNeedsRole"));
        }
    }
}

/// <summary>
/// A page of unbilled-work items; <see cref="Status"/> is <c>open</c>, <c>invoiced</c> or <c>writtenOff</c> in any case
/// (as the API spells it), null for every status.
/// </summary>
public sealed record ListUnbilledItems(Guid? ClientId, string? Status, int Page = 1, int PageSize = 20, string? Sort = null) : IQuery<UnbilledPage>
{
    /// <summary>The status asked for, when <see cref="Status"/> names one.</summary>
    [JsonIgnore]
    public UnbilledStatus? ParsedStatus =>
        Enum.TryParse<UnbilledStatus>(Status, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(Status, out _) ? status : null;

    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = new("nobody", [], null);
}

public sealed class ListUnbilledItemsValidator : AbstractValidator<ListUnbilledItems>
{
    public const int MaxPageSize = 200;

    public ListUnbilledItemsValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
        RuleFor(q => q.Status).Must((q, status) => status is null || q.ParsedStatus is not null)
            .WithText(BillingTexts.Code("UnbilledStatusInvalid"), string.Join(", ", Enum.GetNames<UnbilledStatus>().Select(JsonNamingPolicy.CamelCase.ConvertName)));
        RuleFor(q => q.Sort).Must(UnbilledSort.IsValid).WithText(BillingTexts.Code("UnbilledSortInvalid"), string.Join(", ", UnbilledSort.Columns.Keys));
    }
}

public sealed class ListUnbilledItemsHandler(UnbilledStore store) : IQueryHandler<ListUnbilledItems, UnbilledPage>
{
    public async ValueTask<UnbilledPage> Handle(ListUnbilledItems query, CancellationToken cancellationToken)
    {
        UnbilledAccess.Ensure(query.Caller);
        return await store.ListAsync(query.ClientId, query.ParsedStatus, query.Page, query.PageSize, query.Sort, cancellationToken);
    }
}

/// <summary>Writes an open item off: it is not to be invoiced, for the reason given (kept and audited).</summary>
public sealed record WriteOffUnbilledItem(string? Reason) : ICommand<UnbilledItem>
{
    [JsonIgnore]
    public Guid Id { get; init; }

    [JsonIgnore]
    public Caller Caller { get; init; } = new("nobody", [], null);
}

public sealed class WriteOffUnbilledItemValidator : AbstractValidator<WriteOffUnbilledItem>
{
    public WriteOffUnbilledItemValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().WithText(BillingTexts.Code("WriteOffReasonRequired")).MaximumLength(500);
    }
}

public sealed class WriteOffUnbilledItemHandler(UnbilledStore store, TimeProvider time) : ICommandHandler<WriteOffUnbilledItem, UnbilledItem>
{
    public async ValueTask<UnbilledItem> Handle(WriteOffUnbilledItem command, CancellationToken cancellationToken)
    {
        UnbilledAccess.Ensure(command.Caller);
        var actor = AuditContext.Current ?? new AuditActor(null, command.Caller.UserName);
        return await store.WriteOffAsync(command.Id, command.Reason!.Trim(), actor, time.GetUtcNow(), cancellationToken);
    }
}
