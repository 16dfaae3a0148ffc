-- Issue 20: what a run's reports compare it with by default, in the syntax of io.keel.result.Benchmark (SPY,
-- SPY:0.6,TLT:0.4, definition:<name>, run:<id>): the run request's benchmark, else its definition version's, stored
-- in canonical form at submission; null = none. (V14 is the sweeps' migration.)
ALTER TABLE run ADD COLUMN benchmark TEXT;
