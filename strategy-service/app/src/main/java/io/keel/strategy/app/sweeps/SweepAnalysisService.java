package io.keel.strategy.app.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import io.keel.common.ProblemException;
import io.keel.engine.calc.BacktestResult;
import io.keel.result.metrics.PeriodMoments;
import io.keel.result.overfitting.Cscv;
import io.keel.result.overfitting.Figures;
import io.keel.result.overfitting.SelectionMetric;
import io.keel.result.overfitting.SharpeInference;
import io.keel.result.overfitting.WalkForward;
import io.keel.result.overfitting.WalkForwardSpec;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/sweeps/{id}/analysis}: walk-forward validation, the Deflated Sharpe Ratio of the best variant and
 * the Probability of Backtest Overfitting (CSCV) of a finished sweep, from its variants' stored monthly moments
 * ({@code io.keel.result.overfitting}). The variants compared are the valid variants that ran (N); the best variant's
 * skewness and kurtosis come from its daily returns, recomputed on the pinned snapshot. Stateless.
 */
@ApplicationScoped
public class SweepAnalysisService {

    private static final double DAYS_PER_YEAR = 252.0;

    @Inject
    SweepStore store;

    @Inject
    SweepService sweeps;

    @Inject
    SweepsConfig config;

    /** A range of calendar months. */
    public record Months(YearMonth first, YearMonth last, int count) {
    }

    /** Figures of a stitched series: fractions and annualised ratios at rf 0; null where undefined. */
    public record FiguresView(YearMonth first, YearMonth last, int months, long days, Double totalReturn, Double cagr,
                              Double annualVolatility, Double sharpe, Double sortino) {
        static FiguresView of(Figures f) {
            return new FiguresView(f.first(), f.last(), f.months(), f.days(), num(f.totalReturn()), num(f.cagr()),
                    num(f.annualVolatility()), num(f.sharpe()), num(f.sortino()));
        }
    }

    /** A fold: the variant chosen on the in-sample months, its metric in and out of sample. */
    public record FoldView(int number, Months inSample, Months outOfSample, int variantIndex, Map<String, JsonNode> values,
                           Double inSampleValue, Double outOfSampleValue, Double degradation) {
    }

    public record WalkForwardView(int inSampleMonths, int outOfSampleMonths, String window, List<FoldView> folds,
                                  FiguresView outOfSample, Double meanDegradation) {
    }

    /**
     * The Deflated Sharpe Ratio of the best variant over the whole period. Sharpe figures are given daily (per day, as
     * the statistic uses them) and annualised (times sqrt(252)); {@code sharpeVariance} is the variance of the N
     * variants' daily Sharpe ratios (their stored annualised Sharpe divided by sqrt(252)), per day squared.
     */
    public record DeflatedView(int variantIndex, Map<String, JsonNode> values, int trials, Double sharpeVariance,
                               Double expectedMaxSharpe, Double annualExpectedMaxSharpe, Double sharpe, Double annualSharpe,
                               long observations, Double skewness, Double kurtosis, Double probability, String note) {
    }

    public record BlockView(int number, YearMonth first, YearMonth last, int months, long days) {
    }

    public record PboView(int blocks, int combinations, Double probability, Double probabilityOfLoss, Double degradationSlope,
                          Double degradationIntercept, Double meanInSample, Double meanOutOfSample, Double logitMean,
                          Map<String, Double> logitQuantiles, List<BlockView> blockMonths) {
    }

    public record Analysis(long sweepId, String metric, int variants, Months months, WalkForwardView walkForward,
                           DeflatedView deflatedSharpe, PboView pbo) {
    }

