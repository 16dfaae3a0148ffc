-- strategy-service V2: definitions API (soft delete, versions), runs executed through Quartz
-- (exactly-once completion), daily signals with a freshness guard.

-- Definitions are deleted softly: runs keep pointing at the exact version they ran, and the name
-- can be used again by a new definition. Created inactive: only active ones get daily signals.
ALTER TABLE definition ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE definition ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE definition ALTER COLUMN active SET DEFAULT FALSE;
ALTER TABLE definition DROP CONSTRAINT definition_name_key;
CREATE UNIQUE INDEX definition_live_name_uq ON definition (name) WHERE deleted_at IS NULL;

-- run: what was asked for ('latest' or a snapshot id), which node executes it and with which
-- execution (the claim token that makes completion exactly-once).
ALTER TABLE run ADD COLUMN snapshot_requested VARCHAR(32) NOT NULL DEFAULT 'latest';
ALTER TABLE run ADD COLUMN node VARCHAR(200);
ALTER TABLE run ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run ADD COLUMN execution_id BIGINT;

-- One row per time a node started executing a run (a recovered run has two: the dead node's,
-- never finished, and the one that completed it). At most one execution per run has an outcome.
CREATE TABLE run_execution (
    id           BIGSERIAL     PRIMARY KEY,
    run_id       BIGINT        NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    node         VARCHAR(200)  NOT NULL,
    recovering   BOOLEAN       NOT NULL,
    started_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ,
    outcome      VARCHAR(16),
    CONSTRAINT run_execution_outcome_chk CHECK (outcome IN ('SUCCEEDED', 'FAILED'))
);
CREATE INDEX run_execution_run_idx ON run_execution (run_id);
CREATE UNIQUE INDEX run_execution_one_outcome_uq ON run_execution (run_id) WHERE outcome IS NOT NULL;

-- Column order of a run's daily series (the dates are the row named '@dates').
ALTER TABLE run_series ADD COLUMN position INTEGER NOT NULL DEFAULT 0;

-- signal: a STALE row records a day whose data was older than the expected trading day
-- (as_of_date = the expected day, weights empty); an EMITTED signal replaces it the same day.
ALTER TABLE signal ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'EMITTED';
ALTER TABLE signal ADD CONSTRAINT signal_status_chk CHECK (status IN ('EMITTED', 'STALE'));
ALTER TABLE signal ADD COLUMN next_session DATE;
ALTER TABLE signal ADD COLUMN rebalance BOOLEAN;
ALTER TABLE signal ADD COLUMN leverage DOUBLE PRECISION;
ALTER TABLE signal ADD COLUMN diagnostics JSONB NOT NULL DEFAULT '{}';
ALTER TABLE signal ADD COLUMN data_as_of DATE;
ALTER TABLE signal ADD COLUMN expected_as_of DATE;
ALTER TABLE signal ADD COLUMN reason TEXT;
ALTER TABLE signal ADD COLUMN job_run_id BIGINT;
CREATE INDEX signal_definition_date_idx ON signal (definition_id, as_of_date DESC);

-- One row per firing of the daily signal job (whichever node fired it).
CREATE TABLE signal_job_run (
    id                   BIGSERIAL     PRIMARY KEY,
    scheduled_fire_time  TIMESTAMPTZ,
    node                 VARCHAR(200)  NOT NULL,
    expected_as_of       DATE          NOT NULL,
    started_at           TIMESTAMPTZ   NOT NULL DEFAULT now(),
    finished_at          TIMESTAMPTZ,
    emitted              INTEGER       NOT NULL DEFAULT 0,
    stale                INTEGER       NOT NULL DEFAULT 0,
    unchanged            INTEGER       NOT NULL DEFAULT 0,
    failed               INTEGER       NOT NULL DEFAULT 0
);
