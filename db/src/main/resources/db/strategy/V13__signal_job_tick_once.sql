-- Each tick of the daily signal job runs once in the cluster. Quartz's clustered store fires a trigger at
-- least once: when a loaded node misses its check-in, another node recovers its in-flight trigger and
-- fires the same tick again. A unique index on the tick makes the first firing's row the only one
-- (manual "run now" firings carry their own instant; NULL ticks are not constrained).
-- Earlier duplicate rows of one tick are folded into the first: their counts are added to it.
UPDATE signal_job_run f
SET emitted   = f.emitted + d.emitted,
    stale     = f.stale + d.stale,
    unchanged = f.unchanged + d.unchanged,
    failed    = f.failed + d.failed
FROM (SELECT min(id) AS keep, scheduled_fire_time,
             sum(emitted) - (array_agg(emitted ORDER BY id))[1] AS emitted,
             sum(stale) - (array_agg(stale ORDER BY id))[1] AS stale,
             sum(unchanged) - (array_agg(unchanged ORDER BY id))[1] AS unchanged,
             sum(failed) - (array_agg(failed ORDER BY id))[1] AS failed
      FROM signal_job_run
      WHERE scheduled_fire_time IS NOT NULL
      GROUP BY scheduled_fire_time
      HAVING count(*) > 1) d
WHERE f.id = d.keep;

DELETE FROM signal_job_run a
USING signal_job_run b
WHERE a.scheduled_fire_time = b.scheduled_fire_time
  AND a.id > b.id;

CREATE UNIQUE INDEX signal_job_run_one_per_tick ON signal_job_run (scheduled_fire_time);
