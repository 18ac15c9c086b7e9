using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Money;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.Schedules;

/// <summary>
/// <c>POST /api/billing/schedules</c> (seed 002): splits <see cref="Total"/> (VAT included) into <see cref="Parts"/> dated
/// payments, the first due on <see cref="FirstDueOn"/> and each next one <see cref="IntervalDays"/> later, or on the
/// given <see cref="Dates"/>; each payment gets its invoice (issued unless <see cref="Issue"/> is false), all in one
/// transaction. The follow-up task per payment comes with the sales work (tasks do not exist yet).
/// </summary>
public sealed record CreateSchedule(
    MoneyCaller Caller,
    Guid ClientId,
    Guid? ContractId,
    decimal Total,
    int Parts,
    DateOnly? FirstDueOn,
    int? IntervalDays,
    IReadOnlyList<DateOnly>? Dates,
    int? VatRate = VatRates.Basic,
    string? Service = null,
    bool Issue = true) : ICommand<ScheduleResult>;

public sealed record SchedulePayment(int Part, DateOnly DueOn, decimal Amount, Guid InvoiceId, string? Number);

public sealed record ScheduleResult(Guid ClientId, decimal Total, IReadOnlyList<SchedulePayment> Payments);

public sealed class CreateScheduleValidator : AbstractValidator<CreateSchedule>
{
    public CreateScheduleValidator()
    {
        RuleFor(c => c.ClientId).NotEmpty();
        RuleFor(c => c.Total).GreaterThan(0).LessThan(1_000_000_000).Must(t => decimal.Round(t, 2) == t).WithText(BillingTexts.Code("AmountKopiykas"));
        RuleFor(c => c.Parts).InclusiveBetween(1, 60);
        RuleFor(c => c.FirstDueOn).NotNull().When(c => c.Dates is null);
        RuleFor(c => c.IntervalDays).NotNull().InclusiveBetween(1, 366).When(c => c.Dates is null);
        RuleFor(c => c.Dates!).Must((c, dates) => dates.Count == c.Parts).WithText(BillingTexts.Code("ScheduleDatesCount"))
            .Must(dates => dates.Zip(dates.Skip(1)).All(p => p.First < p.Second)).WithText(BillingTexts.Code("ScheduleDatesOrder"))
            .When(c => c.Dates is not null);
        RuleFor(c => c.Total).Must((c, total) => total * 100 >= c.Parts).When(c => c.Parts > 0).WithText(BillingTexts.Code("ScheduleTooSmall"));
        RuleFor(c => c.VatRate).Must(VatRates.IsAllowed).WithText(BillingTexts.Code("VatRateInvalid"));
        RuleFor(c => c.Service).MaximumLength(300);
    }
}

/// <summary>How a schedule shares an amount: whole kopiykas, the odd ones to the first payments, so the parts add up exactly.</summary>
public static class PaymentSchedule
{
    public static IReadOnlyList<decimal> Split(decimal total, int parts)
    {
        var kopiykas = (long)(total * 100);
        var each = kopiykas / parts;
        var odd = kopiykas % parts;
        return [.. Enumerable.Range(0, parts).Select(i => (each + (i < odd ? 1 : 0)) / 100m)];
    }

    public static IReadOnlyList<DateOnly> Dates(CreateSchedule schedule) =>
        schedule.Dates ?? [.. Enumerable.Range(0, schedule.Parts).Select(i => schedule.FirstDueOn!.Value.AddDays(i * schedule.IntervalDays!.Value))];
}

public sealed class CreateScheduleHandler(DocumentStore store, BillingClients clients, CompanyCalendar calendar)
    : ICommandHandler<CreateSchedule, ScheduleResult>
{
    public async ValueTask<ScheduleResult> Handle(CreateSchedule command, CancellationToken cancellationToken)
    {
        var client = await clients.GetAsync(command.ClientId) ?? throw new NotFoundException(BillingTexts.Say("RunClientMissing", command.ClientId.ToString()));
        if (command.Issue && string.IsNullOrWhiteSpace(client.TaxId))
        {
            throw new ConflictException(BillingTexts.Say("RunClientNoTaxId", client.Name));
        }

        var today = calendar.Today;
        var amounts = PaymentSchedule.Split(command.Total, command.Parts);
        var dates = PaymentSchedule.Dates(command);
        var service = string.IsNullOrWhiteSpace(command.Service) ? "Оплата згідно з графіком платежів" : command.Service.Trim();
        var ids = new List<Guid>();
        var db = store.Db;
        await using (var connection = await db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            for (var i = 0; i < command.Parts; i++)
            {
                var id = Guid.NewGuid();
                var line = new DocumentLine($"{service}, платіж {i + 1} з {command.Parts} (до {UaFormat.Date(dates[i])})", 1, "посл.", amounts[i], command.VatRate);
                var document = new NewDocument(DocumentKind.Invoice, client.Id, command.ContractId, null, today, dates[i], [line], PricesIncludeVat: true, client.Buyer, null);
                await store.InsertAsync(connection, transaction, id, document, cancellationToken);
                if (command.Issue)
                {
                    await store.IssueAsync(connection, transaction, id, DocumentKind.Invoice, 1, today, dates[i], cancellationToken);
                }

                ids.Add(id);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (command.Issue)
        {
            store.MoneyChanged();
        }

        var payments = new List<SchedulePayment>();
        for (var i = 0; i < ids.Count; i++)
        {
            var stored = (await store.GetAsync(ids[i], cancellationToken))!;
            payments.Add(new SchedulePayment(i + 1, dates[i], stored.Total, stored.Id, stored.Number));
        }

        return new ScheduleResult(client.Id, command.Total, payments);
    }
}
