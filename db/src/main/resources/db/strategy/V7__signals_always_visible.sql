-- strategy-service V7 (issue 18): a signal is the decision at the close of the data's last day, stored
-- once per definition, version and close whatever the data's age; whether it is FRESH or STALE is judged
-- when it is served (the trading day expected moves with the clock), with the reason in words.
--
-- V2's STALE records held no weights (as_of_date was the expected day, not a close in the data): they
-- are removed; each job firing's counts stay in signal_job_run.
DELETE FROM signal WHERE status = 'STALE';
ALTER TABLE signal DROP CONSTRAINT signal_definition_date_uq;
-- A new version of an active definition gets its own signal for the same close.
CREATE UNIQUE INDEX signal_decision_uq ON signal (definition_id, version, as_of_date);
-- The close of every symbol of the universe on as_of_date, from the signal's snapshot (the reference
-- prices of the portfolios' orders), {"SPY": 661.82, ...} in the instrument's currency.
ALTER TABLE signal ADD COLUMN prices JSONB NOT NULL DEFAULT '{}';
COMMENT ON COLUMN signal.status IS 'EMITTED for every row since V7 (FRESH/STALE is judged when served)';
