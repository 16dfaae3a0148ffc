package io.keel.strategy.app.sweeps;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds unfinished chunks of unfinished sweeps that have no Quartz job left to finish them and schedules one again
 * (as {@code runs.OrphanRuns} does for runs): that happens when an execution ends without storing its chunk, e.g. when
 * the database stayed unavailable longer than {@code keel.database.outage-wait}. A node that dies is handled by
 * Quartz's own recovery. The new job takes the chunk over through the same claim as a recovery, so its variants are
 * still stored once. Every {@code keel.sweeps.orphan-check} ({@code off} disables it) on one node of the cluster.
 */
@ApplicationScoped
public class OrphanChunks {

    private static final Logger LOG = Logger.getLogger(OrphanChunks.class);

    @Inject
    SweepStore store;

    @Inject
    SweepService sweeps;

    @Scheduled(identity = "orphan-sweep-chunks", every = "${keel.sweeps.orphan-check:60s}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        resumeOrphans(60);
    }

    /** Schedules a job again for each orphaned chunk of a sweep submitted over {@code minAgeSeconds} ago; returns them as "sweep/chunk". */
    public List<String> resumeOrphans(int minAgeSeconds) {
        List<long[]> orphans = QuarkusTransaction.requiringNew().call(() -> store.orphanChunks(minAgeSeconds));
        List<String> out = new ArrayList<>();
        for (long[] o : orphans) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    try {
                        sweeps.scheduleOne(o[0], (int) o[1], true);
                    } catch (org.quartz.SchedulerException e) {
                        throw new IllegalStateException(e);
                    }
                });
                out.add(o[0] + "/" + o[1]);
                LOG.warnf("sweep %d chunk %d had no job left to finish it; resumed", o[0], o[1]);
            } catch (RuntimeException e) {
                LOG.warnf("sweep %d chunk %d: could not be resumed now (%s); next check retries", o[0], o[1], e.getMessage());
            }
        }
        return out;
    }
}
