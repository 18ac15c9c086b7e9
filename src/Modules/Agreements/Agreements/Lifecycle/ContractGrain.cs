using System.Text.Json;
using Orleans.Runtime;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.ReadModel;
using OrleansCrm.Agreements.Support;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Grains;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Agreements.Lifecycle;

/// <summary>
/// The source of truth for one contract, on the kit's save pipeline: state, list row and audit entry in one commit. A
/// support contract's change of status stores a <see cref="SupportCheck"/> in the outbox with it, so the client's support
/// status follows even when the call to it is lost (the outbox retries until it is delivered).
/// </summary>
internal sealed class ContractGrain(
    [PersistentState("contract", CrmStorage.Grains)] IPersistentState<ContractState> state,
    ContractProjection projection,
    ContractNumbers numbers,
    CompanyCalendar calendar,
    GrainKit kit) : StatefulGrain<ContractState, ContractDetails, SupportCheck>(state, kit), IContractGrain
{
    protected override string Noun => "contract";

    private DateOnly Today => calendar.Today;

    public Task<ContractDetails?> Get() => Task.FromResult(State.Contract is null ? null : Describe());

    public async Task<ContractDetails> Create(NewContract contract)
    {
        if (State.Contract is not null)
        {
            return Same(State.Contract, contract)
                ? Describe() // the same creation, retried with its idempotency key
                : throw new ConflictException(AgreementsTexts.Say("ContractExists", this.GetPrimaryKey().ToString()), State.Version);
        }

        State.Number = await numbers.NextAsync(contract.SignedOn.Year);
        State.Contract = contract;
        State.Status = ContractStatus.Draft;
        State.EndsOn = contract.EndsOn;
        State.CreatedAt = Kit.Time.GetUtcNow();
        return await SaveChangeAsync();
    }

    public async Task<ContractDetails> Activate()
    {
        var contract = State.Contract ?? throw NotFound();
        if (State.Status == ContractStatus.Active)
        {
            return Describe();
        }

        ContractRules.CheckActivate(State.Status, State.EndsOn, Today, State.Version);
        State.Status = ContractStatus.Active;
        State.ActivatedOn ??= Today;
        CheckSupport(contract);
        return await SaveChangeAsync();
    }

    public async Task<ContractDetails> Terminate(ContractTermination termination)
    {
        var contract = State.Contract ?? throw NotFound();
        if (State.Status == ContractStatus.Terminated)
        {
            return Describe();
        }

        var on = termination.On < contract.StartsOn ? contract.StartsOn : termination.On;
        if (State.Status == ContractStatus.Active && State.TerminatedOn == on && State.TerminationReason == termination.Reason)
        {
            return Describe(); // the same termination, scheduled already: a retry
        }

        ContractRules.CheckOpen(State.Status, State.Version);
        if (on > Today)
        {
            // Checked before the state changes, so a refused schedule leaves nothing behind in memory.
            ContractRules.CheckSchedule(State.Status, on, State.EndsOn, State.Version);
        }

        State.TerminatedOn = on;
        State.TerminationReason = termination.Reason;
        State.WithdrawnTerminationOn = null;
        if (on > Today)
        {
            // Dated in the future: it stays Active (billed, supported) through that day; the daily job ends it then.
            return await SaveChangeAsync();
        }

        CloseSuspension(on.AddDays(1)); // suspended through its last day
        State.Status = ContractStatus.Terminated;
        CheckSupport(contract);
        return await SaveChangeAsync();
    }

    public async Task<ContractDetails> WithdrawTermination()
    {
        _ = State.Contract ?? throw NotFound();
        var running = State.Status is ContractStatus.Active or ContractStatus.Suspended;
        if (!running || State.TerminatedOn is not { } on)
        {
            return running && State.WithdrawnTerminationOn is not null
                ? Describe() // withdrawn already: a retry
                : throw new ConflictException(AgreementsTexts.Say("NoTerminationScheduled", AgreementsTexts.Label(State.Status)), State.Version);
        }

        State.WithdrawnTerminationOn = on;
        State.TerminatedOn = null;
        State.TerminationReason = null;
        return await SaveChangeAsync();
    }

    public async Task<ContractDetails> SetText(string? ownText)
    {
        var contract = State.Contract ?? throw NotFound();
        if (CurrentText(contract) == ownText)
        {
            return Describe(); // the same text again: a retry
        }

        ContractRules.CheckOpen(State.Status, State.Version);
        State.TextEdited = true;
        State.OwnText = ownText;
        return await SaveChangeAsync();
    }

    public async Task<ContractDetails> TerminateDue(DateOnly today)
    {
        var contract = State.Contract ?? throw NotFound();
        if (State.Status is not (ContractStatus.Active or ContractStatus.Suspended) || State.TerminatedOn is not { } on || on > today)
        {
            return Describe(); // nothing due: a second run, or the contract changed since the scan
        }

        CloseSuspension(on.AddDays(1)); // suspended after the termination was scheduled: it ends all the same
        State.Status = ContractStatus.Terminated;
        CheckSupport(contract);
        return await SaveChangeAsync();
    }

    public async Task<ContractDetails> Suspend(ContractSuspension suspension)
    {
        var contract = State.Contract ?? throw NotFound();
        if (State.Status == ContractStatus.Suspended)
        {
            return Describe();
        }

        ContractRules.CheckSuspend(State.Status, State.Version);
        State.Status = ContractStatus.Suspended;
        State.SuspendedOn = Today;
        State.SuspensionReason = suspension.Reason;
        State.Suspensions.Add(new SuspensionPeriod(Today, null));
        CheckSupport(contract);
        return await SaveChangeAsync();
    }

    public async Task<ContractDetails> Resume()
    {
        var contract = State.Contract ?? throw NotFound();
        if (State.Status == ContractStatus.Active)
        {
            return Describe();
        }

        ContractRules.CheckResume(State.Status, State.EndsOn, Today, State.Version);
        CloseSuspension(Today);
        State.Status = ContractStatus.Active;
        State.SuspendedOn = null;
        State.SuspensionReason = null;
        CheckSupport(contract);
        return await SaveChangeAsync();
    }

    public async Task<ContractDetails> AddAmendment(AmendmentRequest amendment)
    {
        var contract = State.Contract ?? throw NotFound();
        if (State.Amendments.Any(a => a.EffectiveFrom == amendment.EffectiveFrom && a.MonthlyFee == amendment.MonthlyFee
            && a.IncludedHours == amendment.IncludedHours && a.Text == amendment.Text))
        {
            return Describe(); // the same supplementary agreement again: a retry
        }

        ContractRules.CheckOpen(State.Status, State.Version);
        if (amendment.EffectiveFrom <= contract.StartsOn || amendment.EffectiveFrom > State.EndsOn)
        {
            // The handler refuses it first with a 400 naming the field; this stands behind it.
            throw new ConflictException(AgreementsTexts.Say("AmendmentOutsideTerm", contract.StartsOn.ToString("yyyy-MM-dd"), State.EndsOn.ToString("yyyy-MM-dd")), State.Version);
        }

        State.Amendments.Add(new ContractAmendment(State.Amendments.Count + 1, amendment.EffectiveFrom, amendment.MonthlyFee, amendment.IncludedHours,
            amendment.Text, Kit.Time.GetUtcNow()));
        return await SaveChangeAsync();
    }

    public async Task<ContractDetails> Expire(DateOnly today)
    {
        var contract = State.Contract ?? throw NotFound();
        var due = State.Status == ContractStatus.Suspended || (State.Status == ContractStatus.Active && !contract.AutoRenew);
        if (!due || State.EndsOn >= today)
        {
            return Describe(); // nothing due: a second run of the day, or the contract changed since the scan
        }

        // A suspended contract is not renewed (see the README): its suspension ends with it.
        CloseSuspension(State.EndsOn.AddDays(1));
        State.Status = ContractStatus.Expired;
        CheckSupport(contract);
        return await SaveChangeAsync();
    }

    public async Task<ContractDetails> Renew(DateOnly today)
    {
        var contract = State.Contract ?? throw NotFound();
        if (State.Status != ContractStatus.Active || !contract.AutoRenew || State.EndsOn >= today)
        {
            return Describe();
        }

        var (endsOn, renewals) = ContractRules.Renewed(contract.StartsOn, contract.EndsOn, State.EndsOn, today);
        State.EndsOn = endsOn;
        State.Renewals += renewals;
        return await SaveChangeAsync();
    }

    /// <summary>Ends the open suspension, if any, the day before <paramref name="inForceAgain"/>; a suspension of no day at all is dropped.</summary>
    private void CloseSuspension(DateOnly inForceAgain)
    {
        var open = Suspensions().LastOrDefault();
        if (open is not { To: null })
        {
            return;
        }

        State.Suspensions = Suspensions().SkipLast(1).ToList();
        if (inForceAgain > open.From)
        {
            State.Suspensions.Add(open with { To = inForceAgain.AddDays(-1) });
        }
    }

    /// <summary>The suspensions; a contract suspended before they were kept has its current one from <see cref="ContractState.SuspendedOn"/>.</summary>
    private IReadOnlyList<SuspensionPeriod> Suspensions() =>
        State.Suspensions.Count == 0 && State.Status == ContractStatus.Suspended && State.SuspendedOn is { } since
            ? [new SuspensionPeriod(since, null)]
            : State.Suspensions;

    private string? CurrentText(NewContract contract) => State.TextEdited ? State.OwnText : contract.OwnText;

    protected override async Task DeliverAsync(SupportCheck message) =>
        await GrainFactory.GetGrain<IClientSupportGrain>(message.ClientId).Reconcile(message.ContractNumber, message.Status);

    /// <summary>A support contract's status changed: the client's support status is derived again after the commit.</summary>
    private void CheckSupport(NewContract contract)
    {
        if (ContractRules.IsSupport(contract.Kind))
        {
            Send(new SupportCheck(contract.ClientId, State.Number, State.Status));
        }
    }

    protected override ContractDetails Describe()
    {
        var c = State.Contract!;
        return new ContractDetails(
            this.GetPrimaryKey(), State.Version, State.Number, c.ClientId, c.ClientName, c.Kind, State.Status, c.SignedOn, c.StartsOn, State.EndsOn,
            c.AutoRenew, ContractTermsHistory.Build(c.Terms, State.Amendments), State.Amendments.ToList(), c.TemplateId, CurrentText(c), c.Requisites,
            State.ActivatedOn, State.TerminatedOn, State.TerminationReason, State.Renewals, State.CreatedAt, State.UpdatedAt,
            State.SuspendedOn, State.SuspensionReason, Suspensions().ToList());
    }

    protected override RowWrite Row(ContractDetails details) => projection.Row(details, State.Contract!.ManagerId);

    private Task<ContractDetails> SaveChangeAsync()
    {
        State.UpdatedAt = Kit.Time.GetUtcNow();
        return SaveAsync();
    }

    /// <summary>Two creations are the same when every field agrees (lists by content, not by reference).</summary>
    private static bool Same(NewContract a, NewContract b) => JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

    private NotFoundException NotFound() => new(AgreementsTexts.Say("ContractNotFound", this.GetPrimaryKey().ToString()));
}
