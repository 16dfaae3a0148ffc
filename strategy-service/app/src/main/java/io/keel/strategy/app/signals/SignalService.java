package io.keel.strategy.app.signals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.calendar.TradingCalendar;
import io.keel.common.DatabaseFailures;
import io.keel.common.ProblemException;
import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.engine.calc.Signal;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.strategy.app.marketdata.MarketDataException;
import io.keel.strategy.app.marketdata.ReferencePrices;
import io.keel.strategy.app.runs.BacktestRunner;
import io.keel.strategy.app.runs.RunExecutor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Daily rebalance signals of active definitions: for each, the engine's decision at the last close
 * of the {@code latest} snapshot for the next session, stored once per definition, version and close
 * (whatever the data's age) with the closes of that day from the same snapshot (the orders' reference
 * prices). Served with its freshness judged against the trading day expected now (one NYSE calendar):
 * {@code FRESH}, or {@code STALE} with the data's last date, the expected day, how many trading days
 * behind and why; a STALE signal keeps its weights and leverage. An active definition without a
 * signal of its current version gets one computed when it is first asked for, so every active
 * definition with data has a latest signal. After a signal is stored or found, the portfolios
 * following the definition get their orders ({@link SignalFollowers}).
 */
@ApplicationScoped
public class SignalService {

    private static final Logger LOG = Logger.getLogger(SignalService.class);

    /**
     * What one firing of the job did.
     *
     * @param emitted     signals newly stored (FRESH or STALE)
     * @param stale       active definitions whose latest signal is STALE after the firing
     * @param unchanged   definitions whose signal for their latest close was already stored
     * @param failed      definitions that could not be computed (see {@code definitions})
     * @param definitions one line per active definition: its signal's freshness, or the error
     *                    (empty, with {@code jobRunId} 0, when another firing had already taken this tick)
     */
    public record JobOutcome(long jobRunId, LocalDate expectedAsOf, int emitted, int stale, int unchanged, int failed,
                             List<DefinitionOutcome> definitions) {
    }

    /**
     * One definition's outcome in a job firing.
     *
     * @param stored            NEW (stored by this firing), EXISTING (already stored) or FAILED
     * @param status            FRESH or STALE (null when FAILED)
     * @param tradingDaysBehind sessions the data is behind the expected day
     * @param detail            the staleness reason, or the error of a FAILED one
     */
    public record DefinitionOutcome(String definition, int version, String stored, String status, LocalDate asOf,
                                    int tradingDaysBehind, String detail) {
    }

    /**
     * A signal as served by the API.
     *
     * @param status            {@code FRESH}, or {@code STALE}: the data ends before the expected trading day; the
     *                          weights and leverage are still those decided at {@code asOf}'s close (in a history,
     *                          judged when the signal was computed; in a latest signal, judged now)
     * @param asOf              last close of the data, which the signal was decided at
     * @param nextSession       the NYSE session the weights are for
     * @param rebalance         whether a rebalance was due at that close (otherwise current weights carried forward)
     * @param weights           target base weights by symbol (fractions of the portfolio's net asset value, before leverage)
     * @param leverage          exposure multiplier for the next session (1 = fully invested, 1.5 = 150% gross exposure)
     * @param diagnostics       overlay state behind it (e.g. vol_ann, drawdown, risk_off), NaN as null
     * @param snapshotId        market-data snapshot used
     * @param dataAsOf          last date of the data (= asOf)
     * @param expectedAsOf      the trading day whose close the data should hold (now, or when computed for a history)
     * @param tradingDaysBehind NYSE sessions after {@code dataAsOf} up to {@code expectedAsOf} (0 when FRESH)
     * @param reason            why it is STALE, in words (null when FRESH)
     * @param prices            close of {@code asOf} by symbol from the same snapshot (currency per share)
     */
    public record SignalView(String definition, int version, String status, LocalDate asOf, LocalDate nextSession,
                             Boolean rebalance, JsonNode weights, Double leverage, JsonNode diagnostics, Long snapshotId,
                             LocalDate dataAsOf, LocalDate expectedAsOf, int tradingDaysBehind, String reason,
                             JsonNode prices, OffsetDateTime createdAt) {
    }

