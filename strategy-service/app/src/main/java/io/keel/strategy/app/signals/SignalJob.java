package io.keel.strategy.app.signals;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The daily signal job: a Quartz cron trigger ({@code keel.signals.cron}) stored in the clustered
 * JDBC job store, so with several nodes exactly one fires each tick; a tick missed while the
 * cluster was down fires once on recovery (misfire policy fire-now), never once per missed tick.
 */
@ApplicationScoped
public class SignalJob {

    public static final String IDENTITY = "daily-signals";

    @Inject
    SignalService signals;

    @Scheduled(identity = IDENTITY, cron = "${keel.signals.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily(ScheduledExecution execution) {
        signals.runDaily(execution.getScheduledFireTime());
    }
}
