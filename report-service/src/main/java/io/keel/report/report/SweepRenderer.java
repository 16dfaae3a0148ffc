package io.keel.report.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.keel.report.report.PageView.Block;
import io.keel.report.report.PageView.Cell;
import io.keel.report.report.PageView.Field;
import io.keel.report.report.PageView.Link;
import io.keel.report.report.PageView.Option;
import io.keel.report.report.PageView.Panel;
import io.keel.report.report.PageView.Row;
import io.keel.report.report.PageView.Table;
import io.keel.report.strategy.SweepDocuments.Analysis;
import io.keel.report.strategy.SweepDocuments.Axis;
import io.keel.report.strategy.SweepDocuments.Deflated;
import io.keel.report.strategy.SweepDocuments.Fold;
import io.keel.report.strategy.SweepDocuments.Pbo;
import io.keel.report.strategy.SweepDocuments.ResultRow;
import io.keel.report.strategy.SweepDocuments.SweepInfo;
import io.keel.result.RunSeries;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sweep page (Qute template of {@link PageView}) and the pages of a sweep without results (queued, running:
 * its progress; failed: the reason) and the list of sweeps. Figures are strategy-service's; this class only lays them
 * out, except the stitched out-of-sample equity ({@link StitchedEquity}) and the equity curves (growth of 1 of each
 * variant's {@code port_equity}).
 */
public final class SweepRenderer {

    private SweepRenderer() {
    }

    /** A variant's equity curve: its index, values and daily series. */
    public record Curve(ResultRow row, RunSeries series) {
    }

    /**
     * What the page shows.
     *
     * @param table           the table's rows (strategy-service's order for {@code request.sort()})
     * @param matching        variants that ran (the table's total)
     * @param curves          the best variants by the figure, with their series
     * @param analysis        walk-forward, DSR and PBO, or null when strategy-service cannot compute them
     * @param analysisProblem why there is no analysis (strategy-service's reason), or null
     * @param stitched        the stitched out-of-sample equity, or null without analysis
     */
    public record Input(SweepInfo sweep, SweepRequest request, SweepGrid grid, List<ResultRow> table, long matching,
                        List<Curve> curves, Analysis analysis, String analysisProblem, StitchedEquity stitched) {
    }

    static String base(SweepInfo s) {
        return s.baseName() + (s.base() != null && s.base().version() != null ? " v" + s.base().version() : "");
    }

    public static String page(String path) {
        return "/reports/sweeps/" + path;
    }

    public static String render(Input in, String echartsPath) {
        SweepInfo s = in.sweep();
        SweepRequest r = in.request();
        String self = page(s.id() + "/sweep.html");
        List<Block> blocks = new ArrayList<>();
        if ("CANCELLED".equals(s.status())) {
            blocks.add(Block.warning("sweep-cancelled", "This sweep was cancelled: " + s.done() + " of " + s.valid()
                    + " valid variants ran; the figures below are of those only."));
        }
        if (s.invalid() > 0 || s.failed() > 0) {
            blocks.add(Block.note(s.invalid() + " of " + s.total() + " variants were invalid combinations (refused before running) and "
                    + s.failed() + " failed while running: their heatmap cells are empty.", List.of()));
        }
        blocks.add(Block.form("sweep-choices", self, fields(s, r)));
        String xy = r.y() == null ? r.x().pointer() : r.x().pointer() + " × " + r.y().pointer();
        String fixedText = r.fixed().isEmpty() ? "" : " at " + String.join(", ", r.fixed().entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue()).toList());
        blocks.add(Block.grid(List.of(
                Panel.chart(r.figure().label() + " over " + xy + fixedText, "chart-sweep-heatmap"),
                Panel.chart("Growth of 1: the " + in.curves().size() + " best variants by " + r.figure().label(), "chart-sweep-equity"))));
        blocks.add(Block.table("Heatmap values: " + r.figure().label(), heatmapTable(in.grid())));
        blocks.add(Block.table("Variants: the first " + in.table().size() + " of " + in.matching() + " by " + r.sort(),
                "click a heading to sort by it; every variant's row", List.of(new Link("CSV of all results", page(s.id() + "/results.csv?sort="
                        + java.net.URLEncoder.encode(r.sort(), java.nio.charset.StandardCharsets.UTF_8)))),
                variantsTable(s, r, in.table(), self)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sweep", s.id());
        data.put("heatmap", in.grid().data());
        data.put("curves", curvesData(in.curves(), s.axes()));
        if (in.analysis() != null) {
            Analysis a = in.analysis();
            blocks.add(Block.table("Overfitting statistics (selection by " + a.metric() + ", " + a.variants() + " variants, "
                            + a.months().first() + " to " + a.months().last() + ")", "",
                    List.of(), overfittingTable(a)));
            var wf = a.walkForward();
            blocks.add(Block.grid(List.of(
                    Panel.chart("Walk-forward folds (" + wf.window() + ", " + wf.inSampleMonths() + " months in sample, "
                            + wf.outOfSampleMonths() + " out of sample)", "chart-walkforward"),
                    Panel.chart("Stitched out-of-sample equity (growth of 1)", "chart-oos-equity"))));
            blocks.add(Block.table("Walk-forward folds: the variant chosen in sample and its " + a.metric(), foldsTable(a, s.axes())));
            data.put("walkForward", walkForwardData(a, in.stitched()));
        } else {
            blocks.add(Block.warning("analysis-unavailable", "No walk-forward or overfitting statistics: "
                    + (in.analysisProblem() == null ? "strategy-service did not compute them" : in.analysisProblem())));
        }
        String meta = base(s) + " · snapshot " + s.snapshotId() + " · " + SweepRequest.lower(s.status()) + " · " + s.valid() + " valid of "
                + s.total() + " variants · ranking " + String.join(", ", s.ranking());
        return new PageView("Keel · sweep " + s.id() + " · " + s.baseName(), "Sweep " + s.id() + " · " + s.baseName(), meta,
                List.of(new Link("results CSV", page(s.id() + "/results.csv")), new Link("all sweeps", page(""))), blocks,
                "sweep-data", ReportJson.forHtml(data), echartsPath, Html.INIT_SWEEP).render();
    }

    private static List<Field> fields(SweepInfo s, SweepRequest r) {
        List<Field> out = new ArrayList<>();
        List<Option> metrics = new ArrayList<>();
        for (SweepFigure f : SweepFigure.values()) {
            metrics.add(new Option(f.key(), f.label(), f == r.figure()));
        }
        out.add(new Field("metric", "figure", metrics));
        out.add(new Field("x", "x axis", axisOptions(s.axes(), r.x(), false)));
        if (r.y() != null) {
            out.add(new Field("y", "y axis", axisOptions(s.axes(), r.y(), false)));
        }
        for (Axis a : s.axes()) {
            if (a == r.x() || a == r.y()) {
                continue;
            }
            List<Option> values = new ArrayList<>();
            for (String v : SweepGrid.texts(a)) {
                values.add(new Option(a.pointer() + "=" + v, v, v.equals(r.fixed().get(a.pointer()))));
            }
            out.add(new Field("fix", a.pointer() + " =", values));
        }
        List<Option> selection = new ArrayList<>();
        String sel = r.selection() == null ? "sharpe" : r.selection();
        for (String m : SweepRequest.SELECTIONS) {
            selection.add(new Option(m, m, m.equals(sel)));
        }
        out.add(new Field("selection", "walk-forward and PBO select by", selection));
        return out;
    }

    private static List<Option> axisOptions(List<Axis> axes, Axis chosen, boolean none) {
        List<Option> out = new ArrayList<>();
        for (Axis a : axes) {
            out.add(new Option(a.pointer(), a.pointer(), a == chosen));
        }
        return out;
    }

    /** The heatmap's values as a table (rows: y values, columns: x values); empty cells "–". */
    static Table heatmapTable(SweepGrid g) {
        List<String> head = new ArrayList<>();
        head.add(g.y() == null ? "" : g.y().pointer() + " \\ " + g.x().pointer());
        head.addAll(SweepGrid.texts(g.x()));
        List<String> ys = g.y() == null ? List.of("") : SweepGrid.texts(g.y());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ys.size(); i++) {
            List<Cell> cells = new ArrayList<>();
            cells.add(Cell.of(ys.get(i)));
            for (int c = 0; c < g.cells()[i].length; c++) {
                Double v = g.cells()[i][c];
                cells.add(v == null ? Cell.of("–") : Cell.signed(g.figure().format(v), v));
            }
            rows.add(Row.of(cells));
        }
        return new Table("sweep-heatmap-values", head, rows);
    }

    static Table variantsTable(SweepInfo s, SweepRequest r, List<ResultRow> rows, String self) {
        List<String> head = new ArrayList<>();
        List<String> links = new ArrayList<>();
        head.add("variant");
        links.add(self + "?" + r.query(r.sort().equals("index") ? "-index" : "index"));
        for (Axis a : s.axes()) {
            head.add(a.pointer());
            links.add("");
        }
        for (SweepFigure f : SweepFigure.values()) {
            head.add(f.label() + (r.sort().equals(f.key()) ? " ▲" : r.sort().equals("-" + f.key()) ? " ▼" : ""));
            // a first click lists the best first; clicking the column sorted best first reverses it
            links.add(self + "?" + r.query(r.sort().equals(f.bestFirst()) ? flip(f.bestFirst()) : f.bestFirst()));
        }
        head.add("failure");
        links.add("");
        List<Row> out = new ArrayList<>();
        for (ResultRow row : rows) {
            List<Cell> cells = new ArrayList<>();
            cells.add(Cell.of(row.index()));
            for (Axis a : s.axes()) {
                cells.add(Cell.of(SweepGrid.text(row.values().get(a.pointer()))));
            }
            for (SweepFigure f : SweepFigure.values()) {
                Double v = row.metric(f.key());
                cells.add(v == null ? Cell.of("–") : Cell.signed(f.format(v), v));
            }
            cells.add(Cell.of(row.failure() == null ? "" : row.failure()));
            out.add(new Row(cells, "", row.failure() == null ? "" : "FAILED"));
        }
        if (rows.isEmpty()) {
            out.add(Row.of(Cell.of("no variant has results").span(head.size(), "note")));
        }
        return new Table("sweep-variants", head, out, links);
    }

    private static String flip(String key) {
        return key.startsWith("-") ? key.substring(1) : "-" + key;
    }

    static Table overfittingTable(Analysis a) {
        List<Row> rows = new ArrayList<>();
        Deflated d = a.deflatedSharpe();
        Pbo p = a.pbo();
        rows.add(Row.of(Cell.of("Deflated Sharpe Ratio").bold(), Cell.of(d == null || d.probability() == null ? "–"
                : String.format(Locale.ROOT, "%.4f", d.probability())).bold(), Cell.of(SweepReading.dsr(d)).span(1, "reading")));
        rows.add(Row.of(Cell.of("Probability of Backtest Overfitting").bold(), Cell.of(p == null || p.probability() == null ? "–"
                : String.format(Locale.ROOT, "%.4f", p.probability())).bold(), Cell.of(SweepReading.pbo(p, a.variants())).span(1, "reading")));
        if (d != null) {
            rows.add(Row.of(Cell.of("best variant (whole period)"), Cell.of(d.variantIndex()), Cell.of(values(d.values())).span(1, "reading")));
            rows.add(Row.of(Cell.of("its Sharpe ratio (annualised)"), Cell.of(Html.num(d.annualSharpe())),
                    Cell.of("expected maximum of " + d.trials() + " variants without skill: " + Html.num(d.annualExpectedMaxSharpe())
                            + " (variance of the variants' daily Sharpe ratios " + (d.sharpeVariance() == null ? "–"
                            : String.format(Locale.ROOT, "%.3g", d.sharpeVariance())) + ")").span(1, "reading")));
            rows.add(Row.of(Cell.of("its daily returns"), Cell.of(d.observations()), Cell.of("skewness " + Html.num(d.skewness())
                    + ", kurtosis " + Html.num(d.kurtosis()) + " (3 for a normal distribution)").span(1, "reading")));
        }
        if (p != null) {
            rows.add(Row.of(Cell.of("probability of loss out of sample"), Cell.of(p.probabilityOfLoss() == null ? "–"
                    : String.format(Locale.ROOT, "%.4f", p.probabilityOfLoss())), Cell.of("the share of the " + String.format(Locale.ROOT, "%,d",
                    p.combinations()) + " splits in which the in-sample best variant lost money out of sample").span(1, "reading")));
            rows.add(Row.of(Cell.of("performance degradation"), Cell.of(Html.num(p.degradationSlope())), Cell.of(
                    "slope of the chosen variant's out-of-sample " + a.metric() + " on its in-sample " + a.metric()
                            + " over the splits (intercept " + Html.num(p.degradationIntercept()) + "); negative: the better in sample, the worse out of sample")
                    .span(1, "reading")));
        }
        var wf = a.walkForward();
        if (wf != null && wf.outOfSample() != null) {
            var f = wf.outOfSample();
            rows.add(Row.of(Cell.of("walk-forward out of sample"), Cell.signed(Html.pct(f.totalReturn()), f.totalReturn() == null ? 0 : f.totalReturn()),
                    Cell.of("total return " + f.first() + " to " + f.last() + " (" + f.months() + " months, " + f.days() + " days): CAGR "
                            + Html.pct(f.cagr()) + ", volatility " + Html.pct(f.annualVolatility()) + ", Sharpe " + Html.num(f.sharpe())
                            + "; mean degradation of " + a.metric() + " in sample - out of sample " + Html.num(wf.meanDegradation()))
                            .span(1, "reading")));
        }
        return new Table("sweep-overfitting", List.of("statistic", "value", "reading"), rows);
    }

    static Table foldsTable(Analysis a, List<Axis> axes) {
        List<String> head = new ArrayList<>(List.of("fold", "in sample", "out of sample", "variant"));
        for (Axis ax : axes) {
            head.add(ax.pointer());
        }
        head.addAll(List.of(a.metric() + " in sample", a.metric() + " out of sample", "degradation"));
        List<Row> rows = new ArrayList<>();
        for (Fold f : a.walkForward().folds()) {
            List<Cell> cells = new ArrayList<>();
            cells.add(Cell.of(f.number()));
            cells.add(Cell.of(f.inSample().first() + " – " + f.inSample().last()));
            cells.add(Cell.of(f.outOfSample().first() + " – " + f.outOfSample().last()));
            cells.add(Cell.of(f.variantIndex()));
            for (Axis ax : axes) {
                cells.add(Cell.of(SweepGrid.text(f.values().get(ax.pointer()))));
            }
            cells.add(Cell.of(selectionValue(a.metric(), f.inSampleValue())));
            cells.add(Cell.of(selectionValue(a.metric(), f.outOfSampleValue())));
            cells.add(Cell.of(selectionValue(a.metric(), f.degradation())));
            rows.add(Row.of(cells));
        }
        return new Table("sweep-folds", head, rows);
    }

    private static String selectionValue(String metric, Double v) {
        return metric.equals("cagr") || metric.equals("minVolatility") ? Html.pct(v) : Html.num(v);
    }

    private static String values(Map<String, JsonNode> values) {
        if (values == null) {
            return "";
        }
        return String.join(", ", values.entrySet().stream().map(e -> e.getKey() + " = " + SweepGrid.text(e.getValue())).toList());
    }

    private static List<Map<String, Object>> curvesData(List<Curve> curves, List<Axis> axes) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Curve c : curves) {
            RunSeries s = c.series();
            double[] eq = s.column("port_equity").orElse(null);
            double[] ret = s.require("port_ret");
            List<String> dates = new ArrayList<>(s.size());
            List<Double> growth = new ArrayList<>(s.size());
            double level = 1.0;
            for (int t = 0; t < s.size(); t++) {
                dates.add(s.dates().get(t).toString());
                if (eq != null && Double.isFinite(eq[0]) && eq[0] != 0) {
                    growth.add(eq[t] / eq[0]);
                } else {
                    level *= Double.isFinite(ret[t]) ? 1 + ret[t] : 1;
                    growth.add(level);
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("variant", c.row().index());
            m.put("label", "#" + c.row().index() + " " + shortValues(c.row(), axes));
            m.put("dates", dates);
            m.put("equity", growth);
            out.add(m);
        }
        return out;
    }

    private static String shortValues(ResultRow r, List<Axis> axes) {
        List<String> parts = new ArrayList<>();
        for (Axis a : axes) {
            String p = a.pointer();
            parts.add(p.substring(p.lastIndexOf('/') + 1) + "=" + SweepGrid.text(r.values().get(p)));
        }
        return String.join(" ", parts);
    }

    private static Map<String, Object> walkForwardData(Analysis a, StitchedEquity stitched) {
        List<Map<String, Object>> folds = new ArrayList<>();
        for (Fold f : a.walkForward().folds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", f.number());
            m.put("isFrom", f.inSample().first().atDay(1).toString());
            m.put("oosFrom", f.outOfSample().first().atDay(1).toString());
            m.put("oosTo", f.outOfSample().last().atEndOfMonth().toString());
            m.put("variant", f.variantIndex());
            m.put("values", values(f.values()));
            m.put("inSample", f.inSampleValue());
            m.put("outOfSample", f.outOfSampleValue());
            folds.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", a.metric());
        m.put("folds", folds);
        m.put("dates", stitched == null ? List.of() : stitched.dates().stream().map(LocalDate::toString).toList());
        m.put("equity", stitched == null ? List.of() : stitched.equity());
        return m;
    }

    /** The page of a sweep without results: queued or running (its progress), or failed (the reason). */
    public static String notReady(SweepInfo s) {
        String status = s.status() == null ? "" : s.status();
        List<Block> blocks = new ArrayList<>();
        if (s.failedSweep()) {
            blocks.add(Block.status(status, "This sweep failed: it has no results",
                    s.error() == null ? "strategy-service gave no reason" : s.error()));
        } else {
            double share = s.valid() == 0 ? 0 : (double) s.done() / s.valid();
            String eta = s.etaSeconds() == null ? "" : ", about " + duration(s.etaSeconds()) + " to go";
            String rate = s.rate() == null ? "" : String.format(Locale.ROOT, " at %.1f variants/s", s.rate());
            blocks.add(Block.status(status, "This sweep is " + SweepRequest.lower(status) + ": its page exists once it has finished",
                    s.done() + " of " + s.valid() + " valid variants done (" + Html.pct(share) + ")" + rate + eta + "; " + s.failed()
                            + " failed, " + s.invalid() + " invalid. Submitted " + s.submittedAt()
                            + (s.startedAt() == null ? "" : ", started " + s.startedAt()) + ". Reload this page later."));
            if (s.chunks() != null) {
                var c = s.chunks();
                blocks.add(Block.table("Chunks", new Table("sweep-chunks", List.of("total", "done", "running", "pending", "failed", "skipped"),
                        List.of(Row.of(Cell.of(c.total()), Cell.of(c.done()), Cell.of(c.running()), Cell.of(c.pending()), Cell.of(c.failed()),
                                Cell.of(c.skipped()))))));
            }
        }
        return new PageView("Keel · sweep " + s.id() + " · " + s.baseName(), "Sweep " + s.id() + " · " + s.baseName(),
                base(s) + " · " + SweepRequest.lower(status), List.of(new Link("all sweeps", page(""))), blocks, null, null, null,
                Html.INIT_INDEX).render();
    }

    private static String duration(long seconds) {
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? (seconds / 60) + " min" : (seconds / 3600) + " h";
    }

    /** The list of sweeps, newest first, each linking its page. */
    public static String index(List<SweepInfo> sweeps) {
        List<Row> rows = new ArrayList<>();
        for (SweepInfo s : sweeps) {
            List<Link> links = new ArrayList<>();
            links.add(new Link(s.inProgress() ? "progress" : s.failedSweep() ? "reason" : "sweep page", page(s.id() + "/sweep.html")));
            if (!s.inProgress() && !s.failedSweep()) {
                links.add(new Link("csv", page(s.id() + "/results.csv")));
            }
            List<String> axes = s.axes().stream().map(a -> a.pointer() + " (" + a.values().size() + ")").toList();
            rows.add(new Row(List.of(Cell.of(s.id()), Cell.of(base(s)), Cell.badge(s.status(), s.failedSweep() ? "badge stale" : "badge"),
                    Cell.of(s.done() + " / " + s.valid()), Cell.of(s.invalid()), Cell.of(s.failed()), Cell.of(String.join(", ", axes)),
                    Cell.of(s.snapshotId()), Cell.of(s.submittedAt()), Cell.links(links)), "", s.status() == null ? "" : s.status()));
        }
        if (sweeps.isEmpty()) {
            rows.add(Row.of(Cell.of("no sweep yet: submit one with POST /api/v1/sweeps on strategy-service").span(10, "note")));
        }
        return new PageView("Keel · sweeps", "Parameter sweeps", sweeps.size() + " most recent", List.of(),
                List.of(Block.table("Sweeps", new Table("sweeps", List.of("sweep", "base", "status", "done / valid", "invalid", "failed",
                        "axes (values)", "snapshot", "submitted", "reports"), rows))), null, null, null, Html.INIT_INDEX).render();
    }
}
