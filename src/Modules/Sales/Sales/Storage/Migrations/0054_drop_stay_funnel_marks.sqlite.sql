-- 0050's funnel marks on each stay, as the PostgreSQL migration (the reason is there). Their index went in 0052.
ALTER TABLE sales_deal_stages DROP COLUMN pipeline_entered_at;
ALTER TABLE sales_deal_stages DROP COLUMN first_in_stage;
