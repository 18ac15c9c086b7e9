-- Deals: files attached to a deal (a contract scan, a proposal…), each of a kind a stage may require before a deal leaves
-- it. content holds the bytes when Sales:Attachments:Store is Database; stored_as names the file in the configured folder
-- when it is Folder (exactly one of the two is set).
CREATE TABLE sales_deal_attachments (
    id TEXT PRIMARY KEY,
    deal_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB,
    stored_as TEXT,
    uploaded_by TEXT,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX ix_deal_attachments_deal ON sales_deal_attachments (deal_id, kind);
