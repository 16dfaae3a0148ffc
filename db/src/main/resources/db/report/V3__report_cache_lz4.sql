-- Rendered reports (a tearsheet is ~0.7 MB of HTML with its data) were compressed with pglz on every cache
-- write; lz4 costs a fraction of that (see strategy V5). Without lz4 support: stored uncompressed.
DO $$
BEGIN
    ALTER TABLE report_cache ALTER COLUMN body SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'lz4 not available (%); report_cache.body stored uncompressed', SQLERRM;
    ALTER TABLE report_cache ALTER COLUMN body SET STORAGE EXTERNAL;
END $$;
