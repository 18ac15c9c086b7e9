-- Deals: files attached to a deal (a contract scan, a proposal…), each of a kind a stage may require before a deal leaves
-- it. content holds the bytes when Sales:Attachments:Store is Database; stored_as names the file in the configured folder
-- when it is Folder (exactly one of the two is set).
CREATE TABLE sales.deal_attachments (
    id uuid PRIMARY KEY,
    deal_id uuid NOT NULL,
    kind varchar(64) NOT NULL,
    file_name varchar(255) NOT NULL,
    content_type varchar(100) NOT NULL,
    size bigint NOT NULL,
    content bytea,
    stored_as varchar(200),
    uploaded_by uuid,
    uploaded_at timestamptz NOT NULL
);
CREATE INDEX ix_deal_attachments_deal ON sales.deal_attachments (deal_id, kind);
