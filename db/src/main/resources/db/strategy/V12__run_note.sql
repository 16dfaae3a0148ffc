-- Issue 23: what a run tells its reader about the data it used, e.g. that the definition's start lies before the
-- data's first date and which start was used instead. One note per run at most; kept apart from run so that the
-- run table (and its store) stay as they are.
CREATE TABLE run_note (
    run_id BIGINT PRIMARY KEY REFERENCES run (id) ON DELETE CASCADE,
    note   TEXT NOT NULL
);