    @Inject
    SignalStore store;

    @Inject
    BacktestRunner runner;

    @Inject
    ReferencePrices referencePrices;

    @Inject
    RunExecutor executor;

    @Inject
    SignalClock clock;

    @Inject
    Event<SignalEvent> events;

    @Inject
    ObjectMapper mapper;

    @Inject
    Instance<SignalFollowers> followers;

    /** The exchange calendar signals are judged by. */
    public TradingCalendar calendar() {
        return clock.calendar();
    }

    /** The trading day whose close the data should hold now (or the configured override). */
    public LocalDate expectedAsOf() {
        return clock.expectedAsOf();
    }

    /** One firing of the daily job for the trading day expected now. */
    public JobOutcome runDaily(Instant scheduledFireTime) {
        return run(expectedAsOf(), scheduledFireTime);
    }

    /**
     * Computes and stores the signal of every active definition whose latest stored signal is older
     * than {@code expected}, then lets the following portfolios get their orders. Idempotent: a
     * definition whose current version has a signal at or after {@code expected} is not recomputed, and
     * a signal is stored once per definition, version and close.
     */
    public JobOutcome run(LocalDate expected, Instant scheduledFireTime) {
        String node = executor.node();
        long jobRun;
        try {
            jobRun = QuarkusTransaction.requiringNew().call(() -> store.startJobRun(scheduledFireTime, node, expected));
        } catch (RuntimeException e) {
            if (scheduledFireTime != null && DatabaseFailures.isUniqueViolation(e)) {
                // Quartz's cluster fires a tick at least once: a node it briefly took for dead (no check-in
                // in time on a loaded machine) has its in-flight trigger recovered and fired again by another.
                // The unique index on the tick (V13) makes the first firing the only one.
                LOG.infof("daily signals tick %s already taken by another firing; %s skips it", scheduledFireTime, node);
                return new JobOutcome(0, expected, 0, 0, 0, 0, List.of());
            }
            throw e;
        }
        List<SignalStore.Active> active = QuarkusTransaction.requiringNew().call(store::activeDefinitions);
        int emitted = 0;
        int stale = 0;
        int unchanged = 0;
        int failed = 0;
        List<DefinitionOutcome> lines = new ArrayList<>();
        for (SignalStore.Active a : active) {
            try {
                Ensured e = ensure(a, expected, jobRun);
                Freshness f = Freshness.judge(e.row().asOf(), expected, clock.calendar());
                if (e.created()) {
                    emitted++;
                    events.fire(new SignalEvent(SignalEvent.Kind.EMITTED, a.name()));
                } else {
                    unchanged++;
                }
                if (f.stale()) {
                    stale++;
                    events.fire(new SignalEvent(SignalEvent.Kind.STALE, a.name()));
                    LOG.warnf("signal %s: STALE, %s", a.name(), f.reason());
                }
                lines.add(new DefinitionOutcome(a.name(), a.version(), e.created() ? "NEW" : "EXISTING", f.status(), e.row().asOf(),
                        f.tradingDaysBehind(), f.reason()));
                follow(e.row());
            } catch (RuntimeException ex) {
                failed++;
                events.fire(new SignalEvent(SignalEvent.Kind.FAILED, a.name()));
                LOG.errorf(ex, "signal %s for %s failed", a.name(), expected);
                lines.add(new DefinitionOutcome(a.name(), a.version(), "FAILED", null, null, 0, String.valueOf(ex.getMessage())));
            }
        }
        int fe = emitted;
        int fs = stale;
        int fu = unchanged;
        int ff = failed;
        QuarkusTransaction.requiringNew().run(() -> store.finishJobRun(jobRun, fe, fs, fu, ff));
        events.fire(new SignalEvent(SignalEvent.Kind.CHANGED, null));
        LOG.infof("daily signals for %s on %s: %d new, %d stale, %d unchanged, %d failed", expected, node, fe, fs, fu, ff);
        return new JobOutcome(jobRun, expected, fe, fs, fu, ff, List.copyOf(lines));
    }

