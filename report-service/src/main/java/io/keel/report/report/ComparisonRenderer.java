package io.keel.report.report;

import io.keel.report.report.PageView.Block;
import io.keel.report.report.PageView.Cell;
import io.keel.report.report.PageView.Link;
import io.keel.report.report.PageView.Panel;
import io.keel.report.report.PageView.Row;
import io.keel.report.report.PageView.Table;
import io.keel.result.RunSeries;
import io.keel.result.metrics.PerformanceMetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTML view of a {@link Comparison} (Qute template of {@link PageView}): a warning when the runs cover different
 * periods, the figures table and overlaid equity and drawdown charts.
 */
public final class ComparisonRenderer {

    private ComparisonRenderer() {
    }

    /** @param series the runs' series, in the comparison's order */
    public static String render(Comparison c, List<RunSeries> series, String echartsPath) {
        StringBuilder ids = new StringBuilder();
        Set<String> periods = new LinkedHashSet<>();
        StringBuilder each = new StringBuilder();
        List<String> head = new ArrayList<>(List.of("metric"));
        for (RunSummary s : c.runs()) {
            ids.append(ids.isEmpty() ? "" : ",").append(s.run().id());
            periods.add(s.startDate() + " → " + s.endDate());
            each.append(each.isEmpty() ? "" : "; ").append("run ").append(s.run().id()).append(' ').append(s.startDate())
                    .append(" → ").append(s.endDate()).append(" (").append(s.days()).append(" days)");
            head.add("run " + s.run().id() + " · " + s.run().definition() + " v" + s.run().version());
        }
        List<Block> blocks = new ArrayList<>();
        if (periods.size() > 1) {
            blocks.add(Block.warning("period-warning", "These runs cover different periods: " + each
                    + ". Their figures are not comparable one for one."));
        }
        List<Link> tearsheets = new ArrayList<>();
        for (RunSummary s : c.runs()) {
            tearsheets.add(new Link("run " + s.run().id(), "/reports/runs/" + s.run().id() + "/tearsheet.html"));
        }
        blocks.add(Block.note("Tearsheets: ", tearsheets));
        blocks.add(Block.grid(List.of(Panel.chart("Equity (overlay, log scale)", "chart-compare-equity"),
                Panel.chart("Drawdown (overlay)", "chart-compare-drawdown"))));
        List<Row> rows = new ArrayList<>();
        for (Comparison.Row r : c.metrics()) {
            List<Cell> cells = new ArrayList<>();
            cells.add(Cell.of(r.label()));
            for (Double v : r.values()) {
                String text = v == null ? "–" : switch (r.unit()) {
                    case "fraction" -> Html.pct(v);
                    case "days" -> Long.toString(Math.round(v));
                    default -> Html.num(v);
                };
                cells.add(v == null ? Cell.of(text) : Cell.signed(text, v));
            }
            rows.add(Row.of(cells));
        }
        blocks.add(Block.table("Figures", new Table("comparison", head, rows)));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i < c.runs().size(); i++) {
            RunSummary s = c.runs().get(i);
            double[] eq = PerformanceMetrics.equity(series.get(i).require("port_ret"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", "run " + s.run().id() + " " + s.run().definition());
            m.put("dates", series.get(i).dates().stream().map(Object::toString).toList());
            m.put("equity", eq);
            m.put("drawdown", PerformanceMetrics.drawdowns(eq));
            runs.add(m);
        }
        return new PageView("Keel · compare runs " + ids, "Compare runs " + ids, "",
                List.of(new Link("JSON", "/reports/compare?runs=" + ids)), blocks, "compare-data",
                ReportJson.forHtml(Map.of("runs", runs)), echartsPath, Html.INIT_COMPARE).render();
    }
}
