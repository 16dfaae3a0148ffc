-- A run's series is about 2.2 MB of JSON (3,960 days x 37 columns for the 8-ETF examples). PostgreSQL's
-- default TOAST compression, pglz, spent about 90 ms compressing it on every run store (measured on
-- PostgreSQL 15 here: pglz 88-95 ms, lz4 13-17 ms, none 12 ms per run); lz4 stores it in ~1.6 MB instead
-- of ~1.35 MB. Servers built without lz4 keep the series uncompressed instead (~2.3 MB, fastest to write).
-- Rows already stored keep their compression; it only applies to new rows.
DO $$
BEGIN
    ALTER TABLE run_series ALTER COLUMN body SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'lz4 not available (%); run_series.body stored uncompressed', SQLERRM;
    ALTER TABLE run_series ALTER COLUMN body SET STORAGE EXTERNAL;
END $$;