    /**
     * @throws ProblemException 400 naming {@code metric}, {@code inSampleMonths}, {@code outOfSampleMonths},
     *                          {@code window} or {@code blocks}; 404 for no such sweep; 409 when the sweep is not
     *                          finished, has fewer than 2 variants with results, more than
     *                          {@code keel.sweeps.analysis-max-variants}, or variants over different months
     */
    public Analysis analyse(long id, String metricName, Integer inSample, Integer outOfSample, String windowName, Integer blocksParam) {
        SelectionMetric metric;
        try {
            metric = SelectionMetric.of(metricName == null ? "sharpe" : metricName);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("metric", "must be one of sharpe, sortino, cagr, minVolatility (figures of the monthly "
                    + "moments), got '" + metricName + "'");
        }
        int is = inSample == null ? WalkForwardSpec.DEFAULT_IN_SAMPLE_MONTHS : inSample;
        int oos = outOfSample == null ? WalkForwardSpec.DEFAULT_OUT_OF_SAMPLE_MONTHS : outOfSample;
        if (is < 1) {
            throw ProblemException.badRequest("inSampleMonths", "must be at least 1, got " + is);
        }
        if (oos < 1) {
            throw ProblemException.badRequest("outOfSampleMonths", "must be at least 1, got " + oos);
        }
        WalkForwardSpec.Window window;
        try {
            window = windowName == null ? WalkForwardSpec.Window.ROLLING : WalkForwardSpec.Window.of(windowName);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("window", "must be rolling or anchored, got '" + windowName + "'");
        }
        String w = window.key();
        int blocks = blocksParam == null ? Cscv.DEFAULT_BLOCKS : blocksParam;
        if (blocks < 2 || blocks > Cscv.MAX_BLOCKS || blocks % 2 != 0) {
            throw ProblemException.badRequest("blocks", "must be an even number from 2 to " + Cscv.MAX_BLOCKS + ", got " + blocks);
        }
        SweepEntity s = QuarkusTransaction.requiringNew().call(() -> store.find(id).orElseThrow(() -> SweepService.notFound(id)));
        if (!s.status.finished()) {
            throw ProblemException.conflict("sweep " + id + " is " + s.status + "; its analysis needs every variant, once it has finished");
        }
        List<String> pointers = new ArrayList<>();
        SweepService.tree(s.axes).forEach(a -> pointers.add(a.get("pointer").asText()));
        // the variants that ran: moments (a few KB each), stored Sharpe and values
        List<PeriodMoments> moments = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<Double> sharpe = new ArrayList<>();
        int max = config.analysisMaxVariants();
        QuarkusTransaction.requiringNew().run(() -> store.moments(id, r -> {
            if (moments.size() >= max) {
                throw ProblemException.conflict("sweep " + id + " has more than " + max + " variants with results; the analysis holds "
                        + "every variant's monthly moments in memory and is limited to keel.sweeps.analysis-max-variants = " + max);
            }
            moments.add(PeriodMoments.decode(r.moments()));
            indices.add(r.index());
            values.add(r.valuesJson());
            sharpe.add(r.sharpe());
        }));
        if (moments.size() < 2) {
            throw ProblemException.conflict("sweep " + id + " has " + moments.size() + " variants with results; the analysis compares at least 2");
        }
        PeriodMoments first = moments.get(0);
        for (int v = 1; v < moments.size(); v++) {
            PeriodMoments p = moments.get(v);
            if (!p.firstMonth().equals(first.firstMonth()) || p.months() != first.months()) {
                throw ProblemException.conflict("variants " + indices.get(0) + " and " + indices.get(v) + " cover different months ("
                        + first.firstMonth() + " to " + first.month(first.months() - 1) + " vs " + p.firstMonth() + " to "
                        + p.month(p.months() - 1) + ", e.g. an axis moves the first allocation); the analysis compares variants over the same months");
            }
        }
        int months = first.months();
        if (is >= months) {
            throw ProblemException.badRequest("inSampleMonths", "must be less than the variants' " + months + " months ("
                    + first.firstMonth() + " to " + first.month(months - 1) + "), so that out-of-sample months remain; got " + is);
        }
        long dataMonths = java.util.stream.IntStream.range(0, months).filter(m -> first.count(m) > 0).count();
        if (blocks > dataMonths) {
            throw ProblemException.badRequest("blocks", "must not exceed the " + dataMonths + " months with returns, got " + blocks);
        }
        WalkForward.Result wf = WalkForward.run(moments, new WalkForwardSpec(is, oos, window, metric));
        List<FoldView> folds = new ArrayList<>();
        for (WalkForward.Fold f : wf.folds()) {
            folds.add(new FoldView(f.number(), months(f.inSampleFirst(), f.inSampleLast()), months(f.outOfSampleFirst(), f.outOfSampleLast()),
                    indices.get(f.chosen()), byPointer(pointers, values.get(f.chosen())), num(f.inSample()), num(f.outOfSample()),
                    num(f.degradation())));
        }
        WalkForwardView wfv = new WalkForwardView(is, oos, w, folds, FiguresView.of(wf.outOfSample()), num(wf.meanDegradation()));
        Cscv.Result pbo = Cscv.run(moments, new Cscv.Spec(blocks, metric));
        Map<String, Double> quantiles = new LinkedHashMap<>();
        for (int q = 0; q < Cscv.LogitSummary.LEVELS.size(); q++) {
            quantiles.put(String.format(Locale.ROOT, "p%02d", Math.round(Cscv.LogitSummary.LEVELS.get(q) * 100)), num(pbo.logits().quantiles().get(q)));
        }
        PboView pv = new PboView(blocks, pbo.combinations(), num(pbo.probability()), num(pbo.probabilityOfLoss()), num(pbo.degradationSlope()),
                num(pbo.degradationIntercept()), num(pbo.meanInSample()), num(pbo.meanOutOfSample()), num(pbo.logits().mean()), quantiles,
                pbo.blocks().stream().map(b -> new BlockView(b.number(), b.first(), b.last(), b.months(), b.days())).toList());
        DeflatedView dsr = deflated(s, metric, moments, indices, values, sharpe, pointers);
        return new Analysis(id, metric.key(), moments.size(), months(first.firstMonth(), first.month(months - 1)), wfv, dsr, pv);
    }

