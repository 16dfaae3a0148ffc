package io.keel.report.report;

import io.keel.result.metrics.PerformanceMetrics;
import io.keel.result.RunSeries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pure: the HTML view of a {@link Comparison}: the figures table and overlaid equity and drawdown charts. */
public final class ComparisonRenderer {

    private ComparisonRenderer() {
    }

    /** @param series the runs' series, in the comparison's order */
    public static String render(Comparison c, List<RunSeries> series, String echartsPath) {
        StringBuilder ids = new StringBuilder();
        for (RunSummary s : c.runs()) {
            ids.append(ids.isEmpty() ? "" : ",").append(s.run().id());
        }
        StringBuilder b = new StringBuilder();
        b.append(Html.open("Keel · compare runs " + ids, "Compare runs " + ids,
                "<a href=\"/reports/compare?runs=" + Html.esc(ids) + "\">JSON</a>"));
        b.append("<div class=\"grid\">\n<div class=\"panel\"><h2>Equity (overlay, log scale)</h2><div id=\"chart-compare-equity\" class=\"chart\"></div></div>\n")
                .append("<div class=\"panel\"><h2>Drawdown (overlay)</h2><div id=\"chart-compare-drawdown\" class=\"chart\"></div></div>\n</div>\n");
        b.append("<h2>Figures</h2><table id=\"comparison\"><thead><tr><th>metric</th>");
        for (RunSummary s : c.runs()) {
            b.append("<th><a href=\"/reports/runs/").append(s.run().id()).append("/tearsheet.html\">run ").append(s.run().id())
                    .append("</a><br>").append(Html.esc(s.run().definition())).append(" v").append(Html.esc(s.run().version())).append("</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (Comparison.Row r : c.metrics()) {
            b.append("<tr><td>").append(Html.esc(r.label())).append("</td>");
            for (Double v : r.values()) {
                String text = v == null ? "–" : switch (r.unit()) {
                    case "fraction" -> Html.pct(v);
                    case "days" -> Long.toString(Math.round(v));
                    default -> Html.num(v);
                };
                b.append("<td").append(v == null ? "" : Html.sign(v)).append(">").append(text).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
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
        b.append(Html.close(echartsPath, "compare-data", ReportJson.forHtml(Map.of("runs", runs)), Html.INIT_COMPARE));
        return b.toString();
    }
}
