-- The client's name as the document was made for it (the buyer's legal name in the body), so a list shows it without
-- asking the Clients module for every row; search_text is the number and that name lower-cased (SQLite's lower() and
-- LIKE fold only ASCII, so both providers search what C# lower-cased).
ALTER TABLE billing.documents ADD COLUMN client_name varchar(500);
ALTER TABLE billing.documents ADD COLUMN search_text varchar(600);
