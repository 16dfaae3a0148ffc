-- The engine's decision at a run's last close for the next session (weights, leverage, overlay
-- diagnostics), stored with the run so that consumers (report-service's seed layouts) read it
-- instead of recomputing overlay rules.
ALTER TABLE run ADD COLUMN next_signal jsonb;
