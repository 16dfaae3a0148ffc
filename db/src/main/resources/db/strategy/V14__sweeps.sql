-- Issue 21: parameter sweeps. A sweep is a base definition (a stored version, or inline) varied along axes (JSON
-- pointers and their values) on one pinned snapshot; its valid variants are split into chunks, each run as its own
-- Quartz job (group 'sweeps', requests recovery) on any node of the cluster.

-- The sweep as submitted and its state. Progress (done, failed, per node) is summed from its chunks.
CREATE TABLE sweep (
    id                  BIGSERIAL     PRIMARY KEY,
    -- the stored definition the base comes from; NULL for an inline base
    definition_id       BIGINT        REFERENCES definition (id),
    version             INTEGER,
    -- the base definition's name (a stored definition's, or the inline document's)
    base_name           VARCHAR(200)  NOT NULL,
    -- the exact base document the variants derive from
    base_definition     JSONB         NOT NULL,
    snapshot_requested  VARCHAR(32)   NOT NULL,
    -- the snapshot every variant runs on, resolved at submission ('latest' pinned then)
    snapshot_id         BIGINT        NOT NULL,
    -- axes (pointer, values as submitted), combination and ranking, as accepted
    axes                JSONB         NOT NULL,
    combination         JSONB         NOT NULL,
    ranking             JSONB         NOT NULL,
    status              VARCHAR(16)   NOT NULL,
    total               INTEGER       NOT NULL,
    valid_count         INTEGER       NOT NULL,
    invalid_count       INTEGER       NOT NULL,
    chunk_count         INTEGER       NOT NULL,
    submitted_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    started_at          TIMESTAMPTZ,
    finished_at         TIMESTAMPTZ,
    error               TEXT,
    CONSTRAINT sweep_status_chk CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    CONSTRAINT sweep_counts_chk CHECK (total = valid_count + invalid_count AND valid_count > 0),
    CONSTRAINT sweep_version_chk CHECK ((definition_id IS NULL) = (version IS NULL))
);
CREATE INDEX sweep_status_idx ON sweep (status) WHERE status IN ('QUEUED', 'RUNNING');

-- One chunk of a sweep's valid variants: which variants (index and axis values), and who ran it. A chunk is
-- finished (DONE, FAILED) in the same transaction that stores its variants' rows, and only by the execution
-- holding its claim (attempt); a chunk not yet started when its sweep is cancelled is SKIPPED.
CREATE TABLE sweep_chunk (
    id               BIGSERIAL     PRIMARY KEY,
    sweep_id         BIGINT        NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    chunk_index      INTEGER       NOT NULL,
    -- [[variant index, [value of axis 0, value of axis 1, ...]], ...]
    variants         JSONB         NOT NULL,
    variant_count    INTEGER       NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    node             VARCHAR(200),
    attempts         INTEGER       NOT NULL DEFAULT 0,
    failed_variants  INTEGER       NOT NULL DEFAULT 0,
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    error            TEXT,
    CONSTRAINT sweep_chunk_status_chk CHECK (status IN ('PENDING', 'RUNNING', 'DONE', 'FAILED', 'SKIPPED')),
    CONSTRAINT sweep_chunk_uq UNIQUE (sweep_id, chunk_index)
);

-- One row per valid variant that ran, written in batches with its chunk's completion: the primary key makes
-- every variant's result stored at most once, the chunk's claim exactly once. A bulk table (up to 100,000 rows
-- per sweep) in plain JDBC. Metrics are NULL for a variant whose backtest failed (failure says why).
-- Units: cagr, annual_volatility, max_drawdown (negative or 0) and turnover are fractions; sharpe, sortino and
-- calmar annualised at a risk-free rate of 0; average_leverage a multiple. moments: PeriodMoments.encode() of the
-- variant's daily returns (per-month sufficient statistics), for the walk-forward and overfitting statistics.
CREATE TABLE sweep_variant (
    sweep_id           BIGINT            NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    variant_index      INTEGER           NOT NULL,
    chunk_index        INTEGER           NOT NULL,
    param_values       JSONB             NOT NULL,
    failure            TEXT,
    cagr               DOUBLE PRECISION,
    annual_volatility  DOUBLE PRECISION,
    sharpe             DOUBLE PRECISION,
    sortino            DOUBLE PRECISION,
    max_drawdown       DOUBLE PRECISION,
    calmar             DOUBLE PRECISION,
    turnover           DOUBLE PRECISION,
    average_leverage   DOUBLE PRECISION,
    moments            BYTEA,
    PRIMARY KEY (sweep_id, variant_index)
);

-- The variants refused before anything ran, with every problem ({"field", "message"}).
CREATE TABLE sweep_invalid (
    sweep_id       BIGINT   NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    variant_index  INTEGER  NOT NULL,
    param_values   JSONB    NOT NULL,
    problems       JSONB    NOT NULL,
    PRIMARY KEY (sweep_id, variant_index)
);
