package io.keel.engine.calc;

import io.keel.engine.definition.ExposureLimits;
import io.keel.engine.definition.Holding;
import io.keel.engine.definition.SeriesStart;
import io.keel.spi.Overlay;
import io.keel.spi.RebalanceContext;
import io.keel.spi.WeightAdjuster;
import io.keel.spi.WeightAdjustment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link ResolvedBacktest}. Pure: the same resolved backtest always gives the same result.
 *
 * <p>Per day t (a row of the series), in this order:
 * <ol>
 *   <li>base weights {@code b[t]}: the targets of a rebalance that applies on t, else the previous
 *       day's weights drifted with prices ({@link Holding#DRIFT}) or kept ({@link Holding#CONSTANT});</li>
 *   <li>base return {@code sum(b r) + (1 - sum b) * cash};</li>
 *   <li>exposure {@code L[t]}: product of the exposure overlays' factors, each decided at the close of
 *       row {@code t - executionLag} from base returns up to that row and the portfolio's own returns
 *       up to {@code t - 1}; then clipped to the exposure limits;</li>
 *   <li>turnover: {@code sum |L b - w_before|}, where {@code w_before} is yesterday's effective
 *       weights drifted with prices (DRIFT) or as they were (CONSTANT); costs from cost overlays;</li>
 *   <li>portfolio return {@code L sum(b r) + (1 - L sum b) * cash - cost}.</li>
 * </ol>
 * Costs are taken pro rata from every holding (as if a sliver of each were sold), so paying them
 * does not by itself move weights or cause further trades. Cash earns (and borrowing pays) the
 * definition's {@code cashRate}.
 * Target weights decided at row d use asset returns up to d only and apply from the rebalance
 * event's application row (d + executionLag for the correct calendar).
 *
 * <p>The days are computed in passes that give exactly the values of the order above: the base
 * portfolio (1, 2), which no overlay changes; the factors of the exposure trackers that read base
 * returns only, for all days (3); then the overlaid portfolio (3 for the other trackers, 4, 5). Where
 * the weights do not change over a stretch of days, a pass runs asset by asset over the stretch's
 * days with each day's sums in the same order as day by day (see {@code DailyLoop}).
 */
public final class BacktestCalculator {

    private BacktestCalculator() {
    }

    public static BacktestResult calculate(ResolvedBacktest rb) {
        Decisions decisions = decisions(rb);
        DailyLoop.Days days = days(rb, decisions, false);
        Signal next = nextSession(rb, days.lastWeights(), days.lastBaseGrowth(), days.base(), decisions.adjusters, days.exposures(),
                decisions.rolling);
        return assemble(rb, days, decisions.plan.decided, next);
    }

    /**
     * The rebalance decisions of {@code rb} (its weight scheme and weight overlays at every scheduled rebalance), to
     * share between backtests that differ only in what comes after them: exposure and cost overlays, exposure limits,
     * cash rate, holding and series start ({@link #outcome}). The same decisions {@link #calculate} takes.
     */
    public static Decisions decisions(ResolvedBacktest rb) {
        List<ResolvedBacktest.Configured<Overlay>> weightOverlays = stage(rb, Overlay.Stage.WEIGHTS);
        final RollingCovariance rolling = rb.rows() > 1 ? new RollingCovariance(rb.returns(), 1) : null;
        // the weight overlays' adjusters, bound to their parameters once for the backtest and its signal
        List<Adjuster> adjusters = new ArrayList<>(weightOverlays.size());
        for (var o : weightOverlays) {
            WeightAdjuster adjuster = o.plugin().weightAdjuster(o.params(), rb.universe());
            if (adjuster == null) {
                throw new IllegalStateException("plugin '" + o.plugin().id() + "' answered null for its weight adjuster");
            }
            adjusters.add(new Adjuster(o.plugin(), adjuster));
        }
        // 1. rebalance decisions
        Plan plan = plan(rb, adjusters, rolling);
        return new Decisions(rb, plan, adjusters, rolling, weightOverlays);
    }