    /** A definition's signal for its latest close, and whether this call stored it. */
    record Ensured(SignalStore.Row row, boolean created) {
    }

    /**
     * The signal of {@code a}'s current version at or after {@code expected} if one is stored, else
     * the signal computed now on the latest snapshot (stored unless an identical decision exists).
     */
    private Ensured ensure(SignalStore.Active a, LocalDate expected, Long jobRun) {
        Optional<SignalStore.Row> existing = QuarkusTransaction.requiringNew().call(() -> store.latest(a.id(), a.version()));
        if (existing.isPresent() && !existing.get().asOf().isBefore(expected)) {
            return new Ensured(existing.get(), false);
        }
        SignalStore.NewSignal s = compute(a, expected, jobRun);
        Optional<Long> id = QuarkusTransaction.requiringNew().call(() -> store.insert(s));
        SignalStore.Row row = QuarkusTransaction.requiringNew().call(() -> store.find(a.id(), a.version(), s.asOf()))
                .orElseThrow(() -> new IllegalStateException("signal of " + a.name() + " at " + s.asOf() + " not found after storing it"));
        return new Ensured(row, id.isPresent());
    }

    private SignalStore.NewSignal compute(SignalStore.Active a, LocalDate expected, Long jobRun) {
        BacktestDefinition d = DefinitionJson.parse(a.body());
        // the live signal ignores the definition's end date: it is decided at the latest close
        BacktestDefinition live = new BacktestDefinition(d.name(), d.description(), d.universe(), d.groups(), d.start(), null,
                d.rebalance(), d.weightScheme(), d.overlays(), d.exposureLimits(), d.cashRate(), d.semantics(), d.seedScript());
        BacktestRunner.Outcome out = runner.run(live, "latest");
        Signal sig = out.result().next();
        long snapshot = out.prices().snapshotId();
        TreeSet<String> symbols = new TreeSet<>(d.universe());
        symbols.addAll(heldSymbols(a.id()));
        Map<String, BigDecimal> closes = referencePrices.closes(List.copyOf(symbols), sig.asOf(), snapshot);
        Freshness f = Freshness.judge(sig.asOf(), expected, clock.calendar());
        return new SignalStore.NewSignal(a.id(), a.version(), sig.asOf(), sig.nextSession(), "EMITTED", sig.rebalance(),
                json(new TreeMap<>(sig.weights())), sig.leverage(), json(finite(sig.diagnostics())), snapshot,
                sig.asOf(), expected, f.reason(), jobRun, json(closes));
    }

    private List<String> heldSymbols(long definitionId) {
        List<String> out = new ArrayList<>();
        for (SignalFollowers f : followers) {
            out.addAll(f.heldSymbols(definitionId));
        }
        return out;
    }

