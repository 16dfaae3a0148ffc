-- strategy-service V15 (issue 22): forward tracking of portfolios against their backtest.
--
-- portfolio_tracking: PAPER portfolios get their orders filled automatically at the next session's close; REAL ones
-- (the default, no row needed) only through recorded fills. Both are valued day by day. snapshot_id and
-- holdings_version say what the stored equity was computed from: a new (late or re-adjusted) snapshot or new fills
-- make it recomputed.
CREATE TABLE portfolio_tracking (
    portfolio_id      BIGINT       PRIMARY KEY REFERENCES portfolio (id) ON DELETE CASCADE,
    mode              VARCHAR(8)   NOT NULL DEFAULT 'REAL' CHECK (mode IN ('PAPER', 'REAL')),
    snapshot_id       BIGINT,
    holdings_version  INTEGER,
    computed_at       TIMESTAMPTZ,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- One row per portfolio and trading day: its equity (cash + shares x that day's close) and the shadow backtest's
-- expected equity. A recomputation replaces a portfolio's rows in one transaction, so no day is ever counted twice.
CREATE TABLE portfolio_equity (
    portfolio_id     BIGINT           NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
    day              DATE             NOT NULL,
    equity           NUMERIC(30, 10)  NOT NULL,     -- currency
    cash             NUMERIC(30, 10)  NOT NULL,     -- currency
    expected_equity  DOUBLE PRECISION,              -- currency; null where the backtest has no value that day
    fees_to_date     NUMERIC(30, 10)  NOT NULL,     -- currency: fees of the fills effective by that day
    holdings_version INTEGER          NOT NULL,     -- the holdings valued that day
    snapshot_id      BIGINT           NOT NULL,
    PRIMARY KEY (portfolio_id, day)
);
