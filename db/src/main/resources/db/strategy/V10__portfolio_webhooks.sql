-- strategy-service V14 (issue 22): signed webhooks per portfolio and their outbox.
--
-- portfolio_webhook: where a portfolio's new order lists are posted, and the HMAC secret encrypted with AES-256-GCM
-- under the key of configuration keel.webhooks.secret-key (the secret itself is needed to sign, so it cannot be
-- hashed; it is never served nor logged). key_id names the key (first 8 bytes of its SHA-256, hex) so that a
-- changed key is detected instead of producing wrong signatures.
CREATE TABLE portfolio_webhook (
    portfolio_id       BIGINT        PRIMARY KEY REFERENCES portfolio (id) ON DELETE CASCADE,
    url                VARCHAR(2000) NOT NULL,
    secret_ciphertext  BYTEA         NOT NULL,                 -- 12-byte nonce || ciphertext || 16-byte tag
    key_id             VARCHAR(16)   NOT NULL,
    created_at         TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ   NOT NULL DEFAULT now()
);

-- The outbox: one event per order list of a portfolio with a webhook, written in the transaction that stores the
-- order list (so an event exists exactly when its orders do). Nodes claim due events with FOR UPDATE SKIP LOCKED
-- and a lease (claimed_until): one node sends an event; another retries it, with the same event_id, only after
-- the lease of a node that died mid-delivery has run out.
CREATE TABLE webhook_event (
    id               BIGSERIAL     PRIMARY KEY,
    event_id         UUID          NOT NULL UNIQUE,            -- the idempotency id: X-Keel-Event-Id
    portfolio_id     BIGINT        NOT NULL REFERENCES portfolio (id) ON DELETE CASCADE,
    order_list_id    BIGINT        NOT NULL REFERENCES order_list (id) ON DELETE CASCADE,
    event_type       VARCHAR(40)   NOT NULL,
    url              VARCHAR(2000) NOT NULL,                   -- the URL when the event was written
    body             TEXT          NOT NULL,                   -- the exact bytes signed and sent (UTF-8 JSON)
    status           VARCHAR(16)   NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    claimed_by       VARCHAR(200),
    claimed_until    TIMESTAMPTZ,
    first_failure_at TIMESTAMPTZ,                              -- first failed attempt of this event (null: none yet)
    delivered_at     TIMESTAMPTZ,
    last_error       VARCHAR(500),
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT webhook_event_once_uq UNIQUE (portfolio_id, order_list_id, event_type)
);
CREATE INDEX webhook_event_due_idx ON webhook_event (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_event_portfolio_idx ON webhook_event (portfolio_id, id DESC);

-- Every delivery attempt: which node, when, how long, the HTTP status or the error.
CREATE TABLE webhook_attempt (
    id            BIGSERIAL     PRIMARY KEY,
    event_id      BIGINT        NOT NULL REFERENCES webhook_event (id) ON DELETE CASCADE,
    attempt       INTEGER       NOT NULL,
    node          VARCHAR(200)  NOT NULL,
    started_at    TIMESTAMPTZ   NOT NULL,
    duration_ms   BIGINT        NOT NULL,
    outcome       VARCHAR(16)   NOT NULL CHECK (outcome IN ('DELIVERED', 'REJECTED', 'TIMEOUT', 'ERROR')),
    http_status   INTEGER,
    error         VARCHAR(500),
    CONSTRAINT webhook_attempt_once_uq UNIQUE (event_id, attempt)
);
