package io.keel.engine.calc;

import io.keel.engine.definition.ExposureLimits;
import io.keel.engine.definition.Holding;
import io.keel.engine.definition.SeriesStart;
import io.keel.spi.Exposure;
import io.keel.spi.ExposureContext;
import io.keel.spi.Overlay;
import io.keel.spi.RebalanceContext;
import io.keel.spi.ReturnSeries;
import io.keel.spi.WeightAdjustment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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
 */
public final class BacktestCalculator {

    private BacktestCalculator() {
    }

    public static BacktestResult calculate(ResolvedBacktest rb) {
        final int rows = rb.rows();
        final int n = rb.universe().size();
        final LocalDate[] dates = rb.dates();
        final double[][] ret = rb.returns();
        final double[][] growth = rb.growth();
        final var def = rb.definition();
        final int lag = def.semantics().executionLag();
        final Holding holding = def.semantics().holding();
        final double cashDaily = Math.pow(1.0 + def.cashRate(), 1.0 / PerformanceStats.DAYS_PER_YEAR) - 1.0;
        final ExposureLimits limits = def.exposureLimits();

        List<ResolvedBacktest.Configured<Overlay>> weightOverlays = new ArrayList<>();
        List<ResolvedBacktest.Configured<Overlay>> exposureOverlays = new ArrayList<>();
        List<ResolvedBacktest.Configured<Overlay>> costOverlays = new ArrayList<>();
        Map<String, double[]> diag = new LinkedHashMap<>();
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

        final RollingCovariance rolling = rows > 1
                ? new RollingCovariance(ret, 1) : null;

        // 1. rebalance decisions: apply row -> decided weights (+ weight-overlay diagnostics). A scheme that
        // uses no history, without weight overlays, decides the same at every rebalance: ask it once.
        final Decider decider = new Decider(rb, weightOverlays, rolling);
        Decision[] applyAt = new Decision[rows];
        int decided = 0;
        int firstApply = Integer.MAX_VALUE;
        if (def.rebalance().initial()) {
            // the first close at which the scheme can decide; later scheduled decisions override it
            for (int d = 0; d < rows; d++) {
                int a = Math.max(d + lag, 1);
                if (a >= rows) {
                    break;
                }
                Optional<Decision> dec = decider.decide(d);
                if (dec.isPresent()) {
                    applyAt[a] = dec.get();
                    decided++;
                    firstApply = a;
                    break;
                }
            }
        }
        // the scheduled decisions are independent of each other (each sees only its own history), so the
        // scheme is asked for all of them at once; an application row keeps the latest decision for it
        List<RebalanceSchedule.Event> asked = new ArrayList<>();
        for (RebalanceSchedule.Event e : rb.schedule()) {
            if (!superseded(applyAt, e)) {
                asked.add(e);
            }
        }
        List<Optional<Decision>> decisions = decider.decide(asked);
        for (int k = 0; k < asked.size(); k++) {
            RebalanceSchedule.Event e = asked.get(k);
            if (superseded(applyAt, e)) {
                continue;
            }
            Optional<Decision> dec = decisions.get(k);
            if (dec.isPresent()) {
                if (applyAt[e.applyRow()] == null) {
                    decided++;
                }
                applyAt[e.applyRow()] = dec.get();
                firstApply = Math.min(firstApply, e.applyRow());
            }
        }
        if (firstApply == Integer.MAX_VALUE) {
            throw new IllegalStateException("the weight scheme '" + rb.scheme().plugin().id()
                    + "' never had enough history to allocate between " + dates[0] + " and " + dates[rows - 1]);
        }
        final int first = def.semantics().seriesStart() == SeriesStart.FIRST_RETURN ? 1 : firstApply;
        final int m = rows - first;

        // 2. daily loop; arrays are indexed by price row so views can share them
        RunningSeries baseRun = new RunningSeries(rows, first);
        RunningSeries portRun = new RunningSeries(rows, first);
        double[] baseRet = baseRun.values;
        double[] portRet = portRun.values;
        double[] lev = new double[m];
        double[] turnover = new double[m];
        double[] cost = new double[m];
        double[][] weightCols = new double[n][m];
        for (var o : rb.overlays()) {
            for (String name : o.plugin().diagnostics()) {
                double[] col = new double[m];
                Arrays.fill(col, Double.NaN);
                diag.put(name, col);
            }
        }
        // diagnostic columns of each exposure overlay, looked up once
        double[][][] exposureDiag = new double[exposureOverlays.size()][][];
        for (int k = 0; k < exposureDiag.length; k++) {
            List<String> names = exposureOverlays.get(k).plugin().diagnostics();
            exposureDiag[k] = new double[names.size()][];
            for (int c = 0; c < names.size(); c++) {
                exposureDiag[k][c] = diag.get(names.get(c));
            }
        }
        // columns of the weight overlays' diagnostics in decision order; null where an overlay that also
        // sets exposure writes the column itself every day
        List<double[]> weightDiagCols = new ArrayList<>();
        for (var o : weightOverlays) {
            boolean daily = o.plugin().stages().contains(Overlay.Stage.EXPOSURE);
            for (String name : o.plugin().diagnostics()) {
                weightDiagCols.add(daily ? null : diag.get(name));
            }
        }
        final double[][] weightDiag = weightDiagCols.toArray(new double[0][]);
        double[] b = new double[n];
        double[] eff = new double[n];
        double[] before = new double[n];
        double[] lastWeightDiag = null;
        double prevPortGrowth = 1.0;
        double prevBaseGrowth = 1.0;
        for (int t = first; t < rows; t++) {
            int i = t - first;
            Decision dec = applyAt[t];
            if (dec != null) {
                System.arraycopy(dec.weights, 0, b, 0, n);
                lastWeightDiag = dec.diagnostics;
            } else if (t > first && holding == Holding.DRIFT) {
                for (int a = 0; a < n; a++) {
                    b[a] = b[a] * growth[t - 1][a] / prevBaseGrowth;
                }
            }
            for (int a = 0; a < n; a++) {
                weightCols[a][i] = b[a];
            }
            double gross = 0.0;
            double bsum = 0.0;
            double baseGrowth = 0.0;
            for (int a = 0; a < n; a++) {
                gross += b[a] * ret[t][a];
                bsum += b[a];
                baseGrowth += b[a] * growth[t][a];
            }
            baseRun.set(t, gross + (1.0 - bsum) * cashDaily);
            baseGrowth += (1.0 - bsum) * (1.0 + cashDaily);

            double L = 1.0;
            if (!exposureOverlays.isEmpty()) {
                int d = t - lag;
                ReturnSeries baseView = Views.series(dates, baseRun, first, d);
                ReturnSeries ownView = Views.series(dates, portRun, first, t - 1);
                ExposureContext ctx = new ExposureContext(d >= 0 ? dates[d] : null, rb.universe(), baseView, ownView);
                for (int k = 0; k < exposureOverlays.size(); k++) {
                    var o = exposureOverlays.get(k);
                    Exposure e = o.plugin().exposure(ctx, o.params());
                    L *= e.factor();
                    double[][] cols = exposureDiag[k];
                    double[] values = e.diagnostics();
                    for (int c = 0; c < cols.length && c < values.length; c++) {
                        cols[c][i] = values[c];
                    }
                }
                if (limits != null) {
                    L = Math.min(limits.max(), Math.max(limits.min(), L));
                }
            }
            lev[i] = L;

            double to = 0.0;
            for (int a = 0; a < n; a++) {
                double target = L * b[a];
                double pre;
                if (t == first) {
                    pre = 0.0;
                } else if (holding == Holding.DRIFT) {
                    pre = before[a] * growth[t - 1][a] / prevPortGrowth;
                } else {
                    pre = before[a];
                }
                to += Math.abs(target - pre);
                eff[a] = target;
            }
            double c = 0.0;
            for (int k = 0; k < costOverlays.size(); k++) {
                var o = costOverlays.get(k);
                c += o.plugin().cost(to, o.params());
            }
            turnover[i] = to;
            cost[i] = c;
            double effSum = L * bsum;
            portRun.set(t, L * gross + (1.0 - effSum) * cashDaily - c);
            double portGrowth = 0.0;
            for (int a = 0; a < n; a++) {
                portGrowth += eff[a] * growth[t][a];
            }
            // costs are paid pro rata from every holding, so they do not change tomorrow's weights
            portGrowth += (1.0 - effSum) * (1.0 + cashDaily);
            System.arraycopy(eff, 0, before, 0, n);
            prevPortGrowth = portGrowth;
            prevBaseGrowth = baseGrowth;
            if (lastWeightDiag != null) {
                for (int k = 0; k < weightDiag.length && k < lastWeightDiag.length; k++) {
                    if (weightDiag[k] != null) {
                        weightDiag[k][i] = lastWeightDiag[k];
                    }
                }
            }
        }
        Signal next = nextSession(rb, first, b, prevBaseGrowth, baseRun, portRun, weightOverlays, exposureOverlays, rolling);
        return assemble(rb, first, baseRet, portRet, lev, turnover, cost, weightCols, diag, decided, next);
    }

