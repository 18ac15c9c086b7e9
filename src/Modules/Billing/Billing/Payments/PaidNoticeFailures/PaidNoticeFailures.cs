using FluentValidation;
using Mediator;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;

namespace OrleansCrm.Billing.Payments.PaidNoticeFailures;

/// <summary>How many InvoicePaid notices gave up (their handlers kept failing) and wait for a retry.</summary>
public sealed record FailedPaidNotices(int Failed);

/// <summary>How many failed notices a retry put back in the queue.</summary>
public sealed record RetriedPaidNotices(int Retried);

/// <summary>The failed notices' count, for the warning on /billing.</summary>
public sealed record GetFailedPaidNotices : IQuery<FailedPaidNotices>
{
    public Caller Caller { get; init; } = new("anonymous", [], null);
}

public sealed class GetFailedPaidNoticesValidator : AbstractValidator<GetFailedPaidNotices>
{
    // Nothing to check: the query has no input but its caller.
}

public sealed class GetFailedPaidNoticesHandler(PaidNotices notices) : IQueryHandler<GetFailedPaidNotices, FailedPaidNotices>
{
    public async ValueTask<FailedPaidNotices> Handle(GetFailedPaidNotices query, CancellationToken cancellationToken)
    {
        PaidNoticeAccess.Ensure(query.Caller);
        return new FailedPaidNotices(await notices.FailedCountAsync(cancellationToken));
    }
}

/// <summary>
/// Puts every failed notice back: the delivery job publishes them again within a minute. Safe to repeat (a second retry
/// finds nothing to put back).
/// </summary>
public sealed record RetryFailedPaidNotices : ICommand<RetriedPaidNotices>
{
    public Caller Caller { get; init; } = new("anonymous", [], null);
}

public sealed class RetryFailedPaidNoticesValidator : AbstractValidator<RetryFailedPaidNotices>
{
    // Nothing to check: the command has no input but its caller.
}

public sealed class RetryFailedPaidNoticesHandler(PaidNotices notices) : ICommandHandler<RetryFailedPaidNotices, RetriedPaidNotices>
{
    public async ValueTask<RetriedPaidNotices> Handle(RetryFailedPaidNotices command, CancellationToken cancellationToken)
    {
        PaidNoticeAccess.Ensure(command.Caller);
        var actor = AuditContext.Current ?? new AuditActor(null, command.Caller.UserName);
        return new RetriedPaidNotices(await notices.RetryFailedAsync(actor, cancellationToken));
    }
}

internal static class PaidNoticeAccess
{
    public static void Ensure(Caller caller)
    {
        if (!PaymentRoles.Cashiers.Any(caller.IsIn))
        {
            throw new ForbiddenException(BillingTexts.Say("PaymentsForCashiersOnly"));
        }
    }
}
