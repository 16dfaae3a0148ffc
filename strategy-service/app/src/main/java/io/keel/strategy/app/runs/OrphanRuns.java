package io.keel.strategy.app.runs;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.quartz.SchedulerException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds runs that are QUEUED or RUNNING but have no Quartz job left to finish them (no job detail and
 * no fired trigger of job {@code runs.run-<id>}), and schedules one again. That happens when an execution ends without storing its result, e.g. when the database stayed
 * unavailable longer than {@code keel.database.outage-wait}: Quartz considers the job done and deletes
 * its trigger, while the run row still says RUNNING. (A node that dies is handled by Quartz's own
 * recovery; its job is still in the store and is not an orphan.) The re-scheduled job takes the run over
 * through the same claim as a recovery, so it still completes exactly once. Runs every minute on one
 * node of the cluster ({@code keel.runs.orphan-check}, {@code off} disables it); a run counts only when
 * submitted more than a minute ago, so a submission in flight is never mistaken for one.
 */
@ApplicationScoped
public class OrphanRuns {

    private static final Logger LOG = Logger.getLogger(OrphanRuns.class);

    @Inject
    AgroalDataSource ds;

    @Inject
    RunService runs;

    @Scheduled(identity = "orphan-runs", every = "${keel.runs.orphan-check:60s}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        resumeOrphans(60);
    }

    /**
     * Schedules a job again for every unfinished run submitted more than {@code minAgeSeconds} ago that has
     * neither a waiting trigger nor an executing one. Returns their ids.
     */
    public List<Long> resumeOrphans(int minAgeSeconds) {
        List<Long> orphans = QuarkusTransaction.requiringNew().call(() -> find(minAgeSeconds));
        for (long id : orphans) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    try {
                        runs.schedule(id, true);
                    } catch (SchedulerException e) {
                        throw new IllegalStateException(e);
                    }
                });
                LOG.warnf("run %d had no job left to finish it (its last execution ended without storing a result); resumed", id);
            } catch (RuntimeException e) {
                LOG.warnf("run %d: could not be resumed now (%s); next check retries", id, e.getMessage());
            }
        }
        return orphans;
    }

    private List<Long> find(int minAgeSeconds) {
        String sql = "SELECT r.id FROM run r WHERE r.status IN ('QUEUED', 'RUNNING')"
                + " AND r.submitted_at < now() - make_interval(secs => ?)"
                // the run's job, by job key: it exists while its trigger waits or fires, and while Quartz recovers it
                // after a node's death (under a recover_* trigger of group RECOVERING_JOBS)
                + " AND NOT EXISTS (SELECT 1 FROM qrtz_job_details j WHERE j.job_group = 'runs' AND j.job_name = 'run-' || r.id)"
                + " AND NOT EXISTS (SELECT 1 FROM qrtz_fired_triggers f WHERE f.job_group = 'runs' AND f.job_name = 'run-' || r.id)"
                + " ORDER BY r.id LIMIT 100";
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, minAgeSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }
}
