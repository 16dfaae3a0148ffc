-- Who changed what (issue 8): one row per write, appended in the transaction of the change itself, so a
-- change without its audit row (or the reverse) cannot be committed. The principal is the API key's
-- name (never the key). Append-only: the services never update or delete these rows.
CREATE TABLE audit_event (
    id          BIGSERIAL     PRIMARY KEY,
    at          TIMESTAMPTZ   NOT NULL DEFAULT now(),
    principal   VARCHAR(64)   NOT NULL,
    action      VARCHAR(40)   NOT NULL,   -- definition.created, definition.updated, definition.activated, ...
    definition  VARCHAR(100),
    version     INTEGER,
    run_id      BIGINT,
    detail      VARCHAR(500)
);
CREATE INDEX audit_event_definition_idx ON audit_event (definition, id);
