-- The client's name as the document was made for it (the buyer's legal name in the body), so a list shows it without
-- asking the Clients module for every row; search_text is the number and that name lower-cased (SQLite's lower() and
-- LIKE fold only ASCII, so both providers search what C# lower-cased).
ALTER TABLE billing_documents ADD COLUMN client_name TEXT;
ALTER TABLE billing_documents ADD COLUMN search_text TEXT;
