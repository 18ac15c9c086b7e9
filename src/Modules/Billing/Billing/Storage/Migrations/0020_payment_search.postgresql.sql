-- Payments are searched by payer, purpose, document number and tax id in any case, Cyrillic included: the words are kept
-- lower-cased by the product (SQLite's lower() and LIKE fold only ASCII), so both databases search the same way.
ALTER TABLE billing.payments ADD COLUMN search_text varchar(1700) NOT NULL DEFAULT '';
-- Known payer accounts per client: the matcher's "payer's account and amount" reads them.
CREATE INDEX ix_payments_client ON billing.payments (client_id) WHERE client_id IS NOT NULL;
CREATE INDEX ix_payment_matches_client ON billing.payment_matches (client_id);
