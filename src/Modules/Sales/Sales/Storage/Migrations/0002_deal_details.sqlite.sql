-- Deals: what a pipeline declares beside its stages (typed custom fields, loss reasons, the stage a paid invoice moves a
-- deal to), and what the deal list and the invoice-paid trigger look deals up by.
ALTER TABLE sales_pipelines ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sales_pipelines ADD COLUMN loss_reasons TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sales_pipelines ADD COLUMN on_invoice_paid TEXT;
ALTER TABLE sales_deals ADD COLUMN invoice_id TEXT;
ALTER TABLE sales_deals ADD COLUMN search_text TEXT;
CREATE INDEX ix_deals_invoice ON sales_deals (invoice_id) WHERE invoice_id IS NOT NULL;
