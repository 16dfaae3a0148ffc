-- report-service: a cached report is identified by run, format, variant and layout version, and is
-- served only while the run still has the same outputs (fingerprint = definition name + version,
-- snapshot and finish time as strategy-service reports them), so a run id that comes to denote
-- another run (e.g. a reset strategy database) never gets a stale report.
ALTER TABLE report_cache ADD COLUMN variant VARCHAR(64) NOT NULL DEFAULT '';       -- layout / parameters, e.g. canonical, seed, rf=0.0
ALTER TABLE report_cache ADD COLUMN fingerprint VARCHAR(512) NOT NULL DEFAULT '';  -- the run's outputs the body was rendered from
ALTER TABLE report_cache ADD COLUMN content_type VARCHAR(100) NOT NULL DEFAULT 'application/octet-stream';
ALTER TABLE report_cache DROP CONSTRAINT report_cache_pkey;
ALTER TABLE report_cache ADD PRIMARY KEY (run_id, format, variant, version);
