using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Money;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Contracts;

namespace OrleansCrm.Billing.Schedules;

/// <summary>
/// <c>POST /api/billing/schedules</c> (seed 002): splits <see cref="Total"/> (VAT included) into <see cref="Parts"/> dated
/// payments, the first due on <see cref="FirstDueOn"/> and each next one <see cref="IntervalDays"/> later, or on the
/// given <see cref="Dates"/>; each payment gets its invoice (issued unless <see cref="Issue"/> is false), all in one
/// transaction, then a follow-up task in Sales (<see cref="CreateFollowUpTasks"/>) for the client's manager. With an
/// <see cref="IdempotencyKey"/> the invoices' ids come from (caller, key, part): a retry answers the same schedule, makes
/// no invoice twice, and sets the tasks a failed first try did not.
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
    bool Issue = true) : ICommand<ScheduleResult>
{
    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}

/// <param name="TaskId">The payment's follow-up task in Sales; null when nobody can take it (no manager, a system caller).</param>
public sealed record SchedulePayment(int Part, DateOnly DueOn, decimal Amount, Guid InvoiceId, string? Number, Guid? TaskId);

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
        RuleFor(c => c.IdempotencyKey).MaximumLength(150);
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

public sealed class CreateScheduleHandler(DocumentStore store, BillingClients clients, CompanyCalendar calendar, ISender sender)
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
        var lines = Enumerable.Range(0, command.Parts)
            .Select(i => new DocumentLine($"{service}, платіж {i + 1} з {command.Parts} (до {UaFormat.Date(dates[i])})", 1, "посл.", amounts[i], command.VatRate)).ToList();
        var keyed = command.IdempotencyKey is { Length: > 0 };
        var ids = Enumerable.Range(1, command.Parts).Select(part => InvoiceId(command, part)).ToList();
        var made = keyed && await store.GetAsync(ids[0], cancellationToken) is not null;
        if (!made)
        {
            try
            {
                await InsertAsync(command, client, today, dates, lines, ids, cancellationToken);
            }
            catch (Exception e) when (keyed && ModuleDb.IsUniqueViolation(e))
            {
                made = true; // the same request, at the same moment, made them first
            }
        }

        var stored = new List<StoredDocument>();
        foreach (var id in ids)
        {
            stored.Add(await store.GetAsync(id, cancellationToken) ?? throw new ConflictException(BillingTexts.Say("ScheduleKeyReused")));
        }

        if (made && !SameRequest(command, lines, stored) || keyed && await store.GetAsync(InvoiceId(command, command.Parts + 1), cancellationToken) is not null)
        {
            throw new ConflictException(BillingTexts.Say("ScheduleKeyReused"));
        }

        var taskIds = await FollowUpAsync(command, client, dates, stored, cancellationToken);
        return new ScheduleResult(client.Id, command.Total,
            [.. stored.Select((d, i) => new SchedulePayment(i + 1, dates[i], d.Total, d.Id, d.Number, taskIds?[i]))]);
    }

    private async Task InsertAsync(
        CreateSchedule command, BillingClient client, DateOnly today, IReadOnlyList<DateOnly> dates, IReadOnlyList<DocumentLine> lines, IReadOnlyList<Guid> ids,
        CancellationToken cancellationToken)
    {
        await using (var connection = await store.Db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            for (var i = 0; i < command.Parts; i++)
            {
                var document = new NewDocument(DocumentKind.Invoice, client.Id, command.ContractId, null, today, dates[i], [lines[i]], PricesIncludeVat: true, client.Buyer, null);
                await store.InsertAsync(connection, transaction, ids[i], document, cancellationToken);
                if (command.Issue)
                {
                    await store.IssueAsync(connection, transaction, ids[i], DocumentKind.Invoice, 1, today, dates[i], cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (command.Issue)
        {
            store.MoneyChanged();
        }
    }

    /// <summary>A keyed part's invoice id: the caller's own keys (the same key from another user is another schedule).</summary>
    private static Guid InvoiceId(CreateSchedule command, int part) => command.IdempotencyKey is { Length: > 0 } key
        ? DeterministicGuid.Create("billing/schedule", $"{command.Caller.UserId?.ToString() ?? command.Caller.UserName}\n{key}\n{part}")
        : Guid.NewGuid();

    /// <summary>Whether the invoices a key made are the ones this request would make: the same client, contract, lines and drafts or not.</summary>
    private static bool SameRequest(CreateSchedule command, IReadOnlyList<DocumentLine> lines, IReadOnlyList<StoredDocument> stored) =>
        stored.Select((d, i) => d.ClientId == command.ClientId && d.ContractId == command.ContractId && d.Total == lines[i].Price
            && (d.Status == DocumentStatus.Draft) != command.Issue && d.Body.Lines.Count == 1
            && d.Body.Lines[0].Service == lines[i].Service && d.Body.Lines[0].VatRate == lines[i].VatRate).All(same => same);

    /// <summary>
    /// A task per payment for the client's manager (the caller when the client has none), due at the end of the due date
    /// in the company's zone. Keyed by the invoice, so a retry sets only what a failed first try did not. Null when
    /// nobody can take them (a system caller and no manager).
    /// </summary>
    private async Task<IReadOnlyList<Guid>?> FollowUpAsync(
        CreateSchedule command, BillingClient client, IReadOnlyList<DateOnly> dates, IReadOnlyList<StoredDocument> stored, CancellationToken cancellationToken)
    {
        if ((client.ManagerId ?? command.Caller.UserId) is not { } executor)
        {
            return null;
        }

        var tasks = stored.Select((d, i) => new FollowUpTask(
            $"billing-schedule:{d.Id:D}",
            $"Проконтролювати оплату рахунку {d.Number ?? "(чернетка)"} ({i + 1} з {stored.Count}) на {UaFormat.Money(d.Total)} грн до {UaFormat.Date(dates[i])}",
            executor, EndOf(dates[i]), client.Id)).ToList();
        return await sender.Send(new CreateFollowUpTasks(command.Caller.UserId, tasks), cancellationToken);
    }

    /// <summary>23:59 of the date in the company's zone: still "today" on the due date, overdue from the next morning.</summary>
    private DateTimeOffset EndOf(DateOnly date) => calendar.StartOf(date.AddDays(1)).AddMinutes(-1);
}
