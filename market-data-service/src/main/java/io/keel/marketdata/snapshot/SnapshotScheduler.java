package io.keel.marketdata.snapshot;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The daily snapshot of every tracked symbol after the US close: cron {@code keel.marketdata.schedule.cron}
 * (default 17:30 Monday–Friday) in {@code keel.marketdata.schedule.time-zone} (default America/New_York);
 * {@code off} disables it. Each run is incremental, so it also re-fetches the trailing window of recent days.
 */
@ApplicationScoped
public class SnapshotScheduler {

    private static final Logger LOG = Logger.getLogger(SnapshotScheduler.class);

    @Inject
    SnapshotService service;

    @Scheduled(identity = "daily-snapshot", cron = "${keel.marketdata.schedule.cron:0 30 17 ? * MON-FRI}",
            timeZone = "${keel.marketdata.schedule.time-zone:America/New_York}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        SnapshotService.Ticket t = service.submit(null, null);
        LOG.infof("scheduled daily snapshot queued as %d", t.id());
    }

    /**
     * Records the end of snapshots whose run ended during a database outage longer than it waits
     * ({@code keel.database.outage-wait}), every {@code keel.marketdata.schedule.unrecorded-retry} (default 1 minute)
     * until the database is back: without it they would stay running until the next start.
     */
    @Scheduled(identity = "record-snapshot-ends", every = "${keel.marketdata.schedule.unrecorded-retry:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recordEnds() {
        if (service.endsToRecord()) {
            service.recordEndsLater();
        }
    }
}
