package io.keel.engine.sweep;

import io.keel.engine.calc.BacktestCalculator;
import io.keel.engine.calc.BacktestNotComputableException;
import io.keel.engine.calc.BacktestOutcome;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.Decisions;
import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.engine.calc.ResolvedBacktest;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.PluginRef;
import io.keel.engine.plugin.PluginRegistry;
import io.keel.result.metrics.PeriodMoments;
import io.keel.spi.Overlay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs the variants of a sweep on one set of prices, sharing what variants have in common.
 *
 * <p><b>Sharing.</b> Variants with the same universe, dates, alignment and return kind share the aligned prices and
 * returns (resolved once, {@link BacktestResolver#resolveSharing}); among those, variants that also share the
 * rebalance calendar, execution lag, groups, weight scheme and weight overlays (ids and parameters) share the
 * rebalance decisions — covariances and solves — computed once ({@link BacktestCalculator#decisions}); each variant
 * then costs its own daily passes only ({@link BacktestCalculator#outcome}). A variant's figures and moments are
 * bit for bit those of running its definition alone with {@link BacktestCalculator#calculate} ({@link #runOne}).
 *
 * <p><b>Threads and order.</b> Groups of variants sharing decisions, and the variants of a group, run side by side
 * on the common fork-join pool (both cores); each variant's result is a pure function of its definition and the
 * prices, so results do not depend on the number of threads or on scheduling. The sink is called once per variant,
 * from pool threads, never two calls at once (calls are serialised, so the sink need not be thread-safe), in no
 * particular order: sort by {@link VariantResult#index()} where order matters. {@link #run} returns after the last
 * call; an exception thrown by the sink stops the run and is rethrown by {@link #run}.
 *
 * <p><b>Memory.</b> Bounded whatever the number of variants: one data set's aligned prices at a time, the decisions
 * of the groups running at the moment, and each running variant's daily passes, dropped once reduced to its
 * {@link VariantMetrics} and {@link PeriodMoments}; nothing is kept after the sink has it.
 *
 * <p><b>Failures.</b> A variant that cannot give a result on these prices (a symbol without prices, fewer than two
 * dates, a weight scheme that never has enough history, a plugin whose answer the engine refuses, a portfolio that
 * loses everything in a day) gets a {@link VariantResult} with the reason instead of figures; the sweep goes on.
 */
public final class SweepCalculator {

    private final PluginRegistry registry;
    private final BacktestResolver resolver;

    /** @param registry the plugins the variants were planned with ({@link SweepPlanner#plan}) */
    public SweepCalculator(PluginRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.resolver = new BacktestResolver(registry);
    }

    /**
     * Runs {@code variants} on {@code prices}, handing each result to {@code sink} as it is produced (see the class
     * comment for threads, order and memory).
     */
    public void run(List<Variant> variants, PriceHistory prices, Consumer<VariantResult> sink) {
        Objects.requireNonNull(sink, "sink");
        Object lock = new Object();
        Consumer<VariantResult> serial = r -> {
            synchronized (lock) {
                sink.accept(r);
            }
        };
        // data sets one after the other (one set of aligned prices in memory), their decision groups side by side
        for (List<Variant> data : groupBy(variants, SweepCalculator::dataKey).values()) {
            ResolvedBacktest shared;
            try {
                shared = resolver.resolve(data.get(0).definition(), prices);
            } catch (InvalidDefinitionException | BacktestNotComputableException e) {
                String why = reason(e);
                data.forEach(v -> serial.accept(VariantResult.failed(v.index(), v.values(), why)));
                continue;
            }
            List<List<Variant>> groups = new ArrayList<>(groupBy(data, this::decisionKey).values());
            groups.parallelStream().forEach(g -> runGroup(g, shared, serial));
        }
    }

    private void runGroup(List<Variant> group, ResolvedBacktest data, Consumer<VariantResult> sink) {
        Decisions decisions;
        ResolvedBacktest first;
        try {
            first = resolver.resolveSharing(group.get(0).definition(), data);
            decisions = BacktestCalculator.decisions(first);
        } catch (InvalidDefinitionException | IllegalStateException e) {
            String why = reason(e);
            group.forEach(v -> sink.accept(VariantResult.failed(v.index(), v.values(), why)));
            return;
        }
        (group.size() > 1 ? group.parallelStream() : group.stream())
                .forEach(v -> sink.accept(result(v, first, decisions)));
    }

    private VariantResult result(Variant v, ResolvedBacktest data, Decisions decisions) {
        BacktestOutcome outcome;
        try {
            outcome = BacktestCalculator.outcome(resolver.resolveSharing(v.definition(), data), decisions);
        } catch (InvalidDefinitionException | IllegalStateException e) {
            return VariantResult.failed(v.index(), v.values(), reason(e));
        }
        return reduce(v.index(), v.values(), outcome);
    }

    /** A variant's figures and moments from its outcome, or why there are none (a return at or below -100%). */
    static VariantResult reduce(int index, List<com.fasterxml.jackson.databind.JsonNode> values, BacktestOutcome outcome) {
        double[] r = outcome.portfolioReturns();
        for (int i = 0; i < r.length; i++) {
            if (!(r[i] > -1.0) || !Double.isFinite(r[i])) {
                return VariantResult.failed(index, values, "the portfolio's return on " + outcome.dates()[outcome.first() + i]
                        + " is " + r[i] + (r[i] <= -1.0 ? " (everything lost)" : "") + ": no figures");
            }
        }
        // the output rows' dates: the moments of port_ret from the series' first row, as of a single run's series
        java.time.LocalDate[] dates = Arrays.copyOfRange(outcome.dates(), outcome.first(), outcome.first() + r.length);
        PeriodMoments moments = PeriodMoments.of(dates, r, 0);
        return VariantResult.ok(index, values, VariantMetrics.of(outcome.summary(), r), moments);
    }

    /**
     * The full backtest of one variant (daily series, summary, next session's signal): exactly
     * {@link BacktestCalculator#calculate} of its definition resolved on {@code prices}; {@link VariantMetrics#of}
     * of it equals the variant's figures in {@link #run}.
     *
     * @throws InvalidDefinitionException     when a symbol has no prices or fewer than two dates remain
     * @throws BacktestNotComputableException when the weight scheme never has enough history
     */
    public BacktestResult runOne(Variant variant, PriceHistory prices) {
        return BacktestCalculator.calculate(resolver.resolve(variant.definition(), prices));
    }

    /** A failure in words: the definition's violations as {@code field: message}, else the exception's message. */
    private static String reason(RuntimeException e) {
        if (e instanceof InvalidDefinitionException ide) {
            return ide.violations().stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
        }
        return e.getMessage() == null ? "the backtest could not be computed" : e.getMessage();
    }

    private static <K> Map<K, List<Variant>> groupBy(List<Variant> variants, java.util.function.Function<Variant, K> key) {
        Map<K, List<Variant>> out = new LinkedHashMap<>();
        for (Variant v : variants) {
            out.computeIfAbsent(key.apply(v), k -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** What the aligned prices and returns depend on. */
    private static List<Object> dataKey(Variant v) {
        BacktestDefinition d = v.definition();
        return Arrays.asList(d.universe(), d.start(), d.end(), d.semantics().alignment(), d.semantics().returns());
    }

    /** What the rebalance decisions depend on besides the data (conservatively: parameters as written). */
    private List<Object> decisionKey(Variant v) {
        BacktestDefinition d = v.definition();
        List<PluginRef> weightOverlays = new ArrayList<>();
        for (PluginRef ref : d.overlays()) {
            if (registry.overlay(ref.id()).map(o -> o.stages().contains(Overlay.Stage.WEIGHTS)).orElse(true)) {
                weightOverlays.add(ref);
            }
        }
        return Arrays.asList(d.rebalance(), d.semantics().executionLag(), d.groups(), d.weightScheme(), weightOverlays);
    }
}
