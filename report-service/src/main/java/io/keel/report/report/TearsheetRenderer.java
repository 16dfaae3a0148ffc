package io.keel.report.report;

import io.keel.report.report.PageView.Block;
import io.keel.report.report.PageView.Cell;
import io.keel.report.report.PageView.Link;
import io.keel.report.report.PageView.Panel;
import io.keel.report.report.PageView.Row;
import io.keel.report.report.PageView.Table;
import io.keel.result.RunSeries;
import io.keel.result.metrics.Dated;
import io.keel.result.metrics.DiagnosticMetrics;
import io.keel.result.metrics.Drawdown;
import io.keel.result.metrics.DrawdownPeriods;
import io.keel.result.metrics.PerformanceMetrics;
import io.keel.result.metrics.PeriodReturn;
import io.keel.result.metrics.RelativeMetrics;
import io.keel.result.metrics.ReturnDistribution;
import io.keel.result.metrics.ReturnMetrics;
import io.keel.result.metrics.RollingMetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTML tearsheet of one run, laid out by the Qute template of {@link PageView}. Server-side: the header, the
 * metrics, worst drawdowns, monthly returns and (with a benchmark) the relative figures and yearly returns; in the
 * page: the data of the charts (equity base vs overlay and benchmark with a log-scale switch, drawdown, leverage and
 * every overlay diagnostic the run's result declares, stacked base weights, monthly returns heatmap, rolling
 * volatility and Sharpe, rolling beta, distribution of daily returns) drawn by ECharts.
 */
public final class TearsheetRenderer {

    /** Windows of the rolling volatility and Sharpe charts, and of the rolling beta (trading days). */
    static final int[] ROLLING_WINDOWS = {63, 126, 252};
    static final int[] BETA_WINDOWS = {126, 252};
    static final int DISTRIBUTION_BINS = 60;
    static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private TearsheetRenderer() {
    }

    public static String render(RunSummary s, RunSeries series, String echartsPath) {
        return render(s, series, echartsPath, null);
    }

    /** With the benchmark's curve over {@code aligned} (the run's and the benchmark's common days), when not null. */
    public static String render(RunSummary s, RunSeries series, String echartsPath, RelativeMetrics.Aligned aligned) {
        var run = s.run();
        String meta = run.definition() + " v" + run.version() + " · snapshot " + run.snapshotId() + " · " + s.startDate()
                + " → " + s.endDate() + " (" + s.days() + " days)" + (run.seedScript() != null ? " · seed layout " + run.seedScript() : "");
        List<Link> downloads = new ArrayList<>(List.of(new Link("summary.json", "summary.json"),
                new Link("series.csv (canonical)", "series.csv?layout=canonical")));
        if (run.seedScript() != null) {
            downloads.add(new Link("series.csv (" + run.seedScript() + " layout)", "series.csv?layout=seed"));
        }
        double[] portRet = series.require("port_ret");
        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.note("Metric definitions: docs/metrics.md (v" + s.metricsVersion() + "). Downloads: ", downloads));
        boolean withBenchmark = aligned != null && s.benchmark() != null;
        blocks.add(Block.grid(List.of(
                new Panel(withBenchmark ? "Equity: overlay, base and " + s.benchmark().benchmark() : "Equity: overlay vs base",
                        "chart-equity", false, true, null),
                Panel.chart("Drawdown", "chart-drawdown"),
                Panel.chart("Leverage and overlay diagnostics", "chart-leverage"),
                Panel.chart("Base weights (stacked)", "chart-weights"))));
        blocks.add(Block.grid(List.of(new Panel("Monthly returns (overlay, %)", "chart-monthly", true, false, null),
                Panel.table("Metrics", metricsTable(s)))));
        List<Panel> rolling = new ArrayList<>(List.of(Panel.chart("Rolling volatility (overlay, annualised)", "chart-rolling-vol"),
                Panel.chart("Rolling Sharpe (overlay, rf " + Html.pct(s.riskFreeRate()) + ")", "chart-rolling-sharpe")));
        if (withBenchmark) {
            rolling.add(Panel.chart("Rolling beta against " + s.benchmark().benchmark(), "chart-rolling-beta"));
        }
        rolling.add(Panel.chart("Distribution of daily returns (overlay)", "chart-distribution"));
        blocks.add(Block.grid(rolling));
        if (s.benchmark() != null) {
            blocks.add(Block.grid(List.of(Panel.table("Against the benchmark: " + s.benchmark().benchmark(), relativeTable(s.benchmark())),
                    Panel.table("Yearly returns", yearsTable(s.benchmark())))));
        }
        blocks.add(Block.grid(List.of(
                Panel.table("Worst 10 drawdowns (overlay)", drawdownsTable(DrawdownPeriods.worst(series.dates(), portRet, 10))),
                Panel.table("Monthly returns (overlay)", monthlyTable(PerformanceMetrics.monthlyReturns(series.dates(), portRet),
                        PerformanceMetrics.yearlyReturns(series.dates(), portRet))))));

