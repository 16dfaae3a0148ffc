-- report-service: schema "report". Rendered reports of strategy runs, cached by run and format.
-- The run itself lives in strategy-service (schema strategy); run_id is a reference by value,
-- not a foreign key, because each service owns only its own schema.

CREATE TABLE report_cache (
    run_id      BIGINT       NOT NULL,
    format      VARCHAR(16)  NOT NULL,           -- e.g. json, csv, html, pdf
    version     INTEGER      NOT NULL DEFAULT 1, -- report layout version; bump to invalidate
    body        BYTEA        NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, format, version)
);
