using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Grains;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Attachments;
using OrleansCrm.Sales.Deals.Pipelines;
using OrleansCrm.Sales.Deals.Robots;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.Lifecycle;

/// <summary>
/// The source of truth for one deal, on the kit's save pipeline: state, the deal's row, its changed stage-history rows and
/// the audit entry in one commit. Entering a stage stores a message for its robots in the outbox (run after the commit,
/// keyed so a repeat makes nothing twice); a MoveToPipeline robot moves the deal in the same change, so the history
/// holds both stays and no half-moved deal is ever stored.
/// </summary>
internal sealed class DealGrain(
    [PersistentState("deal", CrmStorage.Grains)] IPersistentState<DealState> state,
    DealProjection projection,
    PipelineStore pipelines,
    DealRobots robots,
    AttachmentStore attachments,
    IPublisher publisher,
    GrainKit kit) : StatefulGrain<DealState, DealDetails, DealMessage>(state, kit), IDealGrain
{
    protected override string Noun => "deal";

    private DateTimeOffset Now => Kit.Time.GetUtcNow();

    /// <summary>The first history stay this change touched: only those rows are written with it.</summary>
    private int _historyChangedFrom = int.MaxValue;

    /// <summary>
    /// The pipelines the deal entered in this change, as read for it: its robots run right after the commit, in the same
    /// call, and need not read them again (one connection and round trip less per move). A later delivery (a retry) reads
    /// them afresh.
    /// </summary>
    private readonly Dictionary<Guid, Pipeline> _read = [];

    public Task<DealDetails?> Get() => Task.FromResult(State.Created ? Describe() : null);

    public async Task<DealDetails> Create(NewDeal deal)
    {
        if (State.Created)
        {
            return State.ClientId == deal.ClientId && State.Title == deal.Title && State.PipelineId == deal.PipelineId
                ? Describe() // the same creation, retried with its idempotency key
                : throw new ConflictException(SalesTexts.Say("DealExists", this.GetPrimaryKey().ToString()), State.Version);
        }

        var pipeline = await PipelineAsync(deal.PipelineId);
        State.Created = true;
        State.PipelineId = deal.PipelineId;
        State.ClientId = deal.ClientId;
        State.Title = deal.Title;
        State.Amount = deal.Amount;
        State.Currency = deal.Currency;
        State.Channel = deal.Channel;
        State.Source = deal.Source;
        State.Participants = [.. deal.Participants];
        State.PrimaryDemand = deal.PrimaryDemand;
        State.Fields = new(deal.Fields);
        State.OwnerId = deal.OwnerId;
        State.ExpectedCloseOn = deal.ExpectedCloseOn;
        State.CreatedAt = Now;
        await EnterAsync(pipeline, deal.FirstStage, deal.By);
        return await SaveChangeAsync();
    }

    public async Task<DealDetails> Import(ImportedDeal imported)
    {
        if (State.Created)
        {
            return Describe(); // brought in before
        }

        var deal = imported.Deal;
        State.Created = true;
        State.ClientId = deal.ClientId;
        State.Title = deal.Title;
        State.Amount = deal.Amount;
        State.Currency = deal.Currency;
        State.Channel = deal.Channel;
        State.Source = deal.Source;
        State.Participants = [.. deal.Participants];
        State.PrimaryDemand = deal.PrimaryDemand;
        State.Fields = new(deal.Fields);
        State.OwnerId = deal.OwnerId;
        State.ExpectedCloseOn = deal.ExpectedCloseOn;
        State.Status = imported.Status;
        State.WonAmount = imported.WonAmount;
        State.LostReason = imported.LostReason;
        State.ClosedAt = imported.ClosedAt;
        State.History = [.. imported.History];
        State.PipelineId = imported.History[^1].PipelineId;
        State.Stage = imported.History[^1].Stage;
        State.CreatedAt = imported.CreatedAt;
        _historyChangedFrom = 0;
        if (imported.Status != DealStatus.Open)
        {
            Send(new DealMessage(DealMessageKind.Closed, State.History[^1].Seq, State.PipelineId, State.Stage, imported.ClosedAt ?? imported.CreatedAt));
        }

        State.UpdatedAt = imported.ClosedAt ?? imported.History[^1].EnteredAt;
        try
        {
            return await SaveAsync();
        }
        finally
        {
            _historyChangedFrom = int.MaxValue;
        }
    }

    public async Task<DealDetails> Update(DealEdit edit)
    {
        CheckCreated();
        DealRules.CheckVersion(State, edit.Version);
        State.Title = edit.Title;
        State.Amount = edit.Amount;
        State.Currency = edit.Currency;
        State.Channel = edit.Channel;
        State.Source = edit.Source;
        State.Participants = [.. edit.Participants];
        State.PrimaryDemand = edit.PrimaryDemand;
        State.Fields = new(edit.Fields);
        State.OwnerId = edit.OwnerId;
        State.ExpectedCloseOn = edit.ExpectedCloseOn;
        return await SaveChangeAsync();
    }

    public async Task<DealDetails> Move(string toStage, int? version, Guid? by)
    {
        CheckCreated();
        DealRules.CheckVersion(State, version);
        if (toStage == State.Stage)
        {
            return Describe(); // already there: a retried move
        }

        DealRules.CheckOpen(State);
        var pipeline = await PipelineAsync(State.PipelineId);
        if (pipeline.Stage(toStage) is null)
        {
            throw new ConflictException(SalesTexts.Say("StageUnknown", toStage), State.Version);
        }

        DealRules.CheckLeave(pipeline, State, await AttachedAsync(pipeline));
        await EnterAsync(pipeline, toStage, by);
        return await SaveChangeAsync();
    }

    public Task<DealDetails> Win(decimal amount, Guid? by) => EndAsync(DealStatus.Won, amount, lostReason: null);

    public Task<DealDetails> Lose(string reason, Guid? by) => EndAsync(DealStatus.Lost, wonAmount: null, reason);

    public async Task<DealDetails> Pause(DateOnly until, string comment, Guid? by)
    {
        CheckCreated();
        if (State.PausedUntil == until && State.PauseComment == comment)
        {
            return Describe();
        }

        DealRules.CheckOpen(State);
        State.PausedUntil = until;
        State.PauseComment = comment;
        return await SaveChangeAsync();
    }

    public async Task<DealDetails?> EndPauseIfDue(DateOnly today)
    {
        if (!State.Created || State.PausedUntil is not { } until || until > today)
        {
            return null; // not paused, or not yet: a late or repeated scan
        }

        State.PausedUntil = null;
        State.PauseComment = null;
        if (State.Status == DealStatus.Open)
        {
            Send(new DealMessage(DealMessageKind.PauseEnded, State.History[^1].Seq, State.PipelineId, State.Stage, Now, until));
        }

        return await SaveChangeAsync();
    }

    public async Task<DealDetails?> AdvanceFrom(string stage)
    {
        if (!State.Created || State.Status != DealStatus.Open || State.Stage != stage)
        {
            return null; // moved on meanwhile: the trigger is late
        }

        var pipeline = await PipelineAsync(State.PipelineId);
        if (pipeline.Stage(stage) is not { AdvanceWhenTasksDone: true } || pipeline.After(stage) is not { } next
            || DealRules.Missing(pipeline.Stage(stage)!, State, await AttachedAsync(pipeline)).Count > 0)
        {
            return null; // no such trigger here, nowhere to go, or the stage still needs fields: the owner moves it
        }

        await EnterAsync(pipeline, next.Code, by: null);
        return await SaveChangeAsync();
    }

    public async Task<DealDetails?> InvoicePaid(Guid invoiceId)
    {
        if (!State.Created || State.Status != DealStatus.Open || State.InvoiceId != invoiceId)
        {
            return null;
        }

        var pipeline = await PipelineAsync(State.PipelineId);
        if (pipeline.OnInvoicePaid is not { } target || target == State.Stage)
        {
            return null;
        }

        await EnterAsync(pipeline, target, by: null);
        return await SaveChangeAsync();
    }

    /// <summary>Leaves the current stay and enters <paramref name="stage"/>, following MoveToPipeline robots (a bounded chain).</summary>
    private async Task EnterAsync(Pipeline pipeline, string stage, Guid? by)
    {
        _read.Clear();
        for (var hop = 0; ; hop++)
        {
            _read[pipeline.Id] = pipeline;
            var now = Now;
            if (State.History.Count > 0 && State.History[^1].LeftAt is null)
            {
                State.History[^1] = State.History[^1] with { LeftAt = now };
                _historyChangedFrom = Math.Min(_historyChangedFrom, State.History.Count - 1);
            }

            _historyChangedFrom = Math.Min(_historyChangedFrom, State.History.Count);

            var seq = State.History.Count + 1;
            State.History.Add(new DealStageStay(seq, pipeline.Id, stage, now, null, by));
            State.PipelineId = pipeline.Id;
            State.Stage = stage;
            Send(new DealMessage(DealMessageKind.EnteredStage, seq, pipeline.Id, stage, now));

            var link = pipeline.Stage(stage)?.Robots?.FirstOrDefault(r => r is { Kind: RobotKind.MoveToPipeline, PipelineId: not null, Stage: not null });
            if (link is null || hop + 1 >= DealRules.MaxHops)
            {
                return;
            }

            var target = link.PipelineId == pipeline.Id ? pipeline : await pipelines.GetAsync(link.PipelineId!.Value);
            if (target?.Stage(link.Stage!) is null)
            {
                return; // the linked pipeline changed since: the deal stays, the owner moves it
            }

            (pipeline, stage, by) = (target, link.Stage!, null);
        }
    }

    /// <summary>Ends the deal won (with its amount) or lost (with its reason); the same ending asked again is a retry and changes nothing.</summary>
    private async Task<DealDetails> EndAsync(DealStatus outcome, decimal? wonAmount, string? lostReason)
    {
        CheckCreated();
        if (State.Status == outcome && State.WonAmount == wonAmount && State.LostReason == lostReason)
        {
            return Describe();
        }

        DealRules.CheckOpen(State);
        var now = Now;
        State.Status = outcome;
        State.WonAmount = wonAmount;
        State.LostReason = lostReason;
        State.ClosedAt = now;
        State.PausedUntil = null;
        State.PauseComment = null;
        if (State.History[^1].LeftAt is null)
        {
            State.History[^1] = State.History[^1] with { LeftAt = now };
            _historyChangedFrom = Math.Min(_historyChangedFrom, State.History.Count - 1);
        }

        Send(new DealMessage(DealMessageKind.Closed, State.History[^1].Seq, State.PipelineId, State.Stage, now));
        return await SaveChangeAsync();
    }

    protected override async Task DeliverAsync(DealMessage message)
    {
        switch (message.Kind)
        {
            case DealMessageKind.EnteredStage:
                if (await robots.RunAsync(Describe(), message, _read.GetValueOrDefault(message.PipelineId)) is { } invoice && State.InvoiceId != invoice)
                {
                    // A save cannot run inside a delivery: the invoice is remembered in a turn of its own, and this message
                    // stays (delivered again, its robots find what they made) until the deal knows its invoice.
                    this.RegisterGrainTimer(RememberInvoiceAsync, invoice, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
                    throw new InvalidOperationException($"Deal {this.GetPrimaryKey()}: invoice {invoice} made, not remembered yet.");
                }

                break;
            case DealMessageKind.Closed:
                await publisher.Publish(new DealClosed(this.GetPrimaryKey(), State.OwnerId, State.ClientId, State.Status,
                    State.Status == DealStatus.Won ? State.WonAmount ?? State.Amount : State.Amount, State.ClosedAt ?? message.At));
                break;
            case DealMessageKind.PauseEnded:
                await robots.RemindPauseEndedAsync(Describe(), message);
                break;
        }
    }

    private async Task RememberInvoiceAsync(Guid invoice, CancellationToken cancellationToken)
    {
        if (State.InvoiceId != invoice)
        {
            State.InvoiceId = invoice;
            await SaveChangeAsync();
        }
    }

    protected override DealDetails Describe() => new(
        this.GetPrimaryKey(), State.Version, State.PipelineId, State.Stage, State.Status, State.ClientId, State.Title, State.Amount, State.Currency,
        State.Channel, State.Source, State.Participants.ToList(), State.PrimaryDemand, new Dictionary<string, string>(State.Fields), State.OwnerId,
        State.ExpectedCloseOn, State.PausedUntil, State.PauseComment, State.WonAmount, State.LostReason, State.ClosedAt, State.InvoiceId,
        State.History.ToList(), State.CreatedAt, State.UpdatedAt);

    protected override RowWrite Row(DealDetails details) => projection.Row(details, details.History.Skip(_historyChangedFrom));

    protected override IEnumerable<ILiveEvent> LiveEvents(DealDetails d) =>
        [new DealChanged(d.Id, d.Version, d.OwnerId, d.PipelineId, d.Stage, d.Status, d.UpdatedAt)];

    private async Task<DealDetails> SaveChangeAsync()
    {
        State.UpdatedAt = Now;
        try
        {
            return await SaveAsync();
        }
        finally
        {
            _historyChangedFrom = int.MaxValue; // written, or the activation reloads (stale) and the retry starts clean
            _read.Clear();
        }
    }

    /// <summary>The kinds of file the deal has, read only when its stage requires some (they are rows beside the state).</summary>
    private async Task<IReadOnlySet<string>> AttachedAsync(Pipeline pipeline) =>
        pipeline.Stage(State.Stage)?.RequiredAttachments is { Count: > 0 }
            ? await attachments.KindsAsync(this.GetPrimaryKey())
            : new HashSet<string>();

    private async Task<Pipeline> PipelineAsync(Guid id) =>
        await pipelines.GetAsync(id) ?? throw new ConflictException(SalesTexts.Say("PipelineNotFound", id.ToString()), State.Version);

    private void CheckCreated()
    {
        if (!State.Created)
        {
            throw new NotFoundException(SalesTexts.Say("DealNotFound", this.GetPrimaryKey().ToString()));
        }
    }
}
