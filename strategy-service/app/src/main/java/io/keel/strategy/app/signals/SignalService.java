package io.keel.strategy.app.signals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.common.ProblemException;
import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.engine.calc.Signal;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.strategy.app.metrics.StrategyMetrics;
import io.keel.strategy.app.runs.BacktestRunner;
import io.keel.strategy.app.runs.RunExecutor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Daily rebalance signals of active definitions: for each, the engine's signal for the session
 * after the last close of the {@code latest} snapshot, stored once per definition and as-of date.
 * Freshness guard: when the data ends before the last expected trading day, no signal is emitted;
 * a STALE record is stored instead (replaced if fresh data arrives the same day) and counted in
 * the metrics.
 */
@ApplicationScoped
public class SignalService {

    private static final Logger LOG = Logger.getLogger(SignalService.class);

    /** What one firing of the job did. */
    public record JobOutcome(long jobRunId, LocalDate expectedAsOf, int emitted, int stale, int unchanged, int failed) {
    }

    /**
     * A signal as served by the API.
     *
     * @param status      EMITTED, or STALE (data older than {@code expectedAsOf}: no weights)
     * @param asOf        last close the signal was decided at (for STALE: the expected day)
     * @param nextSession the session the weights are for
     * @param weights     target base weights by symbol (fractions)
     * @param leverage    exposure multiplier for the next session
     * @param diagnostics overlay state behind it (e.g. vol_ann, drawdown, risk_off), NaN as null
     * @param snapshotId  market-data snapshot used
     * @param dataAsOf    last date of the data
     */
    public record SignalView(String definition, int version, String status, LocalDate asOf, LocalDate nextSession,
                             Boolean rebalance, JsonNode weights, Double leverage, JsonNode diagnostics, Long snapshotId,
                             LocalDate dataAsOf, LocalDate expectedAsOf, String reason, OffsetDateTime createdAt) {
    }

    @Inject
    SignalStore store;

    @Inject
    BacktestRunner runner;

    @Inject
    RunExecutor executor;

    @Inject
    StrategyMetrics metrics;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "keel.signals.zone")
    ZoneId zone;

    @ConfigProperty(name = "keel.signals.ready-time")
    LocalTime readyTime;

    @ConfigProperty(name = "keel.signals.expected-as-of")
    Optional<LocalDate> expectedOverride;

    /** The trading day the data should end on now (or the configured override). */
    public LocalDate expectedAsOf() {
        return expectedOverride.orElseGet(() -> new TradingCalendar(readyTime).lastExpectedTradingDay(ZonedDateTime.now(zone)));
    }

    /** One firing of the daily job for the trading day expected now. */
    public JobOutcome runDaily(Instant scheduledFireTime) {
        return run(expectedAsOf(), scheduledFireTime);
    }

    /**
     * Computes and stores the signal of every active definition whose data should end on
     * {@code expected}. Idempotent: a definition with an EMITTED signal on or after that day is
     * left alone.
     */
    public JobOutcome run(LocalDate expected, Instant scheduledFireTime) {
        String node = executor.node();
        long jobRun = QuarkusTransaction.requiringNew().call(() -> store.startJobRun(scheduledFireTime, node, expected));
        List<SignalStore.Active> active = QuarkusTransaction.requiringNew().call(store::activeDefinitions);
        int emitted = 0;
        int stale = 0;
        int unchanged = 0;
        int failed = 0;
        for (SignalStore.Active a : active) {
            try {
                if (QuarkusTransaction.requiringNew().call(() -> store.emittedSince(a.id(), expected))) {
                    unchanged++;
                    continue;
                }
                SignalStore.NewSignal s = compute(a, expected, jobRun);
                boolean written = QuarkusTransaction.requiringNew().call(() -> store.upsert(s));
                if (!written) {
                    unchanged++;
                } else if (s.status().equals("STALE")) {
                    stale++;
                    metrics.signalStale(a.name());
                    LOG.warnf("signal %s: STALE, data ends %s, expected %s", a.name(), s.dataAsOf(), expected);
                } else {
                    emitted++;
                    metrics.signalEmitted(a.name());
                }
            } catch (RuntimeException e) {
                failed++;
                metrics.signalFailed(a.name());
                LOG.errorf(e, "signal %s for %s failed", a.name(), expected);
            }
        }
        int fe = emitted;
        int fs = stale;
        int fu = unchanged;
        int ff = failed;
        QuarkusTransaction.requiringNew().run(() -> store.finishJobRun(jobRun, fe, fs, fu, ff));
        metrics.refreshSignals();
        LOG.infof("daily signals for %s on %s: %d emitted, %d stale, %d unchanged, %d failed", expected, node, fe, fs, fu, ff);
        return new JobOutcome(jobRun, expected, fe, fs, fu, ff);
    }

    private SignalStore.NewSignal compute(SignalStore.Active a, LocalDate expected, long jobRun) {
        BacktestDefinition d = DefinitionJson.parse(a.body());
        // the live signal ignores the definition's end date: it is decided at the latest close
        BacktestDefinition live = new BacktestDefinition(d.name(), d.description(), d.universe(), d.groups(), d.start(), null,
                d.rebalance(), d.weightScheme(), d.overlays(), d.exposureLimits(), d.cashRate(), d.semantics(), d.seedScript());
        BacktestRunner.Outcome out;
        try {
            out = runner.run(live, "latest");
        } catch (InvalidDefinitionException e) {
            throw new IllegalStateException("definition cannot run on the latest snapshot: " + e.violations(), e);
        }
        Signal sig = out.result().next();
        if (sig.asOf().isBefore(expected)) {
            return new SignalStore.NewSignal(a.id(), a.version(), expected, null, "STALE", null, "{}", null, "{}",
                    out.prices().snapshotId(), sig.asOf(), expected,
                    "latest data ends " + sig.asOf() + ", before the expected trading day " + expected + "; no signal from stale data",
                    jobRun);
        }
        return new SignalStore.NewSignal(a.id(), a.version(), sig.asOf(), sig.nextSession(), "EMITTED", sig.rebalance(),
                json(new TreeMap<>(sig.weights())), sig.leverage(), json(finite(sig.diagnostics())), out.prices().snapshotId(),
                sig.asOf(), expected, null, jobRun);
    }

    private static Map<String, Double> finite(Map<String, Double> m) {
        Map<String, Double> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v == null || !Double.isFinite(v) ? null : v));
        return out;
    }

    private String json(Object o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public SignalView latest(String definition) {
        return QuarkusTransaction.requiringNew().call(() -> store.latest(definition, true).map(this::view)
                .orElseThrow(() -> ProblemException.notFound("no signal for definition '" + definition + "'")));
    }

    public List<SignalView> history(String definition, Integer limit) {
        int n = io.keel.common.QueryParams.limit("limit", limit, 30, 1000);
        return QuarkusTransaction.requiringNew().call(() -> store.history(definition, n).stream().map(this::view).toList());
    }

    public List<SignalView> latestOfActive() {
        return QuarkusTransaction.requiringNew().call(() -> store.latestOfActive().stream().map(this::view).toList());
    }

    private SignalView view(SignalStore.Row r) {
        try {
            return new SignalView(r.definition(), r.version(), r.status(), r.asOf(), r.nextSession(), r.rebalance(),
                    mapper.readTree(r.weights()), r.leverage(), mapper.readTree(r.diagnostics()), r.snapshotId(), r.dataAsOf(),
                    r.expectedAsOf(), r.reason(), r.createdAt());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
