-- strategy-service V8 (issue 18): portfolios following a definition's signals, their holdings (every version
-- kept), the order list of each signal for each portfolio (exactly once: unique per portfolio and signal) and
-- the fills that update the holdings. Amounts are in the portfolio's currency, quantities in shares, weights
-- and bands are fractions.

CREATE TABLE portfolio (
    id                     BIGSERIAL      PRIMARY KEY,
    name                   VARCHAR(100)   NOT NULL,
    definition_id          BIGINT         NOT NULL REFERENCES definition (id),
    fractional             BOOLEAN        NOT NULL DEFAULT FALSE,
    default_lot_size       NUMERIC(30, 10) NOT NULL DEFAULT 1 CHECK (default_lot_size > 0),
    lot_sizes              JSONB          NOT NULL DEFAULT '{}',       -- {"SPY": 1, "BRK-A": 1}
    min_trade_notional     NUMERIC(30, 10) NOT NULL DEFAULT 0 CHECK (min_trade_notional >= 0),
    band                   DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (band >= 0 AND band < 1),
    total_drift_threshold  DOUBLE PRECISION CHECK (total_drift_threshold >= 0 AND total_drift_threshold <= 2),
    cost_bps               DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (cost_bps >= 0),
    cost_min_per_order     NUMERIC(30, 10) NOT NULL DEFAULT 0 CHECK (cost_min_per_order >= 0),
    holdings_version       INTEGER        NOT NULL DEFAULT 1,
    created_at             TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at             TIMESTAMPTZ    NOT NULL DEFAULT now(),
    deleted_at             TIMESTAMPTZ
);
CREATE UNIQUE INDEX portfolio_live_name_uq ON portfolio (name) WHERE deleted_at IS NULL;
CREATE INDEX portfolio_definition_idx ON portfolio (definition_id) WHERE deleted_at IS NULL;

-- Every holdings version of a portfolio: the initial one, each replacement (PUT) and each batch of fills.
CREATE TABLE portfolio_holdings (
    id            BIGSERIAL      PRIMARY KEY,
    portfolio_id  BIGINT         NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
    version       INTEGER        NOT NULL,
    cash          NUMERIC(30, 10) NOT NULL,
    positions     JSONB          NOT NULL,                        -- {"SPY": 12, "TLT": 40.5} shares
    source        VARCHAR(16)    NOT NULL CHECK (source IN ('CREATED', 'REPLACED', 'FILLS')),
    principal     VARCHAR(64)    NOT NULL,
    created_at    TIMESTAMPTZ    NOT NULL DEFAULT now(),
    CONSTRAINT portfolio_holdings_version_uq UNIQUE (portfolio_id, version)
);

-- The orders of one signal for one portfolio, computed once from the holdings version then current.
CREATE TABLE order_list (
    id                BIGSERIAL     PRIMARY KEY,
    portfolio_id      BIGINT        NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
    signal_id         BIGINT        NOT NULL REFERENCES signal (id) ON DELETE CASCADE,
    holdings_version  INTEGER       NOT NULL,
    plan              JSONB         NOT NULL,                     -- positions before/after vs targets, totals, notes
    node              VARCHAR(200)  NOT NULL,
    created_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT order_list_once_uq UNIQUE (portfolio_id, signal_id)
);

CREATE TABLE portfolio_order (
    id               BIGSERIAL      PRIMARY KEY,
    order_list_id    BIGINT         NOT NULL REFERENCES order_list (id) ON DELETE CASCADE,
    portfolio_id     BIGINT         NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
    position         INTEGER        NOT NULL,
    symbol           VARCHAR(32)    NOT NULL,
    side             VARCHAR(4)     NOT NULL CHECK (side IN ('BUY', 'SELL')),
    quantity         NUMERIC(30, 10) NOT NULL CHECK (quantity > 0),
    lots             BIGINT         NOT NULL CHECK (lots > 0),
    lot_size         NUMERIC(30, 10) NOT NULL,
    reference_price  NUMERIC(30, 10) NOT NULL,
    notional         NUMERIC(30, 10) NOT NULL,
    estimated_cost   NUMERIC(30, 10) NOT NULL,
    filled_quantity  NUMERIC(30, 10) NOT NULL DEFAULT 0,
    CONSTRAINT portfolio_order_fill_bound CHECK (filled_quantity >= 0 AND filled_quantity <= quantity)
);
CREATE INDEX portfolio_order_list_idx ON portfolio_order (order_list_id);

-- Executions reported by the portfolio's operator: idempotent by the caller's fill id.
CREATE TABLE fill (
    id                BIGSERIAL      PRIMARY KEY,
    portfolio_id      BIGINT         NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
    fill_id           VARCHAR(100)   NOT NULL,
    order_id          BIGINT         NOT NULL REFERENCES portfolio_order (id) ON DELETE CASCADE,
    quantity          NUMERIC(30, 10) NOT NULL CHECK (quantity > 0),
    price             NUMERIC(30, 10) NOT NULL CHECK (price > 0),
    fee               NUMERIC(30, 10) NOT NULL CHECK (fee >= 0),
    executed_at       TIMESTAMPTZ,
    holdings_version  INTEGER        NOT NULL,
    created_at        TIMESTAMPTZ    NOT NULL DEFAULT now(),
    CONSTRAINT fill_once_uq UNIQUE (portfolio_id, fill_id)
);

-- The audit trail names the portfolio of a portfolio write.
ALTER TABLE audit_event ADD COLUMN portfolio VARCHAR(100);
CREATE INDEX audit_event_portfolio_idx ON audit_event (portfolio, id);
