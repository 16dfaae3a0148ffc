package io.keel.marketdata.snapshot;

import io.keel.calendar.TradingCalendar;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.LocalDate;

/**
 * The daily snapshot of every tracked symbol after the US close: cron {@code keel.marketdata.schedule.cron}
 * (default 17:30 Monday–Friday) in {@code keel.marketdata.schedule.time-zone} (default America/New_York);
 * {@code off} disables it. A tick on a day without an NYSE session (a holiday of the suite's one trading
 * calendar, {@link TradingCalendar#nyse()}) takes no snapshot: there is no close to fetch. Each run is
 * incremental, so it also re-fetches the trailing window of recent days.
 */
@ApplicationScoped
public class SnapshotScheduler {

    private static final Logger LOG = Logger.getLogger(SnapshotScheduler.class);

    private static final TradingCalendar CALENDAR = TradingCalendar.nyse();

    @Inject
    SnapshotService service;

    /** Whether the scheduled snapshot runs on {@code exchangeDate}: only on NYSE trading days. */
    static boolean takesSnapshot(LocalDate exchangeDate) {
        return CALENDAR.isTradingDay(exchangeDate);
    }

    @Scheduled(identity = "daily-snapshot", cron = "${keel.marketdata.schedule.cron:0 30 17 ? * MON-FRI}",
            timeZone = "${keel.marketdata.schedule.time-zone:America/New_York}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        LocalDate today = LocalDate.now(CALENDAR.zone());
        if (!takesSnapshot(today)) {
            LOG.infof("no scheduled snapshot on %s: NYSE is closed (%s)", today, CALENDAR.closure(today).orElse("closed"));
            return;
        }
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