        Map<String, Object> data = chartData(s, series);
        if (withBenchmark) {
            data.put("benchmark", Map.of("label", s.benchmark().benchmark(),
                    "dates", aligned.dates().stream().map(Object::toString).toList(),
                    "equity", PerformanceMetrics.equity(aligned.benchmark()),
                    "strategyEquity", PerformanceMetrics.equity(aligned.strategy())));
            Map<String, double[]> beta = new LinkedHashMap<>();
            for (int w : BETA_WINDOWS) {
                if (aligned.strategy().length >= w) {
                    beta.put(Integer.toString(w), RollingMetrics.beta(aligned.strategy(), aligned.benchmark(), w));
                }
            }
            data.put("rollingBeta", beta);
        }
        return new PageView("Keel · run " + run.id() + " · " + run.definition(), "Run " + run.id() + " · " + run.definition(),
                meta, List.of(), blocks, "tearsheet-data", ReportJson.forHtml(data), echartsPath, Html.INIT_TEARSHEET).render();
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
        Map<String, double[]> vol = new LinkedHashMap<>();
        Map<String, double[]> sharpe = new LinkedHashMap<>();
        for (int w : ROLLING_WINDOWS) {
            if (portRet.length >= w) {
                vol.put(Integer.toString(w), RollingMetrics.volatility(portRet, w));
                sharpe.put(Integer.toString(w), RollingMetrics.sharpe(portRet, w, s.riskFreeRate()));
            }
        }
        d.put("rolling", Map.of("volatility", vol, "sharpe", sharpe));
        ReturnDistribution dist = ReturnDistribution.of(portRet, DISTRIBUTION_BINS);
        d.put("distribution", Map.of("centers", dist.centers(), "counts", dist.counts()));
        return d;
    }

    /** The metrics table: one row per figure, base and overlay side by side. */
    static Table metricsTable(RunSummary s) {
        List<Row> rows = new ArrayList<>();
        ReturnMetrics base = s.base();
        ReturnMetrics port = s.portfolio();
        row(rows, "Total return", base, port, m -> Html.pct(m.totalReturn()));
        row(rows, "CAGR", base, port, m -> Html.pct(m.cagr()));
        row(rows, "Volatility (ann.)", base, port, m -> Html.pct(m.annualVolatility()));
        row(rows, "Sharpe (rf " + Html.pct(s.riskFreeRate()) + ")", base, port, m -> Html.num(m.sharpe()));
        row(rows, "Sortino", base, port, m -> Html.num(m.sortino()));
        row(rows, "Calmar", base, port, m -> Html.num(m.calmar()));
        row(rows, "Max drawdown", base, port, m -> Html.pct(m.maxDrawdown().depth()));
        row(rows, "  peak → trough", base, port, m -> dates(m.maxDrawdown()));
        row(rows, "  recovery", base, port, m -> m.maxDrawdown().recovery() == null
                ? (m.maxDrawdown().trough() == null ? "–" : "not recovered") : m.maxDrawdown().recovery().toString());
        row(rows, "Longest drawdown (days)", base, port, m -> Integer.toString(m.longestDrawdownDays()));
        row(rows, "Best day", base, port, m -> dated(m.bestDay()));
        row(rows, "Worst day", base, port, m -> dated(m.worstDay()));
        row(rows, "Best month", base, port, m -> period(m.bestMonth()));
        row(rows, "Worst month", base, port, m -> period(m.worstMonth()));
        row(rows, "Best year", base, port, m -> period(m.bestYear()));
        row(rows, "Worst year", base, port, m -> period(m.worstYear()));
        row(rows, "Positive months", base, port, m -> Html.pct(m.positiveMonths()));
        row(rows, "Skew", base, port, m -> Html.num(m.skewness()));
        row(rows, "Excess kurtosis", base, port, m -> Html.num(m.excessKurtosis()));
        row(rows, "Daily VaR 95%", base, port, m -> Html.pct(m.var95()));
        row(rows, "Daily CVaR 95%", base, port, m -> Html.pct(m.cvar95()));
        var l = s.leverage();
        single(rows, "Leverage avg / max", Html.num(l.average()) + " / " + Html.num(l.max()));
        single(rows, "Days at max cap" + (l.capMax() == null ? "" : " (" + Html.num(l.capMax()) + ")"), Html.pct(l.atMaxCap()));
        single(rows, "Days at min cap" + (l.capMin() == null ? "" : " (" + Html.num(l.capMin()) + ")"), Html.pct(l.atMinCap()));
        single(rows, "Turnover / year", Html.pct(s.trading().annualTurnover()));
        single(rows, "Cost drag / year", Html.pct(s.trading().annualCostDrag()));
        for (DiagnosticMetrics g : s.diagnostics()) {
            single(rows, g.column() + " (" + g.overlay() + ") mean / min / max / last", Html.num(g.mean()) + " / "
                    + Html.num(g.min()) + " / " + Html.num(g.max()) + " / " + Html.num(g.last()));
            single(rows, g.column() + " (" + g.overlay() + ") days not 0", g.nonZeroDays() + " (" + Html.pct(g.nonZeroFraction()) + ")");
        }
        return new Table("metrics", List.of("metric", "base", "overlay"), rows);
    }

    /** The benchmark-relative figures (docs/metrics.md, "Benchmark-relative"). */
    static Table relativeTable(RelativeMetrics r) {
        List<Row> rows = new ArrayList<>();
        single(rows, "Aligned days (left out: strategy days the benchmark lacks)", r.days() + " (" + r.droppedDays() + " left out)");
        single(rows, "CAGR overlay / benchmark", Html.pct(r.strategyCagr()) + " / " + Html.pct(r.benchmarkCagr()));
        single(rows, "Excess CAGR", Html.pct(r.excessCagr()));
        single(rows, "Alpha (ann.)", Html.pct(r.alpha()));
        single(rows, "Beta", Html.num(r.beta()));
        single(rows, "Correlation", Html.num(r.correlation()));
        single(rows, "R²", Html.num(r.rSquared()));
        single(rows, "Tracking error (ann.)", Html.pct(r.trackingError()));
        single(rows, "Information ratio (ann.)", Html.num(r.informationRatio()));
        single(rows, "Up capture", Html.num(r.upCapture()));
        single(rows, "Down capture", Html.num(r.downCapture()));
        return new Table("benchmark", List.of("figure", "overlay vs benchmark"), rows);
    }

    /** Calendar-year returns of overlay and benchmark side by side. */
    static Table yearsTable(RelativeMetrics r) {
        List<Row> rows = new ArrayList<>();
        for (RelativeMetrics.YearPair y : r.years()) {
            rows.add(Row.of(Cell.of(y.year()), Cell.signed(Html.pct(y.strategy()), y.strategy()),
                    Cell.signed(Html.pct(y.benchmark()), y.benchmark()), Cell.signed(Html.pct(y.difference()), y.difference())));
        }
        return new Table("years", List.of("year", "overlay", "benchmark", "difference"), rows);
    }

    /** The worst drawdowns: start, trough, recovery, depth, length. */
    static Table drawdownsTable(List<DrawdownPeriods.Period> periods) {
        List<Row> rows = new ArrayList<>();
        for (DrawdownPeriods.Period p : periods) {
            rows.add(Row.of(Cell.of(p.start()), Cell.of(p.trough()), Cell.of(p.recovery() == null ? "not recovered" : p.recovery()),
                    Cell.signed(Html.pct(p.depth()), p.depth()), Cell.of(p.days())));
        }
        return new Table("drawdowns", List.of("start", "trough", "recovery", "depth", "trading days"), rows);
    }

    /** Months as columns, one row per year, and the year's compounded return as the last column. */
    static Table monthlyTable(List<PeriodReturn> months, List<PeriodReturn> years) {
        Map<String, Double> byMonth = new LinkedHashMap<>();
        months.forEach(m -> byMonth.put(m.period(), m.value()));
        List<Row> rows = new ArrayList<>();
        for (PeriodReturn y : years) {
            List<Cell> cells = new ArrayList<>();
            cells.add(Cell.of(y.period()));
            for (int m = 1; m <= 12; m++) {
                Double v = byMonth.get(y.period() + String.format(Locale.ROOT, "-%02d", m));
                cells.add(v == null ? Cell.of("") : Cell.signed(Html.pct(v), v));
            }
            cells.add(Cell.signed(Html.pct(y.value()), y.value()).bold());
            rows.add(Row.of(cells));
        }
        List<String> head = new ArrayList<>(List.of("year"));
        head.addAll(List.of(MONTHS));
        head.add("year");
        return new Table("monthly", head, rows);
    }

    private static void row(List<Row> rows, String label, ReturnMetrics base, ReturnMetrics port, Function<ReturnMetrics, String> f) {
        rows.add(Row.of(Cell.of(label), Cell.of(f.apply(base)), Cell.of(f.apply(port))));
    }

    private static void single(List<Row> rows, String label, String value) {
        rows.add(Row.of(Cell.of(label), Cell.of(value)));
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