    /**
     * The best variant by {@code metric} over all months (NaN never beats a number; ties: the lowest index), and its
     * Deflated Sharpe Ratio among the N variants: V[SR] the sample variance (ddof 1) of their stored Sharpe ratios
     * converted to daily (divided by sqrt(252)), its Sharpe the same, T its daily rows, its skewness and raw kurtosis from
     * its daily returns recomputed on the pinned snapshot.
     */
    private DeflatedView deflated(SweepEntity s, SelectionMetric metric, List<PeriodMoments> moments, List<Integer> indices,
                                  List<String> values, List<Double> sharpe, List<String> pointers) {
        int best = metric.best(moments);
        int n = moments.size();
        double mean = 0;
        int finite = 0;
        double[] daily = new double[n];
        for (int v = 0; v < n; v++) {
            daily[v] = sharpe.get(v) / Math.sqrt(DAYS_PER_YEAR);
            if (Double.isFinite(daily[v])) {
                mean += daily[v];
                finite++;
            }
        }
        mean /= finite;
        double ss = 0;
        for (double d : daily) {
            if (Double.isFinite(d)) {
                ss += (d - mean) * (d - mean);
            }
        }
        double variance = finite < 2 ? Double.NaN : ss / (finite - 1);
        PeriodMoments p = moments.get(best);
        long t = p.totals(0, p.months()).count();
        Map<String, JsonNode> bestValues = byPointer(pointers, values.get(best));
        int index = indices.get(best);
        if (!Double.isFinite(daily[best]) || !Double.isFinite(variance)) {
            return new DeflatedView(index, bestValues, n, num(variance), null, null, num(daily[best]), num(sharpe.get(best)), t, null,
                    null, null, "no deflated Sharpe ratio: the best variant or too few variants have a Sharpe ratio");
        }
        // skewness and kurtosis of the best variant's daily returns, as stored in its moments (port_ret from the first row)
        BacktestResult result = sweeps.recompute(new SweepService.StoredVariant(s, index, values.get(best)));
        double[] returns = result.series().column("port_ret").orElseThrow();
        double skew = SharpeInference.skewness(returns);
        double kurt = SharpeInference.kurtosis(returns);
        double sr0 = SharpeInference.expectedMaxSharpe(n, variance);
        double probability = SharpeInference.probabilisticSharpe(daily[best], sr0, t, skew, kurt);
        return new DeflatedView(index, bestValues, n, num(variance), num(sr0), num(sr0 * Math.sqrt(DAYS_PER_YEAR)), num(daily[best]),
                num(sharpe.get(best)), t, num(skew), num(kurt), num(probability), null);
    }

    private static Months months(YearMonth first, YearMonth last) {
        return new Months(first, last, (int) (first.until(last, java.time.temporal.ChronoUnit.MONTHS) + 1));
    }

    private static Map<String, JsonNode> byPointer(List<String> pointers, String valuesJson) {
        JsonNode values = SweepService.tree(valuesJson);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (int i = 0; i < pointers.size(); i++) {
            out.put(pointers.get(i), values.get(i));
        }
        return out;
    }

    static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
