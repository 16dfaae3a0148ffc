-- Series are written once and always read whole: store them as json (text kept verbatim, only
-- validated) instead of jsonb, which decomposes every number into a numeric on write and formats
-- it back on read (about 300k numbers for one 8-asset run).
ALTER TABLE run_series ALTER COLUMN body TYPE json USING body::json;
