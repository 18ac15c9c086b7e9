-- Deals: what a pipeline declares beside its stages (typed custom fields, loss reasons, the stage a paid invoice moves a
-- deal to), and what the deal list and the invoice-paid trigger look deals up by.
ALTER TABLE sales.pipelines ADD COLUMN custom_fields text NOT NULL DEFAULT '[]';
ALTER TABLE sales.pipelines ADD COLUMN loss_reasons text NOT NULL DEFAULT '[]';
ALTER TABLE sales.pipelines ADD COLUMN on_invoice_paid varchar(64);
ALTER TABLE sales.deals ADD COLUMN invoice_id uuid;
ALTER TABLE sales.deals ADD COLUMN search_text varchar(400);
CREATE INDEX ix_deals_invoice ON sales.deals (invoice_id) WHERE invoice_id IS NOT NULL;
