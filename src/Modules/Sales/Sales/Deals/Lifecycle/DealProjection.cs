using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Activities.Report;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Plans.Reports;
using OrleansCrm.Sales.Storage;

namespace OrleansCrm.Sales.Deals.Lifecycle;

/// <summary>
/// A deal's row in sales.deals (guarded by version: a retried or late write never wins over a newer one) and the stage
/// stays the change touched in sales.deal_stages (keyed by deal and seq; a stay only ever gains its leaving time), all in
/// the state's transaction. And the deal's funnel rows (sales.deal_funnel, migration 0052):
/// one per pipeline in its history, with the deal's figures and its stays there, guarded by version like the deal's row;
/// every save rewrites them, since the funnel counts a deal by its current owner, amount and outcome, and marks them
/// not packed (<see cref="FunnelPacker"/>). A person's move
/// carries when they last moved the deal before, and is counted in the activity report's month (<see cref="ActivityMonths"/>).
/// </summary>
internal sealed class DealProjection(SalesDb db, ActivityMonths months)
{
    private readonly string _deal = $"""
        INSERT INTO {db.Deals} AS t (id, version, pipeline_id, stage, status, client_id, title, amount, currency, channel, source, owner_id,
            expected_close_on, paused_until, won_amount, lost_reason, closed_at, created_at, updated_at, invoice_id, search_text)
        VALUES (@id, @version, @pipeline_id, @stage, @status, @client_id, @title, @amount, @currency, @channel, @source, @owner_id,
            @expected_close_on, @paused_until, @won_amount, @lost_reason, @closed_at, @created_at, @updated_at, @invoice_id, @search_text)
        ON CONFLICT (id) DO UPDATE SET
            version = excluded.version, pipeline_id = excluded.pipeline_id, stage = excluded.stage, status = excluded.status,
            title = excluded.title, amount = excluded.amount, currency = excluded.currency, channel = excluded.channel, source = excluded.source,
            owner_id = excluded.owner_id, expected_close_on = excluded.expected_close_on, paused_until = excluded.paused_until,
            won_amount = excluded.won_amount, lost_reason = excluded.lost_reason, closed_at = excluded.closed_at,
            updated_at = excluded.updated_at, invoice_id = excluded.invoice_id, search_text = excluded.search_text
        WHERE t.version < excluded.version
        """;

    private readonly string _stay = $"""
        INSERT INTO {db.DealStages} AS t (deal_id, seq, pipeline_id, stage, entered_at, left_at, by_user, prev_move_at)
        VALUES (@deal_id, @seq, @pipeline_id, @stage, @entered_at, @left_at, @by_user, @prev_move_at)
        ON CONFLICT (deal_id, seq) DO UPDATE SET left_at = excluded.left_at
        """;

    private readonly string _funnel = $"""
        INSERT INTO {db.DealFunnel} AS t (deal_id, pipeline_id, version, entered_at, owner_id, amount, status, won_amount, stays)
        VALUES (@deal_id, @pipeline_id, @version, @entered_at, @owner_id, @amount, @status, @won_amount, @stays)
        ON CONFLICT (deal_id, pipeline_id) DO UPDATE SET
            version = excluded.version, entered_at = excluded.entered_at, owner_id = excluded.owner_id, amount = excluded.amount,
            status = excluded.status, won_amount = excluded.won_amount, stays = excluded.stays, packed = 0
        WHERE t.version < excluded.version
        """;

    public RowWrite Row(DealDetails deal, IEnumerable<DealStageStay> changedStays)
    {
        var write = RowWrite.Of(new SqlStatement(_deal)
            .Add("@id", db.Id(deal.Id))
            .Add("@version", deal.Version)
            .Add("@pipeline_id", db.Id(deal.PipelineId))
            .Add("@stage", deal.Stage)
            .Add("@status", (int)deal.Status)
            .Add("@client_id", db.Id(deal.ClientId))
            .Add("@title", deal.Title)
            .Add("@amount", SalesDb.Kopiykas(deal.Amount))
            .Add("@currency", deal.Currency)
            .Add("@channel", deal.Channel)
            .Add("@source", deal.Source)
            .Add("@owner_id", db.Id(deal.OwnerId))
            .Add("@expected_close_on", db.Date(deal.ExpectedCloseOn))
            .Add("@paused_until", db.Date(deal.PausedUntil))
            .Add("@won_amount", deal.WonAmount is { } won ? SalesDb.Kopiykas(won) : null)
            .Add("@lost_reason", deal.LostReason)
            .Add("@closed_at", deal.ClosedAt is { } closed ? db.Moment(closed) : null)
            .Add("@created_at", db.Moment(deal.CreatedAt))
            .Add("@updated_at", db.Moment(deal.UpdatedAt))
            .Add("@invoice_id", db.Id(deal.InvoiceId))
            .Add("@search_text", SearchText(deal.Title)));
        foreach (var stay in changedStays)
        {
            var previousMove = PreviousMove(deal.History, stay);
            if (stay is { Seq: > 1, By: { } by })
            {
                write = write.And(months.DealMoved(by, deal.Id, stay.Seq, stay.EnteredAt, previousMove));
            }

            write = write.And(new SqlStatement(_stay)
                .Add("@deal_id", db.Id(deal.Id))
                .Add("@seq", stay.Seq)
                .Add("@pipeline_id", db.Id(stay.PipelineId))
                .Add("@stage", stay.Stage)
                .Add("@entered_at", db.Moment(stay.EnteredAt))
                .Add("@left_at", stay.LeftAt is { } left ? db.Moment(left) : null)
                .Add("@by_user", db.Id(stay.By))
                .Add("@prev_move_at", previousMove is { } p ? db.Moment(p) : null));
        }

        foreach (var pipeline in deal.History.GroupBy(h => h.PipelineId))
        {
            write = write.And(new SqlStatement(_funnel)
                .Add("@deal_id", db.Id(deal.Id))
                .Add("@pipeline_id", db.Id(pipeline.Key))
                .Add("@version", deal.Version)
                .Add("@entered_at", db.Moment(pipeline.Min(h => h.EnteredAt)))
                .Add("@owner_id", db.Id(deal.OwnerId))
                .Add("@amount", SalesDb.Kopiykas(deal.Amount))
                .Add("@status", (int)deal.Status)
                .Add("@won_amount", deal.WonAmount is { } wonAmount ? SalesDb.Kopiykas(wonAmount) : null)
                .Add("@stays", FunnelStays.Write(pipeline.Select(h => (h.Stage, h.EnteredAt, h.LeftAt)), db.IsPostgres)));
        }

        return write;
    }

    /// <summary>When the person who made <paramref name="stay"/> last moved the deal before it (a stay after the first, by them).</summary>
    private static DateTimeOffset? PreviousMove(IReadOnlyList<DealStageStay> history, DealStageStay stay)
    {
        DealStageStay? previous = null;
        foreach (var earlier in history)
        {
            if (stay.By is not null && earlier.Seq > 1 && earlier.Seq < stay.Seq && earlier.By == stay.By && (previous is null || earlier.Seq > previous.Seq))
            {
                previous = earlier;
            }
        }

        return previous?.EnteredAt;
    }

    /// <summary>What the list's text search compares with, lower-cased in every alphabet.</summary>
    public static string SearchText(string title) => title.ToLowerInvariant();
}
