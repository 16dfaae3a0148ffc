package io.keel.engine.calc;

import io.keel.engine.definition.ExposureLimits;
import io.keel.engine.definition.Holding;
import io.keel.engine.definition.SeriesStart;
import io.keel.spi.ExposureTracker;
import io.keel.spi.Overlay;
import io.keel.spi.RebalanceContext;
import io.keel.spi.WeightAdjustment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

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
        final int rows = rb.rows();
        final LocalDate[] dates = rb.dates();
        final var def = rb.definition();

        List<ResolvedBacktest.Configured<Overlay>> weightOverlays = new ArrayList<>();
        List<ResolvedBacktest.Configured<Overlay>> exposureOverlays = new ArrayList<>();
        List<ResolvedBacktest.Configured<Overlay>> costOverlays = new ArrayList<>();
        for (var o : rb.overlays()) {
            List<Overlay.Stage> stages = o.plugin().stages();
            if (stages.contains(Overlay.Stage.WEIGHTS)) {
                weightOverlays.add(o);
            }
            if (stages.contains(Overlay.Stage.EXPOSURE)) {
                exposureOverlays.add(o);
            }
            if (stages.contains(Overlay.Stage.COSTS)) {
                costOverlays.add(o);
            }
        }
        final RollingCovariance rolling = rows > 1 ? new RollingCovariance(rb.returns(), 1) : null;

        // 1. rebalance decisions
        Plan plan = plan(rb, weightOverlays, rolling);
        if (plan.firstApply == Integer.MAX_VALUE) {
            throw new IllegalStateException("the weight scheme '" + rb.scheme().plugin().id()
                    + "' never had enough history to allocate between " + dates[0] + " and " + dates[rows - 1]);
        }
        final int first = def.semantics().seriesStart() == SeriesStart.FIRST_RETURN ? 1 : plan.firstApply;

        // 2. daily loop
        DailyLoop loop = new DailyLoop(rb, first, plan.applyAt, weightOverlays, exposureOverlays, costOverlays);
        loop.run();
        Signal next = nextSession(rb, loop.b, loop.prevBaseGrowth, loop.baseRun, weightOverlays, loop.exposures, rolling);
        return assemble(rb, loop, plan.decided, next);
    }

    /**
     * Which decision applies from which row: {@code applyAt[row]} (null where none) decided at the close
     * of {@code decidedAt[row]}; {@code decided} application rows in all, the first at {@code firstApply}
     * ({@code Integer.MAX_VALUE} when the scheme never decided).
     */
    private record Plan(Decision[] applyAt, int decided, int firstApply) {
    }

    /**
     * The rebalance decisions of the backtest. A scheme that uses no history, without weight overlays,
     * decides the same at every rebalance: it is asked once and every application row shares that one
     * decision.
     */
    private static Plan plan(ResolvedBacktest rb, List<ResolvedBacktest.Configured<Overlay>> weightOverlays,
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
     * The days of one backtest (see the class comment for what a day does), as passes: {@link #base()},
     * {@link #exposuresAhead()}, {@link #overlaid()}; each a small method of its own so that the JIT
     * compiles its loop with the trackers inlined. Output columns are indexed by output row
     * {@code i = t - first}; the running series' return and equity arrays are the output's base_/port_
     * columns themselves. Nothing is allocated per day.
     */
    private static final class DailyLoop {
        final int first;
        final int rows;
        final int n;
        final int lag;
        final LocalDate[] dates;
        final double[][] growth;
        final boolean drift;
        final double cashDaily;
        final ExposureLimits limits;
        final Decision[] applyAt;
        final Exposures exposures;
        final DoubleUnaryOperator[] costs;
        /** Columns of the weight overlays' diagnostics in decision order; null where the overlay writes its column daily. */
        final double[][] weightDiag;
        /** Whether an overlay without a tracker reads views of the running series during the loop. */
        final boolean views;

        final RunningSeries baseRun;
        final RunningSeries portRun;
        final LinkedHashMap<String, double[]> diag = new LinkedHashMap<>();
        final double[] lev;
        final double[] turnover;
        final double[] cost;
        final double[][] weightCols;

        /** Returns column by column ({@code [asset][price row]}). */
        final double[][] retCols;
        /** Per output row: {@code sum(b r)} of the base weights. */
        final double[] grossAt;
        /**
         * The stretches of output rows in which the base weights do not change, in order: their first rows
         * and {@code sum b}; {@code stretches} of them.
         */
        int[] stretchStart = new int[16];
        double[] stretchSum = new double[16];
        int stretches;

        /** Base weights of the last day, and that day's base growth (for the next session's drift). */
        final double[] b;
        double prevBaseGrowth = 1.0;

        DailyLoop(ResolvedBacktest rb, int first, Decision[] applyAt,
                  List<ResolvedBacktest.Configured<Overlay>> weightOverlays,
                  List<ResolvedBacktest.Configured<Overlay>> exposureOverlays,
                  List<ResolvedBacktest.Configured<Overlay>> costOverlays) {
            var def = rb.definition();
            this.first = first;
            this.rows = rb.rows();
            this.n = rb.universe().size();
            this.lag = def.semantics().executionLag();
            this.dates = rb.dates();
            this.retCols = rb.returnColumns();
            this.growth = rb.growth();
            this.drift = def.semantics().holding() == Holding.DRIFT;
            this.cashDaily = Math.pow(1.0 + def.cashRate(), 1.0 / PerformanceStats.DAYS_PER_YEAR) - 1.0;
            this.limits = def.exposureLimits();
            this.applyAt = applyAt;
            final int m = rows - first;
            for (var o : rb.overlays()) {
                for (String name : o.plugin().diagnostics()) {
                    diag.put(name, new double[m]);
                }
            }
            // exposure overlays as trackers, made once per backtest with their parameters bound: the
            // overlay's own where it offers one, else the engine's, which asks exposure(context) every
            // day with views of the running series (only then do those keep running peaks and sums)
            final int ne = exposureOverlays.size();
            List<Optional<ExposureTracker>> offered = new ArrayList<>(ne);
            boolean views = false;
            for (var o : exposureOverlays) {
                Optional<ExposureTracker> tr = o.plugin().exposureTracker(o.params(), rb.universe());
                if (tr == null) {
                    throw new IllegalStateException("plugin '" + o.plugin().id() + "' answered null for its exposure tracker");
                }
                offered.add(tr);
                views |= tr.isEmpty();
            }
            this.views = views;
            this.baseRun = new RunningSeries(dates, first, m, false, views);
            this.portRun = new RunningSeries(dates, first, m, true, views);
            this.exposures = new Exposures(ne);
            for (int k = 0; k < ne; k++) {
                var o = exposureOverlays.get(k);
                List<String> names = o.plugin().diagnostics();
                exposures.ids[k] = o.plugin().id();
                exposures.names[k] = names;
                exposures.trackers[k] = offered.get(k).orElseGet(
                        () -> new ContextExposure(o.plugin(), o.params(), rb.universe(), baseRun, portRun, lag));
                exposures.values[k] = new double[names.size()];
                exposures.columns[k] = new double[names.size()][];
                for (int c = 0; c < names.size(); c++) {
                    exposures.columns[k][c] = diag.get(names.get(c));
                }
            }
            // a diagnostic is NaN where nothing writes it; the trackers' columns are written every day
            for (double[] col : diag.values()) {
                boolean daily = false;
                for (double[][] cols : exposures.columns) {
                    for (double[] c : cols) {
                        daily |= c == col;
                    }
                }
                if (!daily) {
                    Arrays.fill(col, Double.NaN);
                }
            }
            // the leading trackers that read base returns only are decided ahead of the portfolio
            while (exposures.ahead < ne && !exposures.trackers[exposures.ahead].usesPortfolioReturns()) {
                exposures.ahead++;
            }
            // cost overlays with their parameters bound once
            this.costs = new DoubleUnaryOperator[costOverlays.size()];
            for (int k = 0; k < costs.length; k++) {
                var o = costOverlays.get(k);
                costs[k] = o.plugin().costFunction(o.params());
            }
            List<double[]> weightDiagCols = new ArrayList<>();
            for (var o : weightOverlays) {
                boolean daily = o.plugin().stages().contains(Overlay.Stage.EXPOSURE);
                for (String name : o.plugin().diagnostics()) {
                    weightDiagCols.add(daily ? null : diag.get(name));
                }
            }
            this.weightDiag = weightDiagCols.toArray(new double[0][]);
            this.lev = new double[m];
            this.turnover = new double[m];
            this.cost = new double[m];
            this.weightCols = new double[n][m];
            this.grossAt = new double[m];
            this.b = new double[n];
        }

        void run() {
            base();
            exposuresAhead();
            overlaid();
        }

        /**
         * The factors of the trackers that are decided ahead ({@link Exposures#ahead}): tracker by tracker
         * over all days (each fed the base returns up to a day's decision row before it is asked for that
         * day), multiplied into {@code lev} in overlay order, which is the product day by day would give;
         * a short loop in which the CPU overlaps the days' divisions and square roots. When every tracker
         * is decided ahead, the product is the exposure: clipped to the limits here.
         */
        private void exposuresAhead() {
            final int m = rows - first;
            for (int k = 0; k < exposures.ahead; k++) {
                exposures.decideAll(k, baseRun, lag, dates, lev, k == 0);
            }
            if (exposures.trackers.length > 0 && exposures.ahead == exposures.trackers.length && limits != null) {
                for (int i = 0; i < m; i++) {
                    lev[i] = Math.min(limits.max(), Math.max(limits.min(), lev[i]));
                }
            }
        }

        /**
         * The exposure of row {@code t} when some trackers are asked day by day: the product of the
         * factors decided ahead, times those trackers' factors, decided at the close of row {@code t - lag}
         * (base returns up to that row fed first, and the portfolio's own up to t - 1), clipped to the limits.
         */
        private double exposure(int t) {
            final int i = t - first;
            exposures.feedBase(baseRun, t - lag - first + 1);
            double L = exposures.factor(exposures.ahead, i, dates[t], exposures.ahead > 0 ? lev[i] : 1.0);
            if (limits != null) {
                L = Math.min(limits.max(), Math.max(limits.min(), L));
            }
            return L;
        }

        /**
         * The base portfolio: weights, their columns and the base return. It depends on no overlay's
         * exposure, so it runs as a pass of its own. Decisions and drift are followed day by day; the
         * columns and returns are computed per stretch of days in which the weights do not change
         * ({@link #baseStretch}), each stretch's {@code sum b} kept for {@link #overlaid()}.
         */
        private void base() {
            final int n = this.n;
            final double[] b = this.b;
            final int m = rows - first;
            Decision held = null;
            double[] lastWeightDiag = null;
            int stretch = 0;
            for (int t = first; t < rows; t++) {
                final int i = t - first;
                Decision dec = applyAt[t];
                if (dec != null) {
                    lastWeightDiag = dec.diagnostics;
                    // with CONSTANT holding, a decision equal to the held one (a scheme without history
                    // asked once) leaves the weights as they are
                    if (drift || dec != held) {
                        baseStretch(stretch, i);
                        stretch = i;
                        System.arraycopy(dec.weights, 0, b, 0, n);
                        held = dec;
                    }
                } else if (t > first && drift) {
                    baseStretch(stretch, i);
                    stretch = i;
                    double[] g = growth[t - 1];
                    for (int a = 0; a < n; a++) {
                        b[a] = b[a] * g[a] / prevBaseGrowth;
                    }
                }
                if (drift) {
                    // the base portfolio's growth, by which tomorrow's weights drift
                    final double[] gt = growth[t];
                    double bsum = 0.0;
                    double baseGrowth = 0.0;
                    for (int a = 0; a < n; a++) {
                        bsum += b[a];
                        baseGrowth += b[a] * gt[a];
                    }
                    prevBaseGrowth = baseGrowth + (1.0 - bsum) * (1.0 + cashDaily);
                }
                if (lastWeightDiag != null) {
                    for (int k = 0; k < weightDiag.length && k < lastWeightDiag.length; k++) {
                        if (weightDiag[k] != null) {
                            weightDiag[k][i] = lastWeightDiag[k];
                        }
                    }
                }
            }
            baseStretch(stretch, m);
            baseRun.wrote(m);
            baseRun.complete();
        }

        /**
         * Output rows {@code [from, to)}, in which the base weights are {@link #b}: their columns, each
         * day's {@code sum(b r)} and base return {@code sum(b r) + (1 - sum b) * cash}. The sums are
         * accumulated asset by asset over the stretch's days: for every day the same additions in the same
         * order as a loop over the assets, in loops over days that the JIT vectorises.
         */
        private void baseStretch(int from, int to) {
            if (from >= to) {
                return;
            }
            final int n = this.n;
            final double[] b = this.b;
            double bsum = 0.0;
            for (int a = 0; a < n; a++) {
                bsum += b[a];
            }
            if (stretches == stretchStart.length) {
                stretchStart = Arrays.copyOf(stretchStart, 2 * stretches);
                stretchSum = Arrays.copyOf(stretchSum, 2 * stretches);
            }
            stretchStart[stretches] = from;
            stretchSum[stretches] = bsum;
            stretches++;
            final double[] gross = grossAt;
            if (to - from == 1) {
                double sum = 0.0;
                for (int a = 0; a < n; a++) {
                    weightCols[a][from] = b[a];
                    sum += b[a] * retCols[a][first + from];
                }
                gross[from] = sum;
            } else {
                for (int a = 0; a < n; a++) {
                    final double ba = b[a];
                    final double[] r = retCols[a];
                    Arrays.fill(weightCols[a], from, to, ba);
                    // gross starts at 0: the first asset's product is stored as it is, as 0 + x would be
                    for (int i = from; i < to; i++) {
                        gross[i] += ba * r[first + i];
                    }
                }
            }
            final double cash = (1.0 - bsum) * cashDaily;
            final double[] baseRet = baseRun.values;
            for (int i = from; i < to; i++) {
                baseRet[i] = gross[i] + cash;
            }
        }

        /**
         * The overlaid portfolio: exposure (the trackers fed in date order, see {@link ExposureTracker}),
         * turnover, costs and the portfolio's return. Stretch by stretch when every day's exposure is
         * known beforehand and the weights hold still within a stretch (CONSTANT holding); otherwise day
         * by day.
         */
        private void overlaid() {
            boolean known = exposures.ahead == exposures.trackers.length;
            if (known && !drift) {
                overlaidByStretch();
            } else {
                overlaidByDay();
            }
            portRun.complete();
        }

        /**
         * {@link #overlaid()} when the exposures are known and the weights {@code w} are constant within
         * a stretch: there yesterday's effective weights are {@code lev[i - 1] * w}, so each day's
         * turnover {@code sum |lev[i] w - lev[i - 1] w|} and return take the same operations as day by
         * day, computed asset by asset over the stretch's days (loops the JIT vectorises). A stretch's
         * first day starts from the effective weights the day before it ended with (none before the first day).
         */
        private void overlaidByStretch() {
            final int n = this.n;
            final int m = rows - first;
            final double cashDaily = this.cashDaily;
            if (exposures.trackers.length == 0) {
                Arrays.fill(lev, 1.0);
            }
            final double[] w = new double[n];
            final double[] before = new double[n];
            final double[] port = portRun.values;
            // lev a day later, levBefore[i] = lev[i - 1]: with the two in different arrays the JIT
            // vectorises the turnover loop below, which it does not for lev[i] and lev[i - 1] (JDK 17)
            final double[] levBefore = new double[m];
            System.arraycopy(lev, 0, levBefore, 1, m - 1);
            for (int s = 0; s < stretches; s++) {
                final int from = stretchStart[s];
                final int to = s + 1 < stretches ? stretchStart[s + 1] : m;
                final double bsum = stretchSum[s];
                for (int a = 0; a < n; a++) {
                    w[a] = weightCols[a][from];
                }
                double opening = 0.0;
                for (int a = 0; a < n; a++) {
                    opening += Math.abs(lev[from] * w[a] - before[a]);
                }
                turnover[from] = opening;
                for (int a = 0; a < n; a++) {
                    final double wa = w[a];
                    // turnover starts at 0: the first asset's term is stored as it is, as 0 + x would be
                    for (int i = from + 1; i < to; i++) {
                        turnover[i] += Math.abs(lev[i] * wa - levBefore[i] * wa);
                    }
                    before[a] = lev[to - 1] * wa;
                }
                if (costs.length > 0) {
                    for (int i = from; i < to; i++) {
                        double c = 0.0;
                        for (DoubleUnaryOperator f : costs) {
                            c += f.applyAsDouble(turnover[i]);
                        }
                        cost[i] = c;
                    }
                }
                for (int i = from; i < to; i++) {
                    port[i] = lev[i] * grossAt[i] + (1.0 - lev[i] * bsum) * cashDaily - cost[i];
                }
            }
            portRun.wrote(m);
        }

        /** {@link #overlaid()} day by day: trackers that read the portfolio's returns, or drifting weights. */
        private void overlaidByDay() {
            final int n = this.n;
            final int m = rows - first;
            final double cashDaily = this.cashDaily;
            // trackers that read the portfolio's own returns decide day by day, with its returns up to t - 1
            final boolean daily = exposures.ahead < exposures.trackers.length;
            final boolean decided = exposures.trackers.length > 0 && !daily;
            // base weights of the stretch; effective weights of today, and yesterday's as they were or
            // drifted to today (before the first day nothing is held: all 0)
            final double[] w = new double[n];
            double[] eff = new double[n];
            double[] before = new double[n];
            double prevPortGrowth = 1.0;
            for (int s = 0; s < stretches; s++) {
                final int end = s + 1 < stretches ? stretchStart[s + 1] : m;
                final double bsum = stretchSum[s];
                for (int a = 0; a < n; a++) {
                    w[a] = weightCols[a][stretchStart[s]];
                }
                for (int i = stretchStart[s]; i < end; i++) {
                    final int t = first + i;
                    final double L;
                    if (daily) {
                        L = exposure(t);
                        lev[i] = L;
                    } else if (decided) {
                        L = lev[i];
                    } else {
                        L = 1.0;
                        lev[i] = L;
                    }
                    if (drift && i > 0) {
                        double[] g = growth[t - 1];
                        for (int a = 0; a < n; a++) {
                            before[a] = before[a] * g[a] / prevPortGrowth;
                        }
                    }
                    double to = 0.0;
                    for (int a = 0; a < n; a++) {
                        double target = L * w[a];
                        to += Math.abs(target - before[a]);
                        eff[a] = target;
                    }
                    double c = 0.0;
                    for (DoubleUnaryOperator f : costs) {
                        c += f.applyAsDouble(to);
                    }
                    turnover[i] = to;
                    cost[i] = c;
                    double effSum = L * bsum;
                    double portRet = L * grossAt[i] + (1.0 - effSum) * cashDaily - c;
                    if (views) {
                        // the engine's trackers read the running figures as the loop goes
                        portRun.add(portRet);
                    } else {
                        portRun.put(portRet);
                    }
                    if (daily) {
                        exposures.feedPortfolio(dates[t], portRet);
                    }
                    if (drift) {
                        final double[] gt = growth[t];
                        double portGrowth = 0.0;
                        for (int a = 0; a < n; a++) {
                            portGrowth += eff[a] * gt[a];
                        }
                        // costs are paid pro rata from every holding, so they do not change tomorrow's weights
                        prevPortGrowth = portGrowth + (1.0 - effSum) * (1.0 + cashDaily);
                    }
                    double[] swap = before;
                    before = eff;
                    eff = swap;
                }
            }
        }
    }

    /**
     * The exposure overlays of one backtest as trackers, in overlay order, with their diagnostic columns.
     * Trackers {@code [0, ahead)} read base returns only and are decided for every day before the
     * portfolio ({@link #decideAll}); the others are fed and asked day by day. No allocation per day.
     */
    private static final class Exposures {
        final String[] ids;
        final List<String>[] names;
        final ExposureTracker[] trackers;
        /** Each tracker's diagnostics of its last answer, {@code [overlay][diagnostic]}. */
        final double[][] values;
        /** Output columns of each tracker's diagnostics, {@code [overlay][diagnostic][row]}. */
        final double[][][] columns;
        /** The leading trackers that do not use the portfolio's returns. */
        int ahead;
        /** Base returns fed so far to the trackers asked day by day (output rows {@code 0 .. baseFed - 1}). */
        int baseFed;

        @SuppressWarnings("unchecked")
        Exposures(int count) {
            ids = new String[count];
            names = new List[count];
            trackers = new ExposureTracker[count];
            values = new double[count][];
            columns = new double[count][][];
        }

        /**
         * Tracker {@code k}'s factor for every output row: fed the base returns up to each row's decision
         * row ({@code t - lag}) before it is asked for that row, then the rest; its diagnostics in their
         * columns; the factor stored in {@code product} ({@code first}) or multiplied into it.
         */
        void decideAll(int k, RunningSeries base, int lag, LocalDate[] dates, double[] product, boolean first) {
            final ExposureTracker tr = trackers[k];
            final double[] v = values[k];
            final double[][] cols = columns[k];
            final int m = base.size;
            int fed = 0;
            for (int i = 0; i < m; i++) {
                for (; fed <= i - lag; fed++) {
                    tr.addBaseReturn(dates[base.first + fed], base.values[fed]);
                }
                double f = ask(k, tr, v, dates[base.first + i]);
                product[i] = first ? f : product[i] * f;
                for (int c = 0; c < v.length; c++) {
                    cols[c][i] = v[c];
                }
            }
            for (; fed < m; fed++) {
                tr.addBaseReturn(dates[base.first + fed], base.values[fed]);
            }
        }

        /** Feeds the trackers asked day by day the base returns of output rows {@code [baseFed, upTo)}, in date order. */
        void feedBase(RunningSeries base, int upTo) {
            int fed = baseFed;
            for (; fed < upTo; fed++) {
                LocalDate date = base.dates[base.first + fed];
                double r = base.values[fed];
                for (int k = ahead; k < trackers.length; k++) {
                    trackers[k].addBaseReturn(date, r);
                }
            }
            baseFed = fed;
        }

        /** Feeds the trackers asked day by day the portfolio's return of the session of {@code date}. */
        void feedPortfolio(LocalDate date, double r) {
            for (int k = ahead; k < trackers.length; k++) {
                trackers[k].addPortfolioReturn(date, r);
            }
        }

        /**
         * {@code L} times the factors of trackers {@code [from, n)} for the session of {@code session}, in
         * order; their diagnostics in {@link #values} and, when {@code row >= 0}, in output row {@code row}.
         */
        double factor(int from, int row, LocalDate session, double L) {
            for (int k = from; k < trackers.length; k++) {
                double[] v = values[k];
                L *= ask(k, trackers[k], v, session);
                if (row >= 0) {
                    double[][] cols = columns[k];
                    for (int c = 0; c < v.length; c++) {
                        cols[c][row] = v[c];
                    }
                }
            }
            return L;
        }

        /** Tracker {@code k}'s factor, checked, with its diagnostics in {@code v} (NaN where it writes none). */
        private double ask(int k, ExposureTracker tr, double[] v, LocalDate session) {
            for (int c = 0; c < v.length; c++) {
                v[c] = Double.NaN;
            }
            double f = tr.factor(v);
            // finite and >= 0 (NaN fails too)
            if (!(f >= 0.0 && f <= Double.MAX_VALUE)) {
                throw badFactor(k, f, session);
            }
            return f;
        }

        /** Kept out of the daily path so that it stays small enough to be inlined. */
        private IllegalStateException badFactor(int k, double f, LocalDate session) {
            return new IllegalStateException("plugin '" + ids[k] + "' returned the exposure factor " + f
                    + " for the session of " + session + "; it must be finite and >= 0");
        }
    }

    /**
     * The decision at the close of the last row for the next session: the rebalance (if the calendar
     * has one due at that close), else the current weights carried forward, and every exposure
     * overlay's factor from data up to and including the last row (the same trackers as the daily
     * loop, fed the base returns still missing: what the loop would decide for one more day).
     */
    private static Signal nextSession(ResolvedBacktest rb, double[] b, double baseGrowth, RunningSeries baseRun,
                                      List<ResolvedBacktest.Configured<Overlay>> weightOverlays,
                                      Exposures exposures, RollingCovariance rolling) {
        int t = rb.rows() - 1;
        LocalDate[] dates = rb.dates();
        LocalDate nextDate = RebalanceSchedule.nextWeekday(dates[t]);
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
                // the engine's tracker passes on how many diagnostics the plugin reported
                int reported = exposures.trackers[k] instanceof ContextExposure ce ? ce.reported : names.size();
                for (int c = 0; c < reported; c++) {
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

    /** Target weights decided at a close: scheme then weight overlays. Never written after it is made. */
    private record Decision(double[] weights, double[] diagnostics) {
    }

    /** Rebalance decisions of one backtest; remembers the answer of a scheme that uses no history. */
    private static final class Decider {
        private final ResolvedBacktest rb;
        private final List<ResolvedBacktest.Configured<Overlay>> weightOverlays;
        private final RollingCovariance rolling;
        final boolean constant;
        private boolean memoised;
        private Decision memo;

        Decider(ResolvedBacktest rb, List<ResolvedBacktest.Configured<Overlay>> weightOverlays, RollingCovariance rolling) {
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
                                   List<ResolvedBacktest.Configured<Overlay>> weightOverlays,
                                   RollingCovariance rolling) {
        RebalanceContext ctx = context(rb, d, rolling);
        var scheme = rb.scheme();
        return adjusted(rb, ctx, scheme.plugin().targetWeights(ctx, scheme.params()), weightOverlays);
    }

    /** The scheme's target at {@code ctx} (checked), then the weight overlays in order; null without a target. */
    private static Decision adjusted(ResolvedBacktest rb, RebalanceContext ctx, Optional<double[]> target,
                                     List<ResolvedBacktest.Configured<Overlay>> weightOverlays) {
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
            WeightAdjustment adj = o.plugin().adjustWeights(ctx, w.clone(), o.params());
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

    private static BacktestResult assemble(ResolvedBacktest rb, DailyLoop loop, int rebalances, Signal next) {
        int rows = rb.rows();
        int first = loop.first;
        int m = rows - first;
        int n = rb.universe().size();
        List<String> syms = rb.universe().symbols();
        double[] lev = loop.lev;
        double[] turnover = loop.turnover;
        double[] cost = loop.cost;
        // prices and returns are the resolved backtest's own columns from row first on, shared, not copied
        LinkedHashMap<String, DailySeries.Column> cols = new LinkedHashMap<>();
        for (int a = 0; a < n; a++) {
            cols.put("price_" + syms.get(a), new DailySeries.Column(rb.priceColumns()[a], first));
        }
        for (int a = 0; a < n; a++) {
            cols.put("ret_" + syms.get(a), new DailySeries.Column(rb.returnColumns()[a], first));
        }
        for (int a = 0; a < n; a++) {
            cols.put("w_" + syms.get(a), new DailySeries.Column(loop.weightCols[a], 0));
        }
        cols.put("base_ret", new DailySeries.Column(loop.baseRun.values, 0));
        cols.put("leverage", new DailySeries.Column(lev, 0));
        cols.put("port_ret", new DailySeries.Column(loop.portRun.values, 0));
        cols.put("turnover", new DailySeries.Column(turnover, 0));
        cols.put("cost", new DailySeries.Column(cost, 0));
        cols.put("base_equity", new DailySeries.Column(loop.baseRun.equity, 0));
        cols.put("port_equity", new DailySeries.Column(loop.portRun.equity, 0));
        cols.put("port_drawdown", new DailySeries.Column(loop.portRun.drawdown, 0));
        for (var e : loop.diag.entrySet()) {
            cols.put(e.getKey(), new DailySeries.Column(e.getValue(), 0));
        }
        DailySeries series = DailySeries.sharing(rb.dates(), first, m, cols);

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
        BacktestSummary summary = new BacktestSummary(rb.definition(), rb.dates()[first], rb.dates()[rows - 1], m, rebalances,
                loop.baseRun.stats(), loop.portRun.stats(), levSum / m, levMax,
                toSum / m * PerformanceStats.DAYS_PER_YEAR, costSum);
        return new BacktestResult(series, summary, next);
    }
}
