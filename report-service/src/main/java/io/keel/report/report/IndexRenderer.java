package io.keel.report.report;

import io.keel.report.strategy.DefinitionInfo;
import io.keel.report.strategy.LatestSignal;
import io.keel.report.strategy.StrategyRun;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Pure: the index page: definitions, recent runs with links to their reports, latest signals. */
public final class IndexRenderer {

    private IndexRenderer() {
    }

    public static String render(List<DefinitionInfo> definitions, List<StrategyRun> runs, List<LatestSignal> signals) {
        StringBuilder b = new StringBuilder();
        b.append(Html.open("Keel reports", "Keel reports", definitions.size() + " definitions · " + runs.size() + " recent runs"));
        b.append("<h2>Latest signals</h2>\n<table id=\"signals\"><thead><tr><th>definition</th><th>status</th><th>decided at close</th>"
                + "<th>expected close</th><th>trading days behind</th><th>next session</th><th>leverage</th><th>weights</th></tr></thead><tbody>\n");
        for (LatestSignal s : signals) {
            b.append("<tr data-status=\"").append(Html.esc(s.status())).append("\"><td>").append(Html.esc(s.definition()))
                    .append("</td><td><span class=\"badge").append(s.stale() ? " stale" : "").append("\">").append(Html.esc(s.status()))
                    .append("</span></td><td>").append(Html.esc(s.asOf())).append("</td><td>").append(Html.esc(s.expectedAsOf()))
                    .append("</td><td>").append(s.tradingDaysBehind() == null ? "–" : s.tradingDaysBehind().toString())
                    .append("</td><td>").append(Html.esc(s.nextSession())).append("</td><td>").append(Html.num(s.leverage()))
                    .append("</td><td>").append(Html.esc(weights(s.weights()))).append("</td></tr>\n");
            if (s.stale() && s.reason() != null) {
                b.append("<tr class=\"reason\"><td></td><td colspan=\"7\" class=\"note\">").append(Html.esc(s.reason())).append("</td></tr>\n");
            }
        }
        if (signals.isEmpty()) {
            b.append("<tr><td colspan=\"8\" class=\"note\">no active definition with market data: activate one "
                    + "(PUT /api/v1/definitions/{name}/active on strategy-service)</td></tr>\n");
        }
        b.append("</tbody></table>\n<h2>Definitions</h2>\n<table id=\"definitions\"><thead><tr><th>name</th><th>version</th><th>active</th>"
                + "<th>runs</th></tr></thead><tbody>\n");
        for (DefinitionInfo d : definitions) {
            long count = runs.stream().filter(r -> d.name().equals(r.definition())).count();
            b.append("<tr><td>").append(Html.esc(d.name())).append("</td><td>").append(Html.esc(d.latestVersion())).append("</td><td>")
                    .append(d.active() ? "yes" : "no").append("</td><td>").append(count).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n<h2>Recent runs</h2>\n<form class=\"inline\" action=\"/reports/compare.html\" method=\"get\">"
                + "<label>compare runs <input name=\"runs\" placeholder=\"e.g. 1,2\"></label> <button type=\"submit\">compare</button></form>\n"
                + "<table id=\"runs\"><thead><tr><th>run</th><th>definition</th><th>version</th><th>snapshot</th><th>status</th>"
                + "<th>finished</th><th>CAGR</th><th>Sharpe (rf 0)</th><th>reports</th></tr></thead><tbody>\n");
        for (StrategyRun r : runs) {
            b.append("<tr><td>").append(r.id()).append("</td><td>").append(Html.esc(r.definition())).append("</td><td>")
                    .append(Html.esc(r.version())).append("</td><td>").append(Html.esc(r.snapshotId())).append("</td><td>")
                    .append(Html.esc(r.status())).append("</td><td>").append(Html.esc(r.finishedAt())).append("</td><td>")
                    .append(r.hasOutputs() ? Html.pct(r.summary().portfolio().cagr()) : "–").append("</td><td>")
                    .append(r.hasOutputs() ? Html.num(r.summary().portfolio().sharpe()) : "–").append("</td><td>");
            if (r.hasOutputs()) {
                String p = "/reports/runs/" + r.id() + "/";
                b.append("<a href=\"").append(p).append("tearsheet.html\">tearsheet</a> · <a href=\"").append(p)
                        .append("summary.json\">json</a> · <a href=\"").append(p).append("series.csv\">csv</a>");
                if (r.summary().seedScript() != null) {
                    b.append(" · <a href=\"").append(p).append("series.csv?layout=seed\">seed csv</a>");
                }
            }
            b.append("</td></tr>\n");
            if (r.error() != null) {
                b.append("<tr class=\"reason\" data-run=\"").append(r.id()).append("\"><td></td><td colspan=\"8\" class=\"note\">")
                        .append(Html.esc(r.status())).append(": ").append(Html.esc(r.error())).append("</td></tr>\n");
            }
        }
        b.append("</tbody></table>\n");
        b.append(Html.close(null, null, null, Html.INIT_INDEX));
        return b.toString();
    }

    private static String weights(Map<String, Double> w) {
        if (w == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        new TreeMap<>(w).forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.1f%%", v * 100)));
        return b.toString();
    }
}
