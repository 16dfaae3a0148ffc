-- market-data-service V2: snapshot lifecycle as exposed by the API (queued -> running ->
-- succeeded | partial | failed), the request that created a snapshot, per-symbol repair counts,
-- a per-bar issue log (what validation rejected, repaired or flagged), and bars without a raw
-- close (adjusted-only sources such as etf8_2026 or yfinance auto_adjust CSVs).

ALTER TABLE snapshot DROP CONSTRAINT snapshot_status_chk;
UPDATE snapshot SET status = 'SUCCEEDED' WHERE status = 'COMPLETE';
ALTER TABLE snapshot ADD CONSTRAINT snapshot_status_chk
    CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED'));
ALTER TABLE snapshot
    ADD COLUMN requested_start DATE,                      -- backfill start asked for (NULL: incremental)
    ADD COLUMN started_at      TIMESTAMPTZ,
    ADD COLUMN rows_written    INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN rows_rejected   INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN rows_repaired   INTEGER NOT NULL DEFAULT 0;
CREATE INDEX snapshot_status_idx ON snapshot (status, id DESC);

-- A snapshot may name a symbol that does not exist upstream (unknown ticker): its outcome is
-- recorded without creating an instrument.
ALTER TABLE snapshot_symbol DROP CONSTRAINT snapshot_symbol_symbol_fkey;
ALTER TABLE snapshot_symbol
    ADD COLUMN rows_repaired  INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN rows_unchanged INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN position       INTEGER NOT NULL DEFAULT 0;  -- order of the symbol in the request
ALTER TABLE snapshot_symbol ADD CONSTRAINT snapshot_symbol_status_chk
    CHECK (status IN ('QUEUED', 'RUNNING', 'OK', 'UNCHANGED', 'REJECTED', 'FAILED'));

-- Adjusted-only sources have no raw close.
ALTER TABLE bar ALTER COLUMN close DROP NOT NULL;
ALTER TABLE bar DROP CONSTRAINT bar_prices_positive_chk;
ALTER TABLE bar ADD CONSTRAINT bar_prices_positive_chk CHECK ((close IS NULL OR close > 0) AND adj_close > 0);
-- fast "as of snapshot S" reads: rows of a symbol ordered by date with their validity interval
CREATE INDEX bar_asof_idx ON bar (symbol, trade_date, first_snapshot_id, superseded_by_snapshot_id);

CREATE TABLE snapshot_issue (
    id           BIGSERIAL    PRIMARY KEY,
    snapshot_id  BIGINT       NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    symbol       VARCHAR(32)  NOT NULL,
    trade_date   DATE,
    action       VARCHAR(16)  NOT NULL,   -- REJECTED, REPAIRED, FLAGGED
    code         VARCHAR(32)  NOT NULL,   -- e.g. NON_POSITIVE, NULL_BAR, DUPLICATE_DATE, JUMP
    detail       TEXT,
    CONSTRAINT snapshot_issue_action_chk CHECK (action IN ('REJECTED', 'REPAIRED', 'FLAGGED'))
);
CREATE INDEX snapshot_issue_snapshot_idx ON snapshot_issue (snapshot_id, symbol);
