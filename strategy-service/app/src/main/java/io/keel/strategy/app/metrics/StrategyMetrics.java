package io.keel.strategy.app.metrics;

import io.agroal.api.AgroalDataSource;
import io.keel.strategy.app.plugins.PluginCatalog;
import io.keel.strategy.app.runs.RunStatus;
import io.keel.strategy.app.runs.RunStore;
import io.keel.strategy.app.signals.SignalService;
import io.keel.strategy.app.signals.SignalStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * strategy-service's metrics (Prometheus names):
 * <ul>
 *   <li>{@code keel_run_duration_seconds} histogram (this node's executions, tag {@code status});</li>
 *   <li>{@code keel_runs_completed_total} (this node, tag {@code status}); {@code keel_runs} (cluster-wide
 *       count per {@code status}, from the database); {@code keel_runs_queue_depth} (QUEUED runs);</li>
 *   <li>{@code keel_signals_emitted_total}, {@code keel_signals_stale_total}, {@code keel_signals_failed_total}
 *       (tag {@code definition}); {@code keel_signals_day{status}}: signals stored for the current expected day;</li>
 *   <li>per active definition: {@code keel_signal_age_days} (expected trading day minus the latest emitted
 *       signal's as-of date, calendar days), {@code keel_signal_leverage} (latest emitted leverage),
 *       {@code keel_signal_stale} (1 when the latest record is STALE);</li>
 *   <li>{@code keel_plugins_loaded}, {@code keel_plugins_problems}.</li>
 * </ul>
 * Database-backed gauges are refreshed every 10 s by a node-local thread (and after each signal job).
 */
@ApplicationScoped
public class StrategyMetrics {

    private static final Logger LOG = Logger.getLogger(StrategyMetrics.class);

    @Inject
    MeterRegistry registry;

    @Inject
    RunStore runs;

    @Inject
    SignalStore signals;

    @Inject
    Instance<SignalService> signalService;

    @Inject
    PluginCatalog plugins;

    @Inject
    AgroalDataSource ds;

    private final Map<RunStatus, Long> runCounts = new ConcurrentHashMap<>();
    private final Map<String, Long> dayCounts = new ConcurrentHashMap<>();
    private volatile MultiGauge age;
    private volatile MultiGauge leverage;
    private volatile MultiGauge stale;
    private ScheduledExecutorService refresher;

    void start(@Observes StartupEvent e) {
        for (RunStatus s : RunStatus.values()) {
            runCounts.put(s, 0L);
            Gauge.builder("keel.runs", runCounts, m -> m.getOrDefault(s, 0L)).tag("status", s.name())
                    .description("runs per status, cluster-wide").register(registry);
        }
        Gauge.builder("keel.runs.queue.depth", runCounts, m -> m.getOrDefault(RunStatus.QUEUED, 0L))
                .description("runs waiting for a worker, cluster-wide").register(registry);
        for (String s : List.of("EMITTED", "STALE")) {
            dayCounts.put(s, 0L);
            Gauge.builder("keel.signals.day", dayCounts, m -> m.getOrDefault(s, 0L)).tag("status", s)
                    .description("signals stored for the current expected trading day").register(registry);
        }
        Gauge.builder("keel.plugins.loaded", plugins, p -> p.registry().entries().size()).register(registry);
        Gauge.builder("keel.plugins.problems", plugins, p -> p.loaded().problems().size()).register(registry);
        age = MultiGauge.builder("keel.signal.age.days").description("expected trading day minus the latest emitted signal's as-of date").register(registry);
        leverage = MultiGauge.builder("keel.signal.leverage").description("leverage of the latest emitted signal").register(registry);
        stale = MultiGauge.builder("keel.signal.stale").description("1 when the latest signal record is STALE").register(registry);
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keel-metrics-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refreshAll, 1, 10, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** Records one finished execution of this node. */
    public void runFinished(RunStatus status, long nanos) {
        Timer.builder("keel.run.duration").tag("status", status.name()).publishPercentileHistogram()
                .description("run execution time: claim to stored result").register(registry).record(nanos, TimeUnit.NANOSECONDS);
        Counter.builder("keel.runs.completed").tag("status", status.name()).register(registry).increment();
    }

    public void signalEmitted(String definition) {
        Counter.builder("keel.signals.emitted").tag("definition", definition).register(registry).increment();
    }

    public void signalStale(String definition) {
        Counter.builder("keel.signals.stale").tag("definition", definition).register(registry).increment();
    }

    public void signalFailed(String definition) {
        Counter.builder("keel.signals.failed").tag("definition", definition).register(registry).increment();
    }

    private void refreshAll() {
        try {
            Map<RunStatus, Long> counts = QuarkusTransaction.requiringNew().call(runs::countByStatus);
            runCounts.putAll(counts);
            refreshSignals();
        } catch (RuntimeException ex) {
            LOG.debugf("metrics refresh failed: %s", ex.toString());
        }
    }

    /** Re-reads the per-definition signal gauges from the database. */
    public void refreshSignals() {
        if (age == null) {
            return;
        }
        try {
            LocalDate expected = signalService.get().expectedAsOf();
            List<SignalStore.Row> latestEmitted = QuarkusTransaction.requiringNew().call(signals::latestOfActive);
            List<SignalStore.Row> latestAny = QuarkusTransaction.requiringNew().call(signals::latestRecordOfActive);
            List<MultiGauge.Row<?>> a = new ArrayList<>();
            List<MultiGauge.Row<?>> l = new ArrayList<>();
            for (SignalStore.Row r : latestEmitted) {
                a.add(MultiGauge.Row.of(Tags.of("definition", r.definition()), ChronoUnit.DAYS.between(r.asOf(), expected)));
                if (r.leverage() != null) {
                    l.add(MultiGauge.Row.of(Tags.of("definition", r.definition()), r.leverage()));
                }
            }
            List<MultiGauge.Row<?>> s = new ArrayList<>();
            for (SignalStore.Row r : latestAny) {
                s.add(MultiGauge.Row.of(Tags.of("definition", r.definition()), "STALE".equals(r.status()) ? 1 : 0));
            }
            age.register(a, true);
            leverage.register(l, true);
            stale.register(s, true);
            Map<String, Long> day = new DayCounts().counts(expected);
            dayCounts.putAll(day);
        } catch (RuntimeException ex) {
            LOG.debugf("signal metrics refresh failed: %s", ex.toString());
        }
    }

    /** Signals per status whose as-of date is the expected day. */
    private final class DayCounts {
        Map<String, Long> counts(LocalDate expected) {
            return QuarkusTransaction.requiringNew().call(() -> {
                Map<String, Long> out = new java.util.HashMap<>(Map.of("EMITTED", 0L, "STALE", 0L));
                try (var c = ds.getConnection();
                     var ps = c.prepareStatement("SELECT status, count(*) FROM signal WHERE as_of_date = ? GROUP BY status")) {
                    ps.setObject(1, expected);
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
                return out;
            });
        }
    }
}
