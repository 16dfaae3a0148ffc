package io.keel.report.report;

import io.keel.report.report.PageView.Block;
import io.keel.report.report.PageView.Cell;
import io.keel.report.report.PageView.Link;
import io.keel.report.report.PageView.Row;
import io.keel.report.report.PageView.Table;
import io.keel.report.strategy.DefinitionInfo;
import io.keel.report.strategy.LatestSignal;
import io.keel.report.strategy.PortfolioInfo;
import io.keel.report.strategy.StrategyRun;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The index page (Qute template of {@link PageView}): latest signals, definitions, recent runs with their reports. */
public final class IndexRenderer {

    private IndexRenderer() {
    }

    public static String render(List<DefinitionInfo> definitions, List<StrategyRun> runs, List<LatestSignal> signals) {
        return render(definitions, runs, signals, List.of());
    }

    /** The index with a table of portfolios linking their tracking pages (none: no table). */
    public static String render(List<DefinitionInfo> definitions, List<StrategyRun> runs, List<LatestSignal> signals,
                                List<PortfolioInfo> portfolios) {
        List<Row> sig = new ArrayList<>();
        for (LatestSignal s : signals) {
            sig.add(new Row(List.of(Cell.of(s.definition()), Cell.badge(s.status(), s.stale() ? "badge stale" : "badge"),
                    Cell.of(s.asOf()), Cell.of(s.expectedAsOf()),
                    Cell.of(s.tradingDaysBehind() == null ? "–" : s.tradingDaysBehind().toString()), Cell.of(s.nextSession()),
                    Cell.of(Html.num(s.leverage())), Cell.of(weights(s.weights()))), "", s.status() == null ? "" : s.status()));
            if (s.stale() && s.reason() != null) {
                sig.add(new Row(List.of(Cell.of(""), Cell.of(s.reason()).span(7, "note")), "reason", ""));
            }
        }
        if (signals.isEmpty()) {
            sig.add(Row.of(Cell.of("no active definition with market data: activate one "
                    + "(PUT /api/v1/definitions/{name}/active on strategy-service)").span(8, "note")));
        }
        List<Row> defs = new ArrayList<>();
        for (DefinitionInfo d : definitions) {
            long count = runs.stream().filter(r -> d.name().equals(r.definition())).count();
            defs.add(Row.of(Cell.of(d.name()), Cell.of(d.latestVersion()), Cell.of(d.active() ? "yes" : "no"), Cell.of(count)));
        }
        List<Row> rr = new ArrayList<>();
        for (StrategyRun r : runs) {
            List<Link> reports = new ArrayList<>();
            if (r.hasOutputs()) {
                String p = "/reports/runs/" + r.id() + "/";
                reports.addAll(List.of(new Link("tearsheet", p + "tearsheet.html"), new Link("json", p + "summary.json"),
                        new Link("csv", p + "series.csv")));
                if (r.summary().seedScript() != null) {
                    reports.add(new Link("seed csv", p + "series.csv?layout=seed"));
                }
            }
            rr.add(Row.of(Cell.of(r.id()), Cell.of(r.definition()), Cell.of(r.version()), Cell.of(r.snapshotId()), Cell.of(r.status()),
                    Cell.of(r.finishedAt()), Cell.of(r.hasOutputs() ? Html.pct(r.summary().portfolio().cagr()) : "–"),
                    Cell.of(r.hasOutputs() ? Html.num(r.summary().portfolio().sharpe()) : "–"), Cell.links(reports)));
            if (r.error() != null) {
                rr.add(new Row(List.of(Cell.of(""), Cell.of(r.status() + ": " + r.error()).span(8, "note")), "reason", ""));
            }
        }
        List<Block> blocks = new ArrayList<>(List.of(
                Block.table("Latest signals", new Table("signals", List.of("definition", "status", "decided at close", "expected close",
                        "trading days behind", "next session", "leverage", "weights"), sig)),
                Block.table("Definitions", new Table("definitions", List.of("name", "version", "active", "runs"), defs))));
        if (!portfolios.isEmpty()) {
            List<Row> pr = new ArrayList<>();
            for (PortfolioInfo p : portfolios) {
                pr.add(Row.of(Cell.of(p.id()), Cell.of(p.name()), Cell.of(p.definition()),
                        Cell.links(List.of(new Link("tracking", "/reports/portfolios/" + p.id() + "/tracking.html")))));
            }
            blocks.add(Block.table("Portfolios", new Table("portfolios", List.of("portfolio", "name", "definition", "reports"), pr)));
        }
        blocks.add(Block.compareForm());
        blocks.add(Block.table("Recent runs", new Table("runs", List.of("run", "definition", "version", "snapshot", "status", "finished",
                "CAGR", "Sharpe (rf 0)", "reports"), rr)));
        return new PageView("Keel reports", "Keel reports", definitions.size() + " definitions · " + runs.size() + " recent runs",
                List.of(), blocks, null, null, null, Html.INIT_INDEX).render();
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