    /**
     * The daily passes of {@code rb} on shared {@code decisions} without the daily series and the next session's
     * signal: the summary {@link #calculate} gives and the overlaid portfolio's daily returns, the same doubles.
     *
     * @param decisions {@link #decisions} of a backtest resolved on the same prices with the same universe, dates,
     *                  rebalance schedule, weight scheme and weight overlays (checked); read only, so one
     *                  {@code Decisions} serves any number of calls on any threads
     * @throws IllegalArgumentException     when {@code decisions} were made for another schedule, scheme or data
     * @throws BacktestNotComputableException when the scheme never allocated (as {@link #calculate})
     */
    public static BacktestOutcome outcome(ResolvedBacktest rb, Decisions decisions) {
        decisions.requireFor(rb);
        DailyLoop.Days days = days(rb, decisions, true);
        int m = rb.rows() - days.first();
        double[] port = days.portfolio().values;
        return new BacktestOutcome(summary(rb, days, decisions.plan.decided), rb.dates(), days.first(),
                port.length == m ? port : java.util.Arrays.copyOf(port, m));
    }

    /** The overlays of {@code rb} that take part in {@code stage}, in definition order. */
    static List<ResolvedBacktest.Configured<Overlay>> stage(ResolvedBacktest rb, Overlay.Stage stage) {
        List<ResolvedBacktest.Configured<Overlay>> out = new ArrayList<>();
        for (var o : rb.overlays()) {
            if (o.plugin().stages().contains(stage)) {
                out.add(o);
            }
        }
        return out;
    }

    /** The daily loop of {@code rb} on {@code decisions}. */
    private static DailyLoop.Days days(ResolvedBacktest rb, Decisions decisions, boolean shareBase) {
        final int rows = rb.rows();
        final LocalDate[] dates = rb.dates();
        final var def = rb.definition();
        Plan plan = decisions.plan;
        // a series from the first return holds cash until the first allocation, so it exists without one (level61
        // with a schedule whose labels never trade, e.g. weeks ending on Sunday, holds cash throughout)
        if (plan.firstApply == Integer.MAX_VALUE && def.semantics().seriesStart() != SeriesStart.FIRST_RETURN) {
            throw new BacktestNotComputableException("the weight scheme '" + rb.scheme().plugin().id()
                    + "' never had enough history to allocate between " + dates[0] + " and " + dates[rows - 1]);
        }
        final int first = def.semantics().seriesStart() == SeriesStart.FIRST_RETURN ? 1 : plan.firstApply;

        // 2. daily loop
        var weights = stage(rb, Overlay.Stage.WEIGHTS);
        var exposure = stage(rb, Overlay.Stage.EXPOSURE);
        var costs = stage(rb, Overlay.Stage.COSTS);
        if (!shareBase) {
            return new DailyLoop(rb, first, plan.applyAt, weights, exposure, costs).run();
        }
        // the base pass of these decisions with this holding, cash rate and first row: run once, read by every outcome
        // (a bounded number of them: a sweep over cash rates runs its own base passes beyond the bound)
        List<Object> key = List.of(def.semantics().holding(), def.cashRate(), first);
        DailyLoop base = decisions.bases.get(key);
        if (base == null && decisions.bases.size() < Decisions.SHARED_BASES) {
            base = decisions.bases.computeIfAbsent(key,
                    k -> new DailyLoop(rb, first, plan.applyAt, weights, List.of(), List.of()).baseOnly());
        }
        return new DailyLoop(rb, first, plan.applyAt, weights, exposure, costs, base).run();
    }

    /**
     * Which decision applies from which row: {@code applyAt[row]} (null where none) decided at the close
     * of {@code decidedAt[row]}; {@code decided} application rows in all, the first at {@code firstApply}
     * ({@code Integer.MAX_VALUE} when the scheme never decided).
     */
    record Plan(Decision[] applyAt, int decided, int firstApply) {
    }

