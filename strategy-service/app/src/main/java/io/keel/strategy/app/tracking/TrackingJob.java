package io.keel.strategy.app.tracking;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Refreshes every portfolio's tracking every {@code keel.tracking.refresh} ({@code off} disables it): paper fills
 * and equity follow new snapshots without a request. Every node runs it; a refresh is idempotent (fills by fill id,
 * days replaced under the portfolio's row lock), so two nodes doing it at once store the same rows.
 */
@ApplicationScoped
public class TrackingJob {

    private static final Logger LOG = Logger.getLogger(TrackingJob.class);

    @Inject
    TrackingService tracking;

    @Inject
    TrackingConfig config;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent e) {
        String refresh = config.refresh();
        if (refresh == null || refresh.isBlank() || refresh.equalsIgnoreCase("off")) {
            return;
        }
        Duration every = io.quarkus.runtime.configuration.DurationConverter.parseDuration(refresh);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keel-tracking");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                tracking.refreshAll();
            } catch (RuntimeException ex) {
                LOG.warnf("tracking refresh failed: %s", ex.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
