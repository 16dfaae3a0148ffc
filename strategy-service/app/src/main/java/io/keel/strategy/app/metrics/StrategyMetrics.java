package io.keel.strategy.app.metrics;

import io.keel.strategy.app.plugins.PluginCatalog;
import io.keel.strategy.app.runs.RunStatus;
import io.keel.strategy.app.runs.RunStore;
import io.keel.strategy.app.signals.Freshness;
import io.keel.strategy.app.runs.RunFinished;
import io.keel.strategy.app.signals.SignalClock;
import io.keel.strategy.app.signals.SignalEvent;
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
 *       (tag {@code definition}); {@code keel_signals_day{status}}: active definitions whose latest signal is
 *       {@code FRESH} / {@code STALE};</li>
 *   <li>per active definition, from the latest signal of its current version: {@code keel_signal_age_days}
 *       (expected trading day minus the signal's close, calendar days), {@code keel_signal_trading_days_behind}
 *       (NYSE sessions between them), {@code keel_signal_leverage} (its leverage, kept when STALE),
 *       {@code keel_signal_stale} (1 when it is STALE);</li>
 *   <li>{@code keel_plugins_loaded}, {@code keel_plugins_problems}.</li>
 * </ul>
 * Database-backed gauges are refreshed every 10 s by a node-local thread (and when the stored signals
 * change). The services this counts ({@code RunExecutor}, {@code SignalService}) do not call it: they
 * fire {@link RunFinished} and {@link SignalEvent}, which it observes, and it reads the stores.
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
    SignalClock clock;

    @Inject
    PluginCatalog plugins;

    private final Map<RunStatus, Long> runCounts = new ConcurrentHashMap<>();
    private final Map<String, Long> dayCounts = new ConcurrentHashMap<>();
    private volatile MultiGauge age;
    private volatile MultiGauge leverage;
    private volatile MultiGauge stale;
    private volatile MultiGauge behind;
    private ScheduledExecutorService refresher;

    void start(@Observes StartupEvent e) {
        for (RunStatus s : RunStatus.values()) {
            runCounts.put(s, 0L);
            Gauge.builder("keel.runs", runCounts, m -> m.getOrDefault(s, 0L)).tag("status", s.name())
                    .description("runs per status, cluster-wide").register(registry);
        }
        Gauge.builder("keel.runs.queue.depth", runCounts, m -> m.getOrDefault(RunStatus.QUEUED, 0L))
                .description("runs waiting for a worker, cluster-wide").register(registry);
        for (String s : List.of(Freshness.FRESH, Freshness.STALE)) {
            dayCounts.put(s, 0L);
            Gauge.builder("keel.signals.day", dayCounts, m -> m.getOrDefault(s, 0L)).tag("status", s)
                    .description("active definitions whose latest signal is FRESH / STALE").register(registry);
        }
        Gauge.builder("keel.plugins.loaded", plugins, p -> p.registry().entries().size()).register(registry);
        Gauge.builder("keel.plugins.problems", plugins, p -> p.loaded().problems().size()).register(registry);
        age = MultiGauge.builder("keel.signal.age.days").description("expected trading day minus the latest emitted signal's as-of date").register(registry);
        leverage = MultiGauge.builder("keel.signal.leverage").description("leverage of the latest emitted signal").register(registry);
        stale = MultiGauge.builder("keel.signal.stale").description("1 when the latest signal is STALE").register(registry);
        behind = MultiGauge.builder("keel.signal.trading.days.behind")
                .description("NYSE sessions between the latest signal's close and the expected trading day").register(registry);
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
    void runFinished(@Observes RunFinished run) {
        Timer.builder("keel.run.duration").tag("status", run.status().name()).publishPercentileHistogram()
                .description("run execution time: claim to stored result").register(registry).record(run.nanos(), TimeUnit.NANOSECONDS);
        Counter.builder("keel.runs.completed").tag("status", run.status().name()).register(registry).increment();
    }

    /** Counts what happened to a signal; re-reads the signal gauges when the stored signals changed. */
    void signal(@Observes SignalEvent e) {
        switch (e.kind()) {
            case EMITTED -> Counter.builder("keel.signals.emitted").tag("definition", e.definition()).register(registry).increment();
            case STALE -> Counter.builder("keel.signals.stale").tag("definition", e.definition()).register(registry).increment();
            case FAILED -> Counter.builder("keel.signals.failed").tag("definition", e.definition()).register(registry).increment();
            case CHANGED -> refreshSignals();
        }
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

    /**
     * Re-reads the per-definition signal gauges from the database: the latest signal of each active
     * definition's current version, its freshness judged now.
     */
    void refreshSignals() {
        if (age == null) {
            return;
        }
        try {
            LocalDate expected = clock.expectedAsOf();
            List<SignalStore.Row> latest = QuarkusTransaction.requiringNew().call(signals::latestOfActive);
            List<MultiGauge.Row<?>> a = new ArrayList<>();
            List<MultiGauge.Row<?>> l = new ArrayList<>();
            List<MultiGauge.Row<?>> s = new ArrayList<>();
            List<MultiGauge.Row<?>> b = new ArrayList<>();
            long fresh = 0;
            long staleCount = 0;
            for (SignalStore.Row r : latest) {
                Tags t = Tags.of("definition", r.definition());
                Freshness f = Freshness.judge(r.asOf(), expected, clock.calendar());
                a.add(MultiGauge.Row.of(t, Math.max(0, ChronoUnit.DAYS.between(r.asOf(), expected))));
                b.add(MultiGauge.Row.of(t, f.tradingDaysBehind()));
                s.add(MultiGauge.Row.of(t, f.stale() ? 1 : 0));
                if (r.leverage() != null) {
                    l.add(MultiGauge.Row.of(t, r.leverage()));
                }
                if (f.stale()) {
                    staleCount++;
                } else {
                    fresh++;
                }
            }
            age.register(a, true);
            leverage.register(l, true);
            stale.register(s, true);
            behind.register(b, true);
            dayCounts.put(Freshness.FRESH, fresh);
            dayCounts.put(Freshness.STALE, staleCount);
        } catch (RuntimeException ex) {
            LOG.debugf("signal metrics refresh failed: %s", ex.toString());
        }
    }
}