    /**
     * The rebalance decisions of the backtest. A scheme that uses no history, without weight overlays,
     * decides the same at every rebalance: it is asked once and every application row shares that one
     * decision.
     */
    private static Plan plan(ResolvedBacktest rb, List<Adjuster> weightOverlays,
                             RollingCovariance rolling) {
        final int rows = rb.rows();
        final int lag = rb.definition().semantics().executionLag();
        final Decider decider = new Decider(rb, weightOverlays, rolling);
        Decision[] applyAt = new Decision[rows];
        int[] decidedAt = new int[rows];
        int decided = 0;
        int firstApply = Integer.MAX_VALUE;
        if (rb.definition().rebalance().initial()) {
            // the first close at which the scheme can decide; later scheduled decisions override it
            for (int d = 0; d < rows; d++) {
                int a = Math.max(d + lag, 1);
                if (a >= rows) {
                    break;
                }
                Decision dec = decider.decide(d);
                if (dec != null) {
                    applyAt[a] = dec;
                    decidedAt[a] = d;
                    decided++;
                    firstApply = a;
                    break;
                }
            }
        }
        // the scheduled decisions are independent of each other (each sees only its own history), so the
        // scheme is asked for all of them at once (a scheme without history: once, its answer holds for
        // all); an application row keeps the latest decision for it
        List<RebalanceSchedule.Event> asked = rb.schedule();
        Decision[] decisions = null;
        Decision always = null;
        if (decider.constant) {
            if (!asked.isEmpty()) {
                always = decider.decide(asked.get(0).decisionRow());
            }
        } else {
            asked = new ArrayList<>(rb.schedule().size());
            for (RebalanceSchedule.Event e : rb.schedule()) {
                if (!superseded(applyAt, decidedAt, e)) {
                    asked.add(e);
                }
            }
            decisions = decider.decide(asked);
        }
        for (int k = 0; k < asked.size(); k++) {
            RebalanceSchedule.Event e = asked.get(k);
            if (superseded(applyAt, decidedAt, e)) {
                continue;
            }
            Decision dec = decisions != null ? decisions[k] : always;
            if (dec != null) {
                if (applyAt[e.applyRow()] == null) {
                    decided++;
                }
                applyAt[e.applyRow()] = dec;
                decidedAt[e.applyRow()] = e.decisionRow();
                firstApply = Math.min(firstApply, e.applyRow());
            }
        }
        return new Plan(applyAt, decided, firstApply);
    }

    /**
     * The decision at the close of the last row for the next session: the rebalance (if the calendar
     * has one due at that close), else the current weights carried forward, and every exposure
     * overlay's factor from data up to and including the last row (the same trackers as the daily
     * loop, fed the base returns still missing: what the loop would decide for one more day).
     */
    private static Signal nextSession(ResolvedBacktest rb, double[] b, double baseGrowth, RunningSeries baseRun,
                                      List<Adjuster> weightOverlays,
                                      Exposures exposures, RollingCovariance rolling) {
        int t = rb.rows() - 1;
        LocalDate[] dates = rb.dates();
        LocalDate nextDate = RebalanceSchedule.nextSession(dates[t]);
        boolean due = RebalanceSchedule.isDecisionRow(dates, t, nextDate, rb.definition().rebalance());
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        Decision dec = due ? decide(rb, t, weightOverlays, rolling) : null;
        double[] weights;
        if (dec != null) {
            weights = dec.weights;
            int k = 0;
            for (var o : weightOverlays) {
                for (String name : o.plugin().diagnostics()) {
                    diagnostics.put(name, dec.diagnostics[k++]);
                }
            }
        } else if (rb.definition().semantics().holding() == Holding.DRIFT) {
            weights = new double[b.length];
            for (int a = 0; a < b.length; a++) {
                weights[a] = b[a] * rb.growth()[t][a] / baseGrowth;
            }
        } else {
            weights = b.clone();
        }
        double lev = 1.0;
        if (exposures.trackers.length > 0) {
            exposures.feedBase(baseRun, baseRun.size);
            lev = exposures.factor(0, -1, nextDate, 1.0);
            for (int k = 0; k < exposures.trackers.length; k++) {
                List<String> names = exposures.names[k];
                for (int c = 0; c < names.size(); c++) {
                    diagnostics.put(names.get(c), exposures.values[k][c]);
                }
            }
            ExposureLimits limits = rb.definition().exposureLimits();
            if (limits != null) {
                lev = Math.min(limits.max(), Math.max(limits.min(), lev));
            }
        }
        Map<String, Double> byAsset = new LinkedHashMap<>();
        for (int a = 0; a < weights.length; a++) {
            byAsset.put(rb.universe().symbols().get(a), weights[a]);
        }
        return new Signal(dates[t], nextDate, dec != null, byAsset, lev, diagnostics);
    }

