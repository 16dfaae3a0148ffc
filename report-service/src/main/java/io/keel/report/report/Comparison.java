package io.keel.report.report;

import io.keel.result.metrics.ReturnMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Several runs side by side ({@code GET /reports/compare?runs=1,2}): their summaries, and a table of
 * headline figures with one value per run in the order asked.
 *
 * @param runs    the runs' summaries, in the order of the {@code runs} parameter
 * @param metrics one row per figure
 */
public record Comparison(List<RunSummary> runs, List<Row> metrics) {

    /**
     * One figure across the runs.
     *
     * @param key    stable key, e.g. {@code portfolio.cagr}
     * @param label  human label
     * @param unit   {@code fraction}, {@code ratio}, {@code multiple} or {@code days}
     * @param values one per run (null where undefined)
     */
    public record Row(String key, String label, String unit, List<Double> values) {
    }

    /** Pure: the comparison of the given summaries. */
    public static Comparison of(List<RunSummary> runs) {
        List<Row> rows = new ArrayList<>();
        for (String part : List.of("portfolio", "base")) {
            Function<RunSummary, ReturnMetrics> m = part.equals("portfolio") ? RunSummary::portfolio : RunSummary::base;
            String who = part.equals("portfolio") ? "" : "base ";
            rows.add(row(runs, part + ".totalReturn", who + "total return", "fraction", s -> m.apply(s).totalReturn()));
            rows.add(row(runs, part + ".cagr", who + "CAGR", "fraction", s -> m.apply(s).cagr()));
            rows.add(row(runs, part + ".annualVolatility", who + "volatility (ann.)", "fraction", s -> m.apply(s).annualVolatility()));
            rows.add(row(runs, part + ".sharpe", who + "Sharpe", "ratio", s -> m.apply(s).sharpe()));
            rows.add(row(runs, part + ".sortino", who + "Sortino", "ratio", s -> m.apply(s).sortino()));
            rows.add(row(runs, part + ".calmar", who + "Calmar", "ratio", s -> m.apply(s).calmar()));
            rows.add(row(runs, part + ".maxDrawdown", who + "max drawdown", "fraction", s -> m.apply(s).maxDrawdown().depth()));
            rows.add(row(runs, part + ".longestDrawdownDays", who + "longest drawdown", "days", s -> (double) m.apply(s).longestDrawdownDays()));
            rows.add(row(runs, part + ".var95", who + "daily VaR 95%", "fraction", s -> m.apply(s).var95()));
            rows.add(row(runs, part + ".cvar95", who + "daily CVaR 95%", "fraction", s -> m.apply(s).cvar95()));
        }
        rows.add(row(runs, "leverage.average", "average leverage", "multiple", s -> s.leverage().average()));
        rows.add(row(runs, "leverage.max", "max leverage", "multiple", s -> s.leverage().max()));
        rows.add(row(runs, "trading.annualTurnover", "turnover / year", "fraction", s -> s.trading().annualTurnover()));
        rows.add(row(runs, "trading.annualCostDrag", "cost drag / year", "fraction", s -> s.trading().annualCostDrag()));
        rows.add(row(runs, "days", "days", "days", s -> (double) s.days()));
        return new Comparison(List.copyOf(runs), List.copyOf(rows));
    }

    private static Row row(List<RunSummary> runs, String key, String label, String unit, Function<RunSummary, Double> f) {
        List<Double> v = new ArrayList<>();
        for (RunSummary s : runs) {
            Double x = f.apply(s);
            v.add(x == null || !Double.isFinite(x) ? null : x);
        }
        return new Row(key, label, unit, v);
    }
}