    /**
     * The decision at the close of the last row for the next session: the rebalance (if the calendar
     * has one due at that close), else the current weights carried forward, and every exposure
     * overlay's factor from data up to and including the last row.
     */
    private static Signal nextSession(ResolvedBacktest rb, int first, double[] b, double baseGrowth,
                                      RunningSeries baseRun, RunningSeries portRun,
                                      List<ResolvedBacktest.Configured<Overlay>> weightOverlays,
                                      List<ResolvedBacktest.Configured<Overlay>> exposureOverlays,
                                      RollingCovariance rolling) {
        int t = rb.rows() - 1;
        LocalDate[] dates = rb.dates();
        LocalDate nextDate = RebalanceSchedule.nextWeekday(dates[t]);
        boolean due = RebalanceSchedule.isDecisionRow(dates, t, nextDate, rb.definition().rebalance());
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        Optional<Decision> dec = due ? decide(rb, t, weightOverlays, rolling) : Optional.empty();
        double[] weights;
        if (dec.isPresent()) {
            weights = dec.get().weights;
            int k = 0;
            for (var o : weightOverlays) {
                for (String name : o.plugin().diagnostics()) {
                    diagnostics.put(name, dec.get().diagnostics[k++]);
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
        if (!exposureOverlays.isEmpty()) {
            ExposureContext ctx = new ExposureContext(dates[t], rb.universe(),
                    Views.series(dates, baseRun, first, t),
                    Views.series(dates, portRun, first, t));
            for (var o : exposureOverlays) {
                Exposure e = o.plugin().exposure(ctx, o.params());
                lev *= e.factor();
                List<String> names = o.plugin().diagnostics();
                for (int k = 0; k < names.size() && k < e.diagnostics().length; k++) {
                    diagnostics.put(names.get(k), e.diagnostics()[k]);
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
        return new Signal(dates[t], nextDate, dec.isPresent(), byAsset, lev, diagnostics);
    }

    /** Whether the event's application row already has a decision taken at the same or a later close. */
    private static boolean superseded(Decision[] applyAt, RebalanceSchedule.Event e) {
        Decision current = applyAt[e.applyRow()];
        return current != null && current.decisionRow >= e.decisionRow();
    }

    /** Target weights decided at the close of row {@code d}: scheme then weight overlays. */
    private record Decision(int decisionRow, double[] weights, double[] diagnostics) {
    }

    /** Rebalance decisions of one backtest; remembers the answer of a scheme that uses no history. */
    private static final class Decider {
        private final ResolvedBacktest rb;
        private final List<ResolvedBacktest.Configured<Overlay>> weightOverlays;
        private final RollingCovariance rolling;
        private final boolean constant;
        private Optional<Decision> memo;

        Decider(ResolvedBacktest rb, List<ResolvedBacktest.Configured<Overlay>> weightOverlays, RollingCovariance rolling) {
            this.rb = rb;
            this.weightOverlays = weightOverlays;
            this.rolling = rolling;
            this.constant = !rb.scheme().plugin().usesHistory() && weightOverlays.isEmpty();
        }

        Optional<Decision> decide(int d) {
            if (!constant) {
                return BacktestCalculator.decide(rb, d, weightOverlays, rolling);
            }
            if (memo == null) {
                memo = BacktestCalculator.decide(rb, d, weightOverlays, rolling);
            }
            // the weights array is shared: the daily loop only copies from it
            return memo.map(m -> new Decision(d, m.weights(), m.diagnostics()));
        }

        /** The decisions at the events' decision rows, in their order, from one call of the scheme. */
        List<Optional<Decision>> decide(List<RebalanceSchedule.Event> events) {
            List<Optional<Decision>> out = new ArrayList<>(events.size());
            if (constant || events.isEmpty()) {
                for (RebalanceSchedule.Event e : events) {
                    out.add(decide(e.decisionRow()));
                }
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
                out.add(adjusted(rb, events.get(k).decisionRow(), contexts.get(k), targets.get(k), weightOverlays));
            }
            return out;
        }
    }

    /** What the plugins may know at the close of row {@code d}: asset returns of rows 1..d. */
    private static RebalanceContext context(ResolvedBacktest rb, int d, RollingCovariance rolling) {
        var history = Views.assetReturns(rb.dates(), rb.returns(), rb.returnKind(), 1, d, rolling);
        return new RebalanceContext(rb.dates()[d], rb.universe(), history);
    }

    private static Optional<Decision> decide(ResolvedBacktest rb, int d,
                                             List<ResolvedBacktest.Configured<Overlay>> weightOverlays,
                                             RollingCovariance rolling) {
        RebalanceContext ctx = context(rb, d, rolling);
        var scheme = rb.scheme();
        return adjusted(rb, d, ctx, scheme.plugin().targetWeights(ctx, scheme.params()), weightOverlays);
    }

    /** The scheme's target at {@code ctx} (checked), then the weight overlays in order. */
    private static Optional<Decision> adjusted(ResolvedBacktest rb, int d, RebalanceContext ctx, Optional<double[]> target,
                                               List<ResolvedBacktest.Configured<Overlay>> weightOverlays) {
        int n = rb.universe().size();
        var scheme = rb.scheme();
        if (target == null || target.isEmpty()) {
            return Optional.empty();
        }
        double[] w = checked(target.get(), n, scheme.plugin().id(), ctx.decisionDate());
        List<Double> diagnostics = new ArrayList<>();
        for (var o : weightOverlays) {
            WeightAdjustment adj = o.plugin().adjustWeights(ctx, w.clone(), o.params());
            w = checked(adj.weights(), n, o.plugin().id(), ctx.decisionDate());
            for (int k = 0; k < o.plugin().diagnostics().size(); k++) {
                diagnostics.add(k < adj.diagnostics().length ? adj.diagnostics()[k] : Double.NaN);
            }
        }
        double[] dg = new double[diagnostics.size()];
        for (int k = 0; k < dg.length; k++) {
            dg[k] = diagnostics.get(k);
        }
        return Optional.of(new Decision(d, w, dg));
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

    /** Columns of {@code rows[from .. from + m)}: one pass over each row (rows are the contiguous arrays). */
    private static double[][] transpose(double[][] rows, int from, int m, int n) {
        double[][] cols = new double[n][m];
        for (int i = 0; i < m; i++) {
            double[] row = rows[from + i];
            for (int a = 0; a < n; a++) {
                cols[a][i] = row[a];
            }
        }
        return cols;
    }

    private static BacktestResult assemble(ResolvedBacktest rb, int first, double[] baseRet, double[] portRet,
                                           double[] lev, double[] turnover, double[] cost, double[][] weight,
                                           Map<String, double[]> diag, int rebalances, Signal next) {
        int rows = rb.rows();
        int m = rows - first;
        int n = rb.universe().size();
        List<String> syms = rb.universe().symbols();
        LocalDate[] dates = Arrays.copyOfRange(rb.dates(), first, rows);
        Map<String, double[]> cols = new LinkedHashMap<>();
        double[][] price = transpose(rb.prices(), first, m, n);
        double[][] ret = transpose(rb.returns(), first, m, n);
        for (int a = 0; a < n; a++) {
            cols.put("price_" + syms.get(a), price[a]);
        }
        for (int a = 0; a < n; a++) {
            cols.put("ret_" + syms.get(a), ret[a]);
        }
        for (int a = 0; a < n; a++) {
            cols.put("w_" + syms.get(a), weight[a]);
        }
        double[] base = Arrays.copyOfRange(baseRet, first, rows);
        double[] port = Arrays.copyOfRange(portRet, first, rows);
        double[] baseEq = new double[m];
        double[] portEq = new double[m];
        double[] dd = new double[m];
        double be = 1.0;
        double pe = 1.0;
        double peak = 1.0;
        for (int i = 0; i < m; i++) {
            be *= 1.0 + base[i];
            pe *= 1.0 + port[i];
            peak = Math.max(peak, pe);
            baseEq[i] = be;
            portEq[i] = pe;
            dd[i] = pe / peak - 1.0;
        }
        cols.put("base_ret", base);
        cols.put("leverage", lev);
        cols.put("port_ret", port);
        cols.put("turnover", turnover);
        cols.put("cost", cost);
        cols.put("base_equity", baseEq);
        cols.put("port_equity", portEq);
        cols.put("port_drawdown", dd);
        cols.putAll(diag);
        DailySeries series = new DailySeries(dates, cols);

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
        BacktestSummary summary = new BacktestSummary(rb.definition(), dates[0], dates[m - 1], m, rebalances,
                PerformanceStats.of(base), PerformanceStats.of(port), levSum / m, levMax,
                toSum / m * PerformanceStats.DAYS_PER_YEAR, costSum);
        return new BacktestResult(series, summary, next);
    }
}