    /** Whether the event's application row already has a decision taken at the same or a later close. */
    private static boolean superseded(Decision[] applyAt, int[] decidedAt, RebalanceSchedule.Event e) {
        return applyAt[e.applyRow()] != null && decidedAt[e.applyRow()] >= e.decisionRow();
    }

    /** A weight overlay with its adjuster for one backtest. */
    record Adjuster(Overlay plugin, WeightAdjuster adjuster) {
    }

    /** Target weights decided at a close: scheme then weight overlays. Never written after it is made. */
    record Decision(double[] weights, double[] diagnostics) {
    }

    /**
     * Rebalance decisions of one backtest; remembers the answer of a scheme that uses no history. Benefit,
     * measured: level73 (static buckets, rebalanced daily) 1.18 -> 0.82 ms (commit 5d11cd8). Equivalence:
     * {@code BacktestCalculatorTest.aSchemeWithoutHistory_askedOnce_givesTheBacktestOfOneAskedAtEveryRebalance}.
     */
    private static final class Decider {
        private final ResolvedBacktest rb;
        private final List<Adjuster> weightOverlays;
        private final RollingCovariance rolling;
        final boolean constant;
        private boolean memoised;
        private Decision memo;

        Decider(ResolvedBacktest rb, List<Adjuster> weightOverlays, RollingCovariance rolling) {
            this.rb = rb;
            this.weightOverlays = weightOverlays;
            this.rolling = rolling;
            this.constant = !rb.scheme().plugin().usesHistory() && weightOverlays.isEmpty();
        }

        /** The decision at the close of row {@code d}; null when the scheme cannot decide yet. */
        Decision decide(int d) {
            if (!constant) {
                return BacktestCalculator.decide(rb, d, weightOverlays, rolling);
            }
            if (!memoised) {
                memo = BacktestCalculator.decide(rb, d, weightOverlays, rolling);
                memoised = true;
            }
            // shared by every application row: the daily loop only copies from it
            return memo;
        }

        /** The decisions at the events' decision rows, in their order (null where none), from one call of a scheme with history. */
        Decision[] decide(List<RebalanceSchedule.Event> events) {
            Decision[] out = new Decision[events.size()];
            if (events.isEmpty()) {
                return out;
            }
            List<RebalanceContext> contexts = new ArrayList<>(events.size());
            for (RebalanceSchedule.Event e : events) {
                contexts.add(context(rb, e.decisionRow(), rolling));
            }
            var scheme = rb.scheme();
            List<Optional<double[]>> targets = scheme.plugin().targetWeights(contexts, scheme.params());
            if (targets == null || targets.size() != contexts.size()) {
                throw new IllegalStateException("plugin '" + scheme.plugin().id() + "' answered "
                        + (targets == null ? "null" : targets.size()) + " decisions for " + contexts.size() + " dates");
            }
            for (int k = 0; k < contexts.size(); k++) {
                out[k] = adjusted(rb, contexts.get(k), targets.get(k), weightOverlays);
            }
            return out;
        }
    }

    /** What the plugins may know at the close of row {@code d}: asset returns of rows 1..d. */
    private static RebalanceContext context(ResolvedBacktest rb, int d, RollingCovariance rolling) {
        var history = Views.assetReturns(rb.dates(), rb.returns(), rb.returnKind(), 1, d, rolling);
        return new RebalanceContext(rb.dates()[d], rb.universe(), history);
    }

    private static Decision decide(ResolvedBacktest rb, int d,
                                   List<Adjuster> weightOverlays,
                                   RollingCovariance rolling) {
        RebalanceContext ctx = context(rb, d, rolling);
        var scheme = rb.scheme();
        List<Optional<double[]>> target = scheme.plugin().targetWeights(List.of(ctx), scheme.params());
        if (target == null || target.size() != 1) {
            throw new IllegalStateException("plugin '" + scheme.plugin().id() + "' answered "
                    + (target == null ? "null" : target.size()) + " decisions for 1 date");
        }
        return adjusted(rb, ctx, target.get(0), weightOverlays);
    }

