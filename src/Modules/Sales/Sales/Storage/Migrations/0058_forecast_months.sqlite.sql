-- The funnel's forecast by pipeline, owner, stage and expected close month: as the PostgreSQL migration (the reasons
-- are there; dates are yyyy-MM-dd text, so the month is its first seven characters).
CREATE TABLE sales_forecast_months (
    pipeline_id TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    close_month TEXT NOT NULL,
    deals INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    PRIMARY KEY (pipeline_id, owner_id, stage, close_month)
);
CREATE TABLE sales_forecast_changes (
    pipeline_id TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    close_month TEXT NOT NULL,
    deals INTEGER NOT NULL,
    amount INTEGER NOT NULL
);
CREATE TRIGGER deal_forecast_insert AFTER INSERT ON sales_deals WHEN NEW.status = 0
BEGIN
    INSERT INTO sales_forecast_changes VALUES (NEW.pipeline_id, NEW.owner_id, NEW.stage, COALESCE(substr(NEW.expected_close_on, 1, 7), ''), 1, NEW.amount);
END;
CREATE TRIGGER deal_forecast_update AFTER UPDATE ON sales_deals
WHEN (OLD.status = 0 OR NEW.status = 0) AND (OLD.status IS NOT NEW.status OR OLD.pipeline_id IS NOT NEW.pipeline_id OR OLD.owner_id IS NOT NEW.owner_id
    OR OLD.stage IS NOT NEW.stage OR OLD.amount IS NOT NEW.amount OR OLD.expected_close_on IS NOT NEW.expected_close_on)
BEGIN
    INSERT INTO sales_forecast_changes SELECT OLD.pipeline_id, OLD.owner_id, OLD.stage, COALESCE(substr(OLD.expected_close_on, 1, 7), ''), -1, -OLD.amount WHERE OLD.status = 0;
    INSERT INTO sales_forecast_changes SELECT NEW.pipeline_id, NEW.owner_id, NEW.stage, COALESCE(substr(NEW.expected_close_on, 1, 7), ''), 1, NEW.amount WHERE NEW.status = 0;
END;
CREATE TRIGGER deal_forecast_delete AFTER DELETE ON sales_deals WHEN OLD.status = 0
BEGIN
    INSERT INTO sales_forecast_changes VALUES (OLD.pipeline_id, OLD.owner_id, OLD.stage, COALESCE(substr(OLD.expected_close_on, 1, 7), ''), -1, -OLD.amount);
END;
INSERT INTO sales_forecast_months (pipeline_id, owner_id, stage, close_month, deals, amount)
SELECT pipeline_id, owner_id, stage, COALESCE(substr(expected_close_on, 1, 7), ''), COUNT(*), SUM(amount)
FROM sales_deals WHERE status = 0
GROUP BY 1, 2, 3, 4;
DROP INDEX IF EXISTS ix_deals_open_pipeline;
