package io.keel.report.prometheus;

import io.keel.result.metrics.TrailingMetrics;
import io.keel.report.strategy.LatestSignal;
import io.keel.report.strategy.StrategyClient;
import io.keel.report.strategy.StrategyRun;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per active definition, Prometheus gauges of where the strategy stands, refreshed from
 * strategy-service on a schedule ({@code keel.report.metrics.refresh}):
 * <ul>
 *   <li>{@code keel_strategy_signal_leverage}: leverage of the latest signal (multiple)</li>
 *   <li>{@code keel_strategy_signal_age_days}: calendar days from the signal's as-of date to today (UTC)</li>
 *   <li>{@code keel_strategy_signal_stale}: 1 when strategy-service judges the latest signal STALE (its data ends
 *       before the expected trading day), else 0</li>
 *   <li>{@code keel_strategy_signal_trading_days_behind}: NYSE sessions between the signal's close and the
 *       expected trading day (0 when fresh)</li>
 *   <li>{@code keel_strategy_drawdown}: drawdown on the last row of the definition's latest finished run (fraction, <= 0)</li>
 *   <li>{@code keel_strategy_sharpe_1y}, {@code keel_strategy_volatility_1y}: over that run's last 252 daily returns
 *       (annualised ratio / fraction)</li>
 * </ul>
 * The only label is {@code definition}: one series per active definition (never per run), at most
 * {@code keel.report.metrics.max-definitions}; a definition that is no longer active loses its gauges.
 */
@ApplicationScoped
public class StrategyMetrics {

    private static final Logger LOG = Logger.getLogger(StrategyMetrics.class);

    /** The figures of one definition at the last refresh; NaN where unknown. */
    public record Snapshot(String definition, double leverage, double signalAgeDays, double drawdown, double sharpe1y,
                           double volatility1y, Long runId, String runFingerprint, double stale, double tradingDaysBehind) {

        Snapshot withRun(double drawdown, double sharpe1y, double volatility1y, Long runId, String runFingerprint) {
            return new Snapshot(definition, leverage, signalAgeDays, drawdown, sharpe1y, volatility1y, runId, runFingerprint, stale,
                    tradingDaysBehind);
        }
    }

    private static final Map<String, ToDoubleFunction<Snapshot>> GAUGES = new LinkedHashMap<>();

    static {
        GAUGES.put("keel.strategy.signal.leverage", Snapshot::leverage);
        GAUGES.put("keel.strategy.signal.age.days", Snapshot::signalAgeDays);
        GAUGES.put("keel.strategy.signal.stale", Snapshot::stale);
        GAUGES.put("keel.strategy.signal.trading.days.behind", Snapshot::tradingDaysBehind);
        GAUGES.put("keel.strategy.drawdown", Snapshot::drawdown);
        GAUGES.put("keel.strategy.sharpe.1y", Snapshot::sharpe1y);
        GAUGES.put("keel.strategy.volatility.1y", Snapshot::volatility1y);
    }

    @Inject
    StrategyClient strategy;
    @Inject
    MeterRegistry registry;

    @Inject
    io.keel.report.report.ReportConfig config;

    Clock clock = Clock.systemUTC();

    private final Map<String, Snapshot> current = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

    @Scheduled(every = "{keel.report.metrics.refresh}", delayed = "{keel.report.metrics.initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            registry.counter("keel.report.strategy.refresh", "result", "failure").increment();
            LOG.warnf("strategy metrics not refreshed (kept the previous values): %s", e.getMessage());
        }
    }

    /** Reads the latest signals and runs of the active definitions and updates the gauges. */
    public synchronized Map<String, Snapshot> refresh() {
        List<LatestSignal> signals = new ArrayList<>(strategy.latestSignals());
        signals.sort(Comparator.comparing(LatestSignal::definition));
        if (signals.size() > config.metrics().maxDefinitions()) {
            LOG.warnf("%d active definitions; strategy metrics keep the first %d by name (keel.report.metrics.max-definitions)",
                    signals.size(), config.metrics().maxDefinitions());
            signals = signals.subList(0, config.metrics().maxDefinitions());
        }
        LocalDate today = LocalDate.now(clock);
        Set<String> seen = new HashSet<>();
        for (LatestSignal s : signals) {
            seen.add(s.definition());
            Snapshot previous = current.get(s.definition());
            double lev = s.leverage() == null ? Double.NaN : s.leverage();
            double age = s.asOf() == null ? Double.NaN : ChronoUnit.DAYS.between(s.asOf(), today);
            double stale = s.status() == null ? Double.NaN : s.stale() ? 1 : 0;
            double behind = s.tradingDaysBehind() == null ? Double.NaN : s.tradingDaysBehind();
            Snapshot next = withRun(new Snapshot(s.definition(), lev, age, Double.NaN, Double.NaN, Double.NaN, null, null, stale, behind),
                    previous);
            current.put(s.definition(), next);
            meters.computeIfAbsent(s.definition(), this::register);
        }
        for (String gone : new ArrayList<>(current.keySet())) {
            if (!seen.contains(gone)) {
                current.remove(gone);
                List<Meter> ms = meters.remove(gone);
                if (ms != null) {
                    ms.forEach(registry::remove);
                }
            }
        }
        registry.counter("keel.report.strategy.refresh", "result", "success").increment();
        return Map.copyOf(current);
    }

    /** The trailing figures of the definition's latest run with outputs, reusing the previous ones for the same run. */
    private Snapshot withRun(Snapshot s, Snapshot previous) {
        StrategyRun latest = strategy.runs(s.definition(), null, 20).stream()
                .filter(r -> r.hasOutputs() && r.finishedAt() != null)
                .max(Comparator.comparing(StrategyRun::finishedAt).thenComparingLong(StrategyRun::id))
                .orElse(null);
        if (latest == null) {
            return s;
        }
        if (previous != null && latest.fingerprint().equals(previous.runFingerprint())) {
            return s.withRun(previous.drawdown(), previous.sharpe1y(), previous.volatility1y(), latest.id(), latest.fingerprint());
        }
        double[] r = strategy.series(latest.id()).require("port_ret");
        TrailingMetrics t = TrailingMetrics.of(r, config.riskFreeRate());
        return s.withRun(t.currentDrawdown(), t.sharpe1y(), t.volatility1y(), latest.id(), latest.fingerprint());
    }

    private List<Meter> register(String definition) {
        List<Meter> out = new ArrayList<>();
        GAUGES.forEach((name, f) -> out.add(Gauge.builder(name, this, m -> {
                    Snapshot s = m.current.get(definition);
                    return s == null ? Double.NaN : f.applyAsDouble(s);
                })
                .tag("definition", definition)
                .strongReference(true)
                .register(registry)));
        return out;
    }

    /** The figures of the last refresh, by definition. */
    public Map<String, Snapshot> current() {
        return Map.copyOf(current);
    }
}
