-- The funnel by UTC day (benchmarks/results/sales.md: reading a quarter of the sales pipeline as 25,000 rows of
-- sales.deal_funnel took 25 ms in PostgreSQL and as long again in the host). FunnelPacker writes a day's rows of a
-- pipeline as one binary value (FunnelPack), in the background; the funnel reads the packs of its span and, row by row,
-- what was written since: every write of a funnel row sets `packed` back to 0, and the packer sets it to 1 only on the
-- rows whose version it packed. So a pack is never trusted for a deal changed after it.
ALTER TABLE sales.deal_funnel ADD COLUMN packed smallint NOT NULL DEFAULT 0;
CREATE INDEX ix_deal_funnel_unpacked ON sales.deal_funnel (pipeline_id, entered_at) WHERE packed = 0;
CREATE TABLE sales.funnel_packs (
    pipeline_id uuid NOT NULL,
    day timestamptz NOT NULL,
    deals integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (pipeline_id, day)
);
-- Packed numbers hardly compress, and decompressing would cost every report.
ALTER TABLE sales.funnel_packs ALTER COLUMN data SET STORAGE EXTERNAL;
