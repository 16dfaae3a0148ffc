-- market-data-service: schema "marketdata" (Flyway runs this with search_path = marketdata).
-- Prices are versioned by snapshot: a bar row is valid from first_snapshot_id until a later
-- snapshot supersedes it (superseded_by_snapshot_id). A snapshot only inserts bars that are
-- new or changed, so reading "as of snapshot S" means:
--   first_snapshot_id <= S AND (superseded_by_snapshot_id IS NULL OR superseded_by_snapshot_id > S)

CREATE TABLE instrument (
    symbol       VARCHAR(32)  PRIMARY KEY,
    name         VARCHAR(256),
    currency     CHAR(3)      NOT NULL DEFAULT 'USD',
    exchange_tz  VARCHAR(64)  NOT NULL DEFAULT 'America/New_York',
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE snapshot (
    id           BIGSERIAL    PRIMARY KEY,
    source       VARCHAR(64)  NOT NULL,            -- e.g. 'csv:etf8', 'yahoo'
    status       VARCHAR(16)  NOT NULL,            -- RUNNING, COMPLETE, PARTIAL, FAILED
    taken_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ,
    checksum     VARCHAR(128),                     -- digest over the bars visible in this snapshot
    note         TEXT,
    CONSTRAINT snapshot_status_chk CHECK (status IN ('RUNNING', 'COMPLETE', 'PARTIAL', 'FAILED'))
);

CREATE TABLE snapshot_symbol (
    snapshot_id    BIGINT       NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    symbol         VARCHAR(32)  NOT NULL REFERENCES instrument (symbol),
    status         VARCHAR(16)  NOT NULL,          -- OK, UNCHANGED, REJECTED, FAILED
    rows_written   INTEGER      NOT NULL DEFAULT 0,
    rows_rejected  INTEGER      NOT NULL DEFAULT 0,
    first_date     DATE,
    last_date      DATE,
    message        TEXT,
    PRIMARY KEY (snapshot_id, symbol)
);

CREATE TABLE bar (
    symbol                     VARCHAR(32)     NOT NULL REFERENCES instrument (symbol),
    trade_date                 DATE            NOT NULL,
    open                       NUMERIC(20, 8),
    high                       NUMERIC(20, 8),
    low                        NUMERIC(20, 8),
    close                      NUMERIC(20, 8)  NOT NULL,
    adj_close                  NUMERIC(20, 8)  NOT NULL,
    volume                     BIGINT,
    first_snapshot_id          BIGINT          NOT NULL REFERENCES snapshot (id),
    superseded_by_snapshot_id  BIGINT          REFERENCES snapshot (id),
    PRIMARY KEY (symbol, trade_date, first_snapshot_id),
    CONSTRAINT bar_prices_positive_chk CHECK (close > 0 AND adj_close > 0),
    CONSTRAINT bar_supersede_order_chk CHECK (superseded_by_snapshot_id IS NULL
                                              OR superseded_by_snapshot_id > first_snapshot_id)
);
-- at most one current (not superseded) version per symbol and day
CREATE UNIQUE INDEX bar_current_uq ON bar (symbol, trade_date) WHERE superseded_by_snapshot_id IS NULL;
CREATE INDEX bar_symbol_date_idx ON bar (symbol, trade_date);

CREATE TABLE corporate_action (
    id                 BIGSERIAL       PRIMARY KEY,
    symbol             VARCHAR(32)     NOT NULL REFERENCES instrument (symbol),
    ex_date            DATE            NOT NULL,
    action_type        VARCHAR(16)     NOT NULL,   -- DIVIDEND, SPLIT
    value              NUMERIC(20, 8)  NOT NULL,   -- cash amount per share, or split ratio (new/old)
    first_snapshot_id  BIGINT          REFERENCES snapshot (id),
    created_at         TIMESTAMPTZ     NOT NULL DEFAULT now(),
    CONSTRAINT corporate_action_type_chk CHECK (action_type IN ('DIVIDEND', 'SPLIT')),
    CONSTRAINT corporate_action_uq UNIQUE (symbol, ex_date, action_type)
);