    /** The scheme's target at {@code ctx} (checked), then the weight overlays in order; null without a target. */
    private static Decision adjusted(ResolvedBacktest rb, RebalanceContext ctx, Optional<double[]> target,
                                     List<Adjuster> weightOverlays) {
        int n = rb.universe().size();
        var scheme = rb.scheme();
        if (target == null || target.isEmpty()) {
            return null;
        }
        double[] w = checked(target.get(), n, scheme.plugin().id(), ctx.decisionDate());
        int count = 0;
        for (var o : weightOverlays) {
            count += o.plugin().diagnostics().size();
        }
        double[] dg = new double[count];
        int k = 0;
        for (var o : weightOverlays) {
            WeightAdjustment adj = o.adjuster().adjust(ctx, w.clone());
            w = checked(adj.weights(), n, o.plugin().id(), ctx.decisionDate());
            int declared = o.plugin().diagnostics().size();
            for (int c = 0; c < declared; c++) {
                dg[k++] = c < adj.diagnostics().length ? adj.diagnostics()[c] : Double.NaN;
            }
        }
        return new Decision(w, dg);
    }

    private static double[] checked(double[] w, int n, String plugin, LocalDate date) {
        if (w == null || w.length != n) {
            throw new IllegalStateException("plugin '" + plugin + "' returned " + (w == null ? "null" : w.length)
                    + " weights on " + date + ", expected " + n);
        }
        for (double x : w) {
            if (!Double.isFinite(x)) {
                throw new IllegalStateException("plugin '" + plugin + "' returned a non-finite weight on " + date);
            }
        }
        return w.clone();
    }

    private static BacktestResult assemble(ResolvedBacktest rb, DailyLoop.Days days, int rebalances, Signal next) {
        int rows = rb.rows();
        int first = days.first();
        int m = rows - first;
        int n = rb.universe().size();
        List<String> syms = rb.universe().symbols();
        double[] lev = days.leverage();
        double[] turnover = days.turnover();
        double[] cost = days.cost();
        // prices and returns are the resolved backtest's own columns from row first on, shared, not copied
        LinkedHashMap<String, DailySeries.Column> cols = new LinkedHashMap<>();
        for (int a = 0; a < n; a++) {
            cols.put("price_" + syms.get(a), new DailySeries.Column.Dense(rb.priceColumns()[a], first));
        }
        for (int a = 0; a < n; a++) {
            cols.put("ret_" + syms.get(a), new DailySeries.Column.Dense(rb.returnColumns()[a], first));
        }
        for (int a = 0; a < n; a++) {
            cols.put("w_" + syms.get(a), days.weightColumns().get(a));
        }
        cols.put("base_ret", new DailySeries.Column.Dense(days.base().values, 0));
        cols.put("leverage", new DailySeries.Column.Dense(lev, 0));
        cols.put("port_ret", new DailySeries.Column.Dense(days.portfolio().values, 0));
        cols.put("turnover", new DailySeries.Column.Dense(turnover, 0));
        cols.put("cost", new DailySeries.Column.Dense(cost, 0));
        cols.put("base_equity", new DailySeries.Column.Dense(days.base().equity, 0));
        cols.put("port_equity", new DailySeries.Column.Dense(days.portfolio().equity, 0));
        cols.put("port_drawdown", new DailySeries.Column.Dense(days.portfolio().drawdown, 0));
        for (var e : days.diagnostics().entrySet()) {
            cols.put(e.getKey(), new DailySeries.Column.Dense(e.getValue(), 0));
        }
        DailySeries series = DailySeries.sharing(rb.dates(), first, m, cols);
        return new BacktestResult(series, summary(rb, days, rebalances), next);
    }

    /** The summary of the days: the portfolios' figures, leverage, turnover and costs. */
    private static BacktestSummary summary(ResolvedBacktest rb, DailyLoop.Days days, int rebalances) {
        int rows = rb.rows();
        int first = days.first();
        int m = rows - first;
        double[] lev = days.leverage();
        double[] turnover = days.turnover();
        double[] cost = days.cost();
        double levSum = 0;
        double levMax = 0;
        double toSum = 0;
        double costSum = 0;
        for (int i = 0; i < m; i++) {
            levSum += lev[i];
            levMax = Math.max(levMax, lev[i]);
            toSum += turnover[i];
            costSum += cost[i];
        }
        return new BacktestSummary(rb.definition(), rb.dates()[first], rb.dates()[rows - 1], m, rebalances,
                days.base().stats(), days.portfolio().stats(), levSum / m, levMax,
                toSum / m * PerformanceStats.DAYS_PER_YEAR, costSum);
    }
}
