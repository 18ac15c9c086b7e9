using FluentValidation;
using Mediator;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.ReadModel;
using OrleansCrm.BuildingBlocks.Calendar;

namespace OrleansCrm.Agreements.Billable;

public sealed class ListBillableContractsValidator : AbstractValidator<ListBillableContracts>
{
    public ListBillableContractsValidator()
    {
        RuleFor(q => q.Period.Day).Equal(1).OverridePropertyName("period");
    }
}

public sealed class ListClientContractsValidator : AbstractValidator<ListClientContracts>
{
    public ListClientContractsValidator()
    {
        RuleFor(q => q.ClientId).NotEmpty();
    }
}

/// <summary>
/// What Billing reads of contracts, from the list table in one query each: the contracts in force in a month with the
/// terms in force on its first day (or on the start, when later), and a client's contracts.
/// </summary>
public sealed class BillableContractsHandlers(ContractRows rows, CompanyCalendar calendar) :
    IQueryHandler<ListBillableContracts, IReadOnlyList<BillableContract>>,
    IQueryHandler<ListClientContracts, IReadOnlyList<BillableContract>>
{
    public async ValueTask<IReadOnlyList<BillableContract>> Handle(ListBillableContracts query, CancellationToken cancellationToken) =>
        (await rows.InForceAsync(query.Period, cancellationToken)).Select(r => r.ToBillable(query.Period)).ToList();

    /// <summary>Newest first, each with the terms in force today.</summary>
    public async ValueTask<IReadOnlyList<BillableContract>> Handle(ListClientContracts query, CancellationToken cancellationToken)
    {
        var today = calendar.Today;
        return (await rows.OfClientAsync(query.ClientId, cancellationToken)).Select(r => r.ToBillable(today)).ToList();
    }
}