    /** Lets the portfolios following the signal's definition get their orders; a failure there is logged, not the signal's. */
    private void follow(SignalStore.Row row) {
        for (SignalFollowers f : followers) {
            try {
                f.signalReady(row);
            } catch (RuntimeException e) {
                LOG.errorf(e, "orders for signal %d of %s failed", row.id(), row.definition());
            }
        }
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

    /**
     * The latest signal of an active definition's current version, computed now if it has none yet.
     *
     * @throws ProblemException 404 when there is nothing to compute (no such definition, not active, no
     *                          market data for its universe), saying which; 503 when market data is unavailable
     */
    public SignalView latest(String definition) {
        SignalStore.Row row = latestRow(definition);
        return view(row, Freshness.judge(row.asOf(), expectedAsOf(), clock.calendar()));
    }

    /** As {@link #latest} but the stored row (for the portfolios' orders). */
    public SignalStore.Row latestRow(String definition) {
        SignalStore.Head h = QuarkusTransaction.requiringNew().call(() -> store.definition(definition))
                .orElseThrow(() -> ProblemException.notFound("no definition named '" + definition + "'"));
        if (!h.active()) {
            throw ProblemException.notFound("definition '" + definition + "' is not active: only active definitions get daily "
                    + "signals (PUT /api/v1/definitions/" + definition + "/active {\"active\": true})");
        }
        Optional<SignalStore.Row> row = QuarkusTransaction.requiringNew().call(() -> store.latest(h.id(), h.version()));
        if (row.isPresent()) {
            return row.get();
        }
        try {
            Ensured e = ensure(h.asActive(), expectedAsOf(), null);
            if (e.created()) {
                events.fire(new SignalEvent(SignalEvent.Kind.EMITTED, definition));
                events.fire(new SignalEvent(SignalEvent.Kind.CHANGED, null));
            }
            follow(e.row());
            return e.row();
        } catch (MarketDataException e) {
            if (e.notFound()) {
                throw ProblemException.notFound("no signal for definition '" + definition + "': market data has no prices for its "
                        + "universe in the latest snapshot (" + e.getMessage() + ")");
            }
            throw ProblemException.unavailable("market data is unavailable, the signal of '" + definition + "' cannot be computed; "
                    + "retry later", 5);
        } catch (InvalidDefinitionException e) {
            throw ProblemException.notFound("no signal for definition '" + definition + "': it cannot be computed on the latest "
                    + "snapshot's data: " + e.violations());
        }
    }

    public List<SignalView> history(String definition, Integer limit) {
        int n = io.keel.common.QueryParams.limit("limit", limit, 30, 1000);
        return QuarkusTransaction.requiringNew().call(() -> {
            if (store.definition(definition).isEmpty()) {
                throw ProblemException.notFound("no definition named '" + definition + "'");
            }
            return store.history(definition, n).stream()
                    .map(r -> view(r, Freshness.judge(r.asOf(), r.expectedAsOf() == null ? r.asOf() : r.expectedAsOf(), clock.calendar())))
                    .toList();
        });
    }

    /**
     * The latest signal of every active definition, freshness judged now; an active definition without a
     * signal of its current version gets one computed (those that cannot be computed are left out and logged).
     */
    public List<SignalView> latestOfActive() {
        LocalDate expected = expectedAsOf();
        List<SignalStore.Row> rows = new ArrayList<>(QuarkusTransaction.requiringNew().call(store::latestOfActive));
        List<SignalStore.Active> active = QuarkusTransaction.requiringNew().call(store::activeDefinitions);
        for (SignalStore.Active a : active) {
            if (rows.stream().noneMatch(r -> r.definitionId() == a.id())) {
                try {
                    rows.add(latestRow(a.name()));
                } catch (RuntimeException e) {
                    LOG.warnf("no latest signal for active definition %s: %s", a.name(), e.getMessage());
                }
            }
        }
        rows.sort(java.util.Comparator.comparing(SignalStore.Row::definition));
        return rows.stream().map(r -> view(r, Freshness.judge(r.asOf(), expected, clock.calendar()))).toList();
    }

    private SignalView view(SignalStore.Row r, Freshness f) {
        try {
            return new SignalView(r.definition(), r.version(), f.status(), r.asOf(), r.nextSession(), r.rebalance(),
                    mapper.readTree(r.weights()), r.leverage(), mapper.readTree(r.diagnostics()), r.snapshotId(), r.asOf(),
                    f.expectedAsOf(), f.tradingDaysBehind(), f.reason(), mapper.readTree(r.prices()), r.createdAt());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
