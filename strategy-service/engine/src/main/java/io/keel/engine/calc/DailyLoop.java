package io.keel.engine.calc;

import io.keel.engine.definition.ExposureLimits;
import io.keel.engine.definition.Holding;
import io.keel.spi.ExposureTracker;
import io.keel.spi.Overlay;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The days of one backtest (see the class comment for what a day does), as passes: {@link #base()},
 * {@link #exposuresAhead()}, {@link #overlaid()}; each a small method of its own so that the JIT
 * compiles its loop with the trackers inlined. Output columns are indexed by output row
 * {@code i = t - first}; the running series' return and equity arrays are the output's base_/port_
 * columns themselves; the weight columns are a value per row with DRIFT holding and the stretches
 * between rebalances with CONSTANT holding ({@link #weightColumn}). Nothing is allocated per day.
 */
final class DailyLoop {
    final int first;
    final int rows;
    final int n;
    final int lag;
    final LocalDate[] dates;
    final double[][] growth;
    final boolean drift;
    final double cashDaily;
    final ExposureLimits limits;
    final BacktestCalculator.Decision[] applyAt;
    final Exposures exposures;
    final DoubleUnaryOperator[] costs;
    /** Columns of the weight overlays' diagnostics in decision order; null where the overlay writes its column daily. */
    final double[][] weightDiag;

    final RunningSeries baseRun;
    /** Whether the base pass has run (or is a shared loop's). */
    private boolean baseDone;
    final RunningSeries portRun;
    final LinkedHashMap<String, double[]> diag = new LinkedHashMap<>();
    final double[] lev;
    final double[] turnover;
    final double[] cost;
    /** Base weights column by column, a value per output row: with DRIFT holding only, else null. */
    final double[][] weightCols;
    /** With CONSTANT holding (weights that change only at a stretch's first row): each stretch's base weights, {@code [stretch * n + asset]}. */
    double[] stretchWeights;

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

    DailyLoop(ResolvedBacktest rb, int first, BacktestCalculator.Decision[] applyAt,
              List<ResolvedBacktest.Configured<Overlay>> weightOverlays,
              List<ResolvedBacktest.Configured<Overlay>> exposureOverlays,
              List<ResolvedBacktest.Configured<Overlay>> costOverlays) {
        this(rb, first, applyAt, weightOverlays, exposureOverlays, costOverlays, null);
    }

    /**
     * A loop whose base pass is {@code sharedBase}'s (already run, see {@link #sharesBaseWith}) instead of its own:
     * the base portfolio depends on the decisions, the holding, the cash rate and the first row only, so backtests
     * that differ in exposure or cost overlays or exposure limits share it. {@code sharedBase}'s base arrays are only
     * read. The weight overlays' diagnostic columns of such a loop are not written (its days serve figures only,
     * {@link BacktestCalculator#outcome}).
     */
    DailyLoop(ResolvedBacktest rb, int first, BacktestCalculator.Decision[] applyAt,
              List<ResolvedBacktest.Configured<Overlay>> weightOverlays,
              List<ResolvedBacktest.Configured<Overlay>> exposureOverlays,
              List<ResolvedBacktest.Configured<Overlay>> costOverlays, DailyLoop sharedBase) {
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
        // exposure overlays as trackers, made once per backtest with their parameters bound
        final int ne = exposureOverlays.size();
        this.portRun = new RunningSeries(dates, first, m, true);
        this.exposures = new Exposures(ne);
        for (int k = 0; k < ne; k++) {
            var o = exposureOverlays.get(k);
            ExposureTracker tracker = o.plugin().exposureTracker(o.params(), rb.universe());
            if (tracker == null) {
                throw new IllegalStateException("plugin '" + o.plugin().id() + "' answered null for its exposure tracker");
            }
            List<String> names = o.plugin().diagnostics();
            exposures.ids[k] = o.plugin().id();
            exposures.names[k] = names;
            exposures.trackers[k] = tracker;
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
        if (sharedBase != null) {
            if (!sharedBase.sharesBaseWith(first, applyAt, drift, cashDaily, retCols, n) || !sharedBase.baseDone) {
                throw new IllegalArgumentException("the shared base pass is another backtest's");
            }
            this.baseRun = sharedBase.baseRun;
            this.weightCols = sharedBase.weightCols;
            this.stretchWeights = sharedBase.stretchWeights;
            this.grossAt = sharedBase.grossAt;
            this.b = sharedBase.b.clone();
            this.stretchStart = sharedBase.stretchStart;
            this.stretchSum = sharedBase.stretchSum;
            this.stretches = sharedBase.stretches;
            this.prevBaseGrowth = sharedBase.prevBaseGrowth;
            this.baseDone = true;
        } else {
            this.baseRun = new RunningSeries(dates, first, m, false);
            this.weightCols = drift ? new double[n][m] : null;
            this.stretchWeights = drift ? null : new double[16 * n];
            this.grossAt = new double[m];
            this.b = new double[n];
        }
    }

    /** Whether this loop's base pass is the one of a loop with these inputs (the same decisions, holding, cash rate, first row, returns). */
    boolean sharesBaseWith(int first, BacktestCalculator.Decision[] applyAt, boolean drift, double cashDaily, double[][] retCols, int n) {
        return this.first == first && this.applyAt == applyAt && this.drift == drift
                && Double.compare(this.cashDaily, cashDaily) == 0 && this.retCols == retCols && this.n == n;
    }

    /** Runs the base pass alone (once), for loops that share it ({@link #DailyLoop(ResolvedBacktest, int, BacktestCalculator.Decision[], List, List, List, DailyLoop)}). */
    DailyLoop baseOnly() {
        if (!baseDone) {
            base();
            baseDone = true;
        }
        return this;
    }

    /** Base weight of asset {@code a} in stretch {@code s} (at its first row). */
    private double weight(int s, int a) {
        return weightCols != null ? weightCols[a][stretchStart[s]] : stretchWeights[s * n + a];
    }

    /**
     * The output column of asset {@code a}'s base weight: a value per row with DRIFT holding, else the
     * stretches (after {@link #run()}).
     */
    private DailySeries.Column weightColumn(int a) {
        if (weightCols != null) {
            return new DailySeries.Column.Dense(weightCols[a], 0);
        }
        double[] values = new double[stretches];
        for (int s = 0; s < stretches; s++) {
            values[s] = stretchWeights[s * n + a];
        }
        return new DailySeries.Column.Stepped(stretchStart, values, stretches);
    }

    /**
     * What the days produced, read once they have run: the output columns (indexed by output row), the
     * running base and portfolio series, and the state the next session's signal starts from.
     *
     * @param first          the first output row's index among the resolved dates
     * @param weightColumns  each asset's base weight column, in universe order
     * @param leverage       each day's exposure
     * @param turnover       each day's traded weight
     * @param cost           each day's cost (fraction of portfolio value)
     * @param diagnostics    the overlays' diagnostic columns by name, in overlay order
     * @param base           the base portfolio's returns and equity
     * @param portfolio      the overlaid portfolio's returns, equity and drawdown
     * @param lastWeights    the base weights held after the last day (drifted under DRIFT holding)
     * @param lastBaseGrowth the base portfolio's growth factor on the last day
     * @param exposures      the exposure trackers, fed through the last day
     */
    record Days(int first, List<DailySeries.Column> weightColumns, double[] leverage, double[] turnover, double[] cost,
                LinkedHashMap<String, double[]> diagnostics, RunningSeries base, RunningSeries portfolio,
                double[] lastWeights, double lastBaseGrowth, Exposures exposures) {
    }

    /** Runs the passes over the days; call once. */
    Days run() {
        if (!baseDone) {
            base();
            baseDone = true;
        }
        exposuresAhead();
        overlaid();
        List<DailySeries.Column> weights = new ArrayList<>(n);
        for (int a = 0; a < n; a++) {
            weights.add(weightColumn(a));
        }
        return new Days(first, List.copyOf(weights), lev, turnover, cost, diag, baseRun, portRun, b, prevBaseGrowth, exposures);
    }

    /**
     * The factors of the trackers that are decided ahead ({@link Exposures#ahead}): tracker by tracker
     * over all days (each fed the base returns up to a day's decision row before it is asked for that
     * day), multiplied into {@code lev} in overlay order, which is the product day by day would give;
     * a short loop in which the CPU overlaps the days' divisions and square roots. When every tracker
     * is decided ahead, the product is the exposure: clipped to the limits here. Benefit, measured:
     * level73 (one vol target decided ahead, then the stretch pass) ~0.19-0.22 ms in JMH when it came in
     * (BENCHMARKS.md history); no figure of the same commit without it was recorded. Equivalence:
     * {@code ExposureTrackingTest.trackersDecidedAhead_orDayByDay_giveTheSameBacktest_bitForBit}.
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
        BacktestCalculator.Decision held = null;
        double[] lastWeightDiag = null;
        int stretch = 0;
        for (int t = first; t < rows; t++) {
            final int i = t - first;
            BacktestCalculator.Decision dec = applyAt[t];
            if (dec != null) {
                lastWeightDiag = dec.diagnostics();
                // with CONSTANT holding, a decision equal to the held one (a scheme without history
                // asked once) leaves the weights as they are
                if (drift || dec != held) {
                    baseStretch(stretch, i);
                    stretch = i;
                    System.arraycopy(dec.weights(), 0, b, 0, n);
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
            if (stretchWeights != null) {
                stretchWeights = Arrays.copyOf(stretchWeights, 2 * stretches * n);
            }
        }
        stretchStart[stretches] = from;
        stretchSum[stretches] = bsum;
        if (stretchWeights != null) {
            System.arraycopy(b, 0, stretchWeights, stretches * n, n);
        }
        stretches++;
        final double[] gross = grossAt;
        final double[][] cols = weightCols;
        if (to - from == 1) {
            double sum = 0.0;
            for (int a = 0; a < n; a++) {
                if (cols != null) {
                    cols[a][from] = b[a];
                }
                sum += b[a] * retCols[a][first + from];
            }
            gross[from] = sum;
        } else {
            for (int a = 0; a < n; a++) {
                final double ba = b[a];
                final double[] r = retCols[a];
                if (cols != null) {
                    Arrays.fill(cols[a], from, to, ba);
                }
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
        } else if (!drift && costs.length == 0 && exposures.trackers.length - exposures.ahead == 1) {
            overlaidByDayOneTracker();
        } else {
            overlaidByDay();
        }
        portRun.complete();
    }

    /**
     * {@link #overlaidByDay()} for its most common case, one tracker that reads the portfolio's own returns
     * (a drawdown brake) with CONSTANT holding and no costs, as a loop of its own with that tracker, its
     * diagnostic columns and the output arrays held in locals: each day the same operations in the same
     * order as {@link #exposure(int)} and {@link #overlaidByDay()} perform; the turnover afterwards.
     * Benefit, measured: level63's overlaid pass 165-176 -> 92-101 us (commit ace8b3e). Equivalence:
     * {@code BacktestCalculatorTest.level63_withoutCosts_isBitForBitTheGeneralDayByDayRun} (the same
     * backtest through the general loop by zero-bps costs, column by column and its signal).
     */
    private void overlaidByDayOneTracker() {
        final int m = rows - first;
        final int lag = this.lag;
        final int k = exposures.ahead;
        final ExposureTracker tracker = exposures.trackers[k];
        final double[] v = exposures.values[k];
        final double[][] cols = exposures.columns[k];
        final double[] baseRet = baseRun.values;
        final double[] port = portRun.values;
        final double[] lev = this.lev;
        final double[] gross = grossAt;
        final boolean scaled = k > 0;
        final boolean limited = limits != null;
        final double lo = limited ? limits.min() : 0.0;
        final double hi = limited ? limits.max() : 0.0;
        final double cashDaily = this.cashDaily;
        int fed = exposures.baseFed;
        for (int s = 0; s < stretches; s++) {
            final int end = s + 1 < stretches ? stretchStart[s + 1] : m;
            final double bsum = stretchSum[s];
            for (int i = stretchStart[s]; i < end; i++) {
                final int t = first + i;
                // base returns up to the decision row t - lag, then the factor decided at its close
                for (; fed <= i - lag; fed++) {
                    tracker.addBaseReturn(dates[first + fed], baseRet[fed]);
                }
                double L = exposures.ask(k, tracker, v, dates[t]);
                if (scaled) {
                    L = lev[i] * L;
                }
                for (int c = 0; c < v.length; c++) {
                    cols[c][i] = v[c];
                }
                if (limited) {
                    L = Math.min(hi, Math.max(lo, L));
                }
                lev[i] = L;
                // the general loop subtracts a cost of 0.0 here, which leaves every value as it is
                double portRet = L * gross[i] + (1.0 - L * bsum) * cashDaily;
                port[i] = portRet;
                tracker.addPortfolioReturn(dates[t], portRet);
            }
        }
        exposures.baseFed = fed;
        portRun.wrote(m);
        turnoverByStretch();
    }

    /**
     * {@link #overlaid()} when the exposures are known and the weights are constant within a stretch:
     * turnover ({@link #turnoverByStretch()}), then each day's costs and return.
     */
    private void overlaidByStretch() {
        final int m = rows - first;
        final double cashDaily = this.cashDaily;
        if (exposures.trackers.length == 0) {
            Arrays.fill(lev, 1.0);
        }
        turnoverByStretch();
        final double[] port = portRun.values;
        for (int s = 0; s < stretches; s++) {
            final int from = stretchStart[s];
            final int to = s + 1 < stretches ? stretchStart[s + 1] : m;
            final double bsum = stretchSum[s];
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

    /**
     * Every day's turnover once {@link #lev} is known, for weights {@code w} constant within a stretch
     * (CONSTANT holding): there yesterday's effective weights are {@code lev[i - 1] * w}, so each day's
     * turnover {@code sum |lev[i] w - lev[i - 1] w|} takes the same operations as day by day, computed
     * asset by asset over the stretch's days (loops the JIT vectorises). A stretch's first day starts from
     * the effective weights the day before it ended with (none before the first day).
     * Benefit, measured: level63's overlaid pass 230 -> ~160 us with the turnover after the days (commit
     * 47b88c8); yesterday's leverage from a shifted copy, level73 ~168 -> ~159 us (commit 1735714).
     * Equivalence: {@code BacktestCalculatorTest.level63_withoutCosts_isBitForBitTheGeneralDayByDayRun}
     * and {@code ExposureTrackingTest.trackersDecidedAhead_orDayByDay_giveTheSameBacktest_bitForBit}.
     */
    private void turnoverByStretch() {
        final int n = this.n;
        final int m = rows - first;
        final double[] w = new double[n];
        final double[] before = new double[n];
        // lev a day later, levBefore[i] = lev[i - 1]: with the two in different arrays the JIT
        // vectorises the turnover loop below, which it does not for lev[i] and lev[i - 1] (JDK 17)
        final double[] levBefore = new double[m];
        System.arraycopy(lev, 0, levBefore, 1, m - 1);
        for (int s = 0; s < stretches; s++) {
            final int from = stretchStart[s];
            final int to = s + 1 < stretches ? stretchStart[s + 1] : m;
            for (int a = 0; a < n; a++) {
                w[a] = weight(s, a);
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
        }
    }

    /** {@link #overlaid()} day by day: trackers that read the portfolio's returns, or drifting weights. */
    private void overlaidByDay() {
        final int n = this.n;
        final int m = rows - first;
        final double cashDaily = this.cashDaily;
        // trackers that read the portfolio's own returns decide day by day, with its returns up to t - 1
        final boolean daily = exposures.ahead < exposures.trackers.length;
        final boolean decided = exposures.trackers.length > 0 && !daily;
        // without costs nothing on the day depends on its turnover: with CONSTANT holding it is computed
        // after the days, stretch by stretch, off the path from one day's return to the next day's exposure
        final boolean turnoverAfter = !drift && costs.length == 0;
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
                w[a] = weight(s, a);
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
                double c = 0.0;
                if (!turnoverAfter) {
                    double to = 0.0;
                    for (int a = 0; a < n; a++) {
                        double target = L * w[a];
                        to += Math.abs(target - before[a]);
                        eff[a] = target;
                    }
                    for (DoubleUnaryOperator f : costs) {
                        c += f.applyAsDouble(to);
                    }
                    turnover[i] = to;
                    cost[i] = c;
                }
                double effSum = L * bsum;
                double portRet = L * grossAt[i] + (1.0 - effSum) * cashDaily - c;
                portRun.put(portRet);
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
        if (turnoverAfter) {
            turnoverByStretch();
        }
    }
}
