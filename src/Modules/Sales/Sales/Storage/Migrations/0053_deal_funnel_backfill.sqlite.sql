-- sales_deal_funnel (0052) for the deals already stored, as the PostgreSQL migration. Moments are ISO text with
-- milliseconds: min() is the earliest, and a stay's length is whole milliseconds in microseconds.
INSERT OR IGNORE INTO sales_deal_funnel (deal_id, pipeline_id, version, entered_at, owner_id, amount, status, won_amount, stays)
SELECT d.id, s.pipeline_id, d.version, s.entered_at, d.owner_id, d.amount, d.status, d.won_amount, s.stays
FROM (
    SELECT deal_id, pipeline_id, min(entered_at) AS entered_at,
        group_concat(stage || COALESCE('=' || (CAST(round((julianday(left_at) - julianday(entered_at)) * 86400000.0) AS INTEGER) * 1000), ''), ';') AS stays
    FROM sales_deal_stages
    GROUP BY deal_id, pipeline_id
) s
JOIN sales_deals d ON d.id = s.deal_id
ORDER BY s.pipeline_id, s.entered_at;
