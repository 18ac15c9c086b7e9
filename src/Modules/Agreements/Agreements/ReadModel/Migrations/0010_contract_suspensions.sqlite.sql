-- The times a contract was suspended, as JSON ([{ from, to }], to null while it lasts): the billing run leaves their
-- days out of a month's fee without reading grains. Null on rows written before (read as none).
ALTER TABLE agreements_contracts ADD COLUMN suspensions TEXT;
