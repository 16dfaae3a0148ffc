package io.keel.report.report;

import io.keel.result.metrics.Dated;
import io.keel.result.metrics.Drawdown;
import io.keel.result.metrics.PerformanceMetrics;
import io.keel.result.metrics.PeriodReturn;
import io.keel.result.metrics.ReturnMetrics;
import io.keel.result.RunSeries;
import io.keel.result.metrics.DiagnosticMetrics;
import io.keel.result.metrics.RelativeMetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Pure: the HTML tearsheet of one run. Server-side: the header and the metrics table; in the page:
 * the data of the charts (equity base vs overlay with a log-scale switch, drawdown, leverage and
 * every overlay diagnostic the run's result declares, stacked base weights, monthly returns heatmap) drawn by ECharts.
 */
public final class TearsheetRenderer {

    private TearsheetRenderer() {
    }

    public static String render(RunSummary s, RunSeries series, String echartsPath) {
        return render(s, series, echartsPath, null);
    }

    /** With the benchmark's curve over {@code aligned} (the run's and the benchmark's common days), when not null. */
    public static String render(RunSummary s, RunSeries series, String echartsPath, RelativeMetrics.Aligned aligned) {
        var run = s.run();
        String title = "Keel · run " + run.id() + " · " + run.definition();
        String meta = Html.esc(run.definition()) + " v" + Html.esc(run.version()) + " · snapshot " + Html.esc(run.snapshotId())
                + " · " + s.startDate() + " → " + s.endDate() + " (" + s.days() + " days)"
                + (run.seedScript() != null ? " · seed layout " + Html.esc(run.seedScript()) : "");
        StringBuilder b = new StringBuilder(64_000 + series.size() * 200);
        b.append(Html.open(title, "Run " + run.id() + " · " + run.definition(), meta));
        b.append("<p class=\"note\">Downloads: <a href=\"summary.json\">summary.json</a> · ")
                .append("<a href=\"series.csv?layout=canonical\">series.csv (canonical)</a>");
        if (run.seedScript() != null) {
            b.append(" · <a href=\"series.csv?layout=seed\">series.csv (").append(Html.esc(run.seedScript())).append(" layout)</a>");
        }
        b.append(" · metric definitions: docs/metrics.md (v").append(s.metricsVersion()).append(")</p>\n");
        b.append("<div class=\"grid\">\n");
        panel(b, "Equity: overlay vs base", "chart-equity", "<label><input type=\"checkbox\" id=\"log-scale\"> log scale</label>", false);
        panel(b, "Drawdown", "chart-drawdown", "", false);
        panel(b, "Leverage and overlay diagnostics", "chart-leverage", "", false);
        panel(b, "Base weights (stacked)", "chart-weights", "", false);
        b.append("</div>\n<div class=\"grid\">\n");
        panel(b, "Monthly returns (overlay, %)", "chart-monthly", "", true);
        b.append("<div class=\"panel\"><h2>Metrics</h2>").append(metricsTable(s)).append("</div>\n</div>\n");
        if (s.benchmark() != null) {
            b.append("<div class=\"grid\">\n<div class=\"panel\"><h2>Against the benchmark: ").append(Html.esc(s.benchmark().benchmark()))
                    .append("</h2>").append(relativeTable(s.benchmark())).append("</div>\n<div class=\"panel\"><h2>Yearly returns</h2>")
                    .append(yearsTable(s.benchmark())).append("</div>\n</div>\n");
        }
        Map<String, Object> data = chartData(s, series);
        if (aligned != null && s.benchmark() != null) {
            data.put("benchmark", Map.of("label", s.benchmark().benchmark(),
                    "dates", aligned.dates().stream().map(Object::toString).toList(),
                    "equity", PerformanceMetrics.equity(aligned.benchmark()),
                    "strategyEquity", PerformanceMetrics.equity(aligned.strategy())));
        }
        b.append(Html.close(echartsPath, "tearsheet-data", ReportJson.forHtml(data), Html.INIT_TEARSHEET));
        return b.toString();
    }

    private static void panel(StringBuilder b, String title, String id, String extra, boolean tall) {
        b.append("<div class=\"panel\"><h2>").append(Html.esc(title)).append(extra).append("</h2><div id=\"").append(id)
                .append("\" class=\"chart").append(tall ? " tall" : "").append("\"></div></div>\n");
    }

    /** The data the page's charts draw. */
    static Map<String, Object> chartData(RunSummary s, RunSeries series) {
        Map<String, Object> d = new LinkedHashMap<>();
        double[] baseRet = series.require("base_ret");
        double[] portRet = series.require("port_ret");
        double[] baseEq = PerformanceMetrics.equity(baseRet);
        double[] portEq = PerformanceMetrics.equity(portRet);
        d.put("definition", s.run().definition());
        d.put("dates", series.dates().stream().map(Object::toString).toList());
        d.put("baseEquity", baseEq);
        d.put("portEquity", portEq);
        d.put("baseDrawdown", PerformanceMetrics.drawdowns(baseEq));
        d.put("portDrawdown", PerformanceMetrics.drawdowns(portEq));
        d.put("leverage", series.require("leverage"));
        List<Map<String, Object>> diagnostics = new ArrayList<>();
        for (DiagnosticMetrics g : s.diagnostics()) {
            diagnostics.add(Map.of("name", g.column(), "overlay", g.overlay(), "values", series.require(g.column())));
        }
        d.put("diagnostics", diagnostics);
        List<Map<String, Object>> weights = new ArrayList<>();
        for (String sym : series.weightSymbols()) {
            weights.add(Map.of("symbol", sym, "values", series.require("w_" + sym)));
        }
        d.put("weights", weights);
        d.put("monthly", PerformanceMetrics.monthlyReturns(series.dates(), portRet));
        return d;
    }

    /** The metrics table: one row per figure, base and overlay side by side. */
    static String metricsTable(RunSummary s) {
        StringBuilder b = new StringBuilder("<table id=\"metrics\"><thead><tr><th>metric</th><th>base</th><th>overlay</th></tr></thead><tbody>\n");
        ReturnMetrics base = s.base();
        ReturnMetrics port = s.portfolio();
        row(b, "Total return", base, port, m -> Html.pct(m.totalReturn()));
        row(b, "CAGR", base, port, m -> Html.pct(m.cagr()));
        row(b, "Volatility (ann.)", base, port, m -> Html.pct(m.annualVolatility()));
        row(b, "Sharpe (rf " + Html.pct(s.riskFreeRate()) + ")", base, port, m -> Html.num(m.sharpe()));
        row(b, "Sortino", base, port, m -> Html.num(m.sortino()));
        row(b, "Calmar", base, port, m -> Html.num(m.calmar()));
        row(b, "Max drawdown", base, port, m -> Html.pct(m.maxDrawdown().depth()));
        row(b, "  peak → trough", base, port, m -> dates(m.maxDrawdown()));
        row(b, "  recovery", base, port, m -> m.maxDrawdown().recovery() == null
                ? (m.maxDrawdown().trough() == null ? "–" : "not recovered") : m.maxDrawdown().recovery().toString());
        row(b, "Longest drawdown (days)", base, port, m -> Integer.toString(m.longestDrawdownDays()));
        row(b, "Best day", base, port, m -> dated(m.bestDay()));
        row(b, "Worst day", base, port, m -> dated(m.worstDay()));
        row(b, "Best month", base, port, m -> period(m.bestMonth()));
        row(b, "Worst month", base, port, m -> period(m.worstMonth()));
        row(b, "Best year", base, port, m -> period(m.bestYear()));
        row(b, "Worst year", base, port, m -> period(m.worstYear()));
        row(b, "Positive months", base, port, m -> Html.pct(m.positiveMonths()));
        row(b, "Skew", base, port, m -> Html.num(m.skewness()));
        row(b, "Excess kurtosis", base, port, m -> Html.num(m.excessKurtosis()));
        row(b, "Daily VaR 95%", base, port, m -> Html.pct(m.var95()));
        row(b, "Daily CVaR 95%", base, port, m -> Html.pct(m.cvar95()));
        var l = s.leverage();
        single(b, "Leverage avg / max", Html.num(l.average()) + " / " + Html.num(l.max()));
        single(b, "Days at max cap" + (l.capMax() == null ? "" : " (" + Html.num(l.capMax()) + ")"), Html.pct(l.atMaxCap()));
        single(b, "Days at min cap" + (l.capMin() == null ? "" : " (" + Html.num(l.capMin()) + ")"), Html.pct(l.atMinCap()));
        single(b, "Turnover / year", Html.pct(s.trading().annualTurnover()));
        single(b, "Cost drag / year", Html.pct(s.trading().annualCostDrag()));
        for (DiagnosticMetrics g : s.diagnostics()) {
            single(b, g.column() + " (" + g.overlay() + ") mean / min / max / last", Html.num(g.mean()) + " / "
                    + Html.num(g.min()) + " / " + Html.num(g.max()) + " / " + Html.num(g.last()));
            single(b, g.column() + " (" + g.overlay() + ") days not 0", g.nonZeroDays() + " (" + Html.pct(g.nonZeroFraction()) + ")");
        }
        return b.append("</tbody></table>").toString();
    }

    /** The benchmark-relative figures (docs/metrics.md, "Benchmark-relative"). */
    static String relativeTable(RelativeMetrics r) {
        StringBuilder b = new StringBuilder("<table id=\"benchmark\"><tbody>\n");
        pair(b, "Aligned days (left out: strategy days the benchmark lacks)", r.days() + " (" + r.droppedDays() + " left out)");
        pair(b, "CAGR overlay / benchmark", Html.pct(r.strategyCagr()) + " / " + Html.pct(r.benchmarkCagr()));
        pair(b, "Excess CAGR", Html.pct(r.excessCagr()));
        pair(b, "Alpha (ann.)", Html.pct(r.alpha()));
        pair(b, "Beta", Html.num(r.beta()));
        pair(b, "Correlation", Html.num(r.correlation()));
        pair(b, "R²", Html.num(r.rSquared()));
        pair(b, "Tracking error (ann.)", Html.pct(r.trackingError()));
        pair(b, "Information ratio (ann.)", Html.num(r.informationRatio()));
        pair(b, "Up capture", Html.num(r.upCapture()));
        pair(b, "Down capture", Html.num(r.downCapture()));
        return b.append("</tbody></table>").toString();
    }

    /** Calendar-year returns of overlay and benchmark side by side. */
    static String yearsTable(RelativeMetrics r) {
        StringBuilder b = new StringBuilder("<table id=\"years\"><thead><tr><th>year</th><th>overlay</th><th>benchmark</th>"
                + "<th>difference</th></tr></thead><tbody>\n");
        for (RelativeMetrics.YearPair y : r.years()) {
            b.append("<tr><td>").append(Html.esc(y.year())).append("</td><td>").append(Html.pct(y.strategy())).append("</td><td>")
                    .append(Html.pct(y.benchmark())).append("</td><td").append(Html.sign(y.difference())).append('>')
                    .append(Html.pct(y.difference())).append("</td></tr>\n");
        }
        return b.append("</tbody></table>").toString();
    }

    private static void pair(StringBuilder b, String label, String value) {
        b.append("<tr><td>").append(Html.esc(label)).append("</td><td>").append(Html.esc(value)).append("</td></tr>\n");
    }

    private static void row(StringBuilder b, String label, ReturnMetrics base, ReturnMetrics port, Function<ReturnMetrics, String> f) {
        b.append("<tr><td>").append(Html.esc(label)).append("</td><td>").append(Html.esc(f.apply(base)))
                .append("</td><td>").append(Html.esc(f.apply(port))).append("</td></tr>\n");
    }

    private static void single(StringBuilder b, String label, String value) {
        b.append("<tr><td>").append(Html.esc(label)).append("</td><td></td><td>").append(Html.esc(value)).append("</td></tr>\n");
    }

    private static String dates(Drawdown d) {
        if (d.trough() == null) {
            return "–";
        }
        return (d.peak() == null ? "start" : d.peak().toString()) + " → " + d.trough();
    }

    private static String dated(Dated d) {
        return Html.pct(d.value()) + " (" + d.date() + ")";
    }

    private static String period(PeriodReturn p) {
        return Html.pct(p.value()) + " (" + p.period() + ")";
    }
}
