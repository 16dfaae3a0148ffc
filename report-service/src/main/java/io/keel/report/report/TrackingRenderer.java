package io.keel.report.report;

import io.keel.report.report.PageView.Block;
import io.keel.report.report.PageView.Cell;
import io.keel.report.report.PageView.Panel;
import io.keel.report.report.PageView.Row;
import io.keel.report.report.PageView.Table;
import io.keel.report.strategy.PortfolioTracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tracking page of a portfolio (Qute template of {@link PageView}): its paper or real equity against the expected
 * equity of the shadow backtest (ECharts, like the tearsheet), and strategy-service's figures: tracking difference,
 * annualised tracking error, cash drag, costs paid and the days the two diverge most. Figures are shown as
 * strategy-service computed them; nothing is recomputed here.
 */
public final class TrackingRenderer {

    private TrackingRenderer() {
    }

    public static String render(PortfolioTracking t, String echartsPath) {
        PortfolioTracking.Summary s = t.summary();
        String name = t.portfolio() == null ? "portfolio " + t.portfolioId() : t.portfolio();
        String meta = t.mode() + " · valued at " + (t.priceField() == null ? "close" : t.priceField())
                + (t.snapshotId() == null ? "" : " · snapshot " + t.snapshotId())
                + (t.computedAt() == null ? "" : " · computed " + t.computedAt());
        List<Block> blocks = new ArrayList<>();
        for (String n : t.notes()) {
            blocks.add(Block.warning("tracking-note", n));
        }
        if (s == null || t.days().isEmpty()) {
            blocks.add(Block.status("EMPTY", "No valued day yet",
                    "The portfolio's days are valued from the close of the first signal it got orders for; refresh later."));
            return page(t, name, meta, blocks, null, null, null);
        }
        List<Row> figures = new ArrayList<>();
        figures.add(Row.of(Cell.of("days"), Cell.of(s.firstDay() + " – " + s.lastDay() + " (" + s.days() + " trading days)")));
        figures.add(Row.of(Cell.of("equity"), Cell.of(money(s.firstEquity()) + " → " + money(s.lastEquity()))));
        figures.add(Row.of(Cell.of("actual return"), Cell.signed(Html.pct(s.actualReturn()), s.actualReturn())));
        figures.add(Row.of(Cell.of("expected return (backtest)"), signed(s.expectedReturn())));
        figures.add(Row.of(Cell.of("tracking difference"), signed(s.trackingDifference()).bold()));
        figures.add(Row.of(Cell.of("tracking error (annualised)"), Cell.of(Html.pct(s.trackingErrorAnnualised())).bold()));
        figures.add(Row.of(Cell.of("average cash weight"), Cell.of(Html.pct(s.averageCashWeight()))));
        figures.add(Row.of(Cell.of("cash drag"), Cell.of(Html.pct(s.cashDrag()))));
        figures.add(Row.of(Cell.of("costs paid"), Cell.of(money(s.costsPaid()))));
        figures.add(Row.of(Cell.of("current drawdown"), signed(t.drawdown())));
        figures.add(Row.of(Cell.of("largest gap"), s.maxGapDay() == null ? Cell.of("–")
                : Cell.signed(Html.pct(s.maxGap()) + " on " + s.maxGapDay(), s.maxGap() == null ? 0 : s.maxGap())));
        List<Row> div = new ArrayList<>();
        for (PortfolioTracking.Divergence d : s.divergences()) {
            div.add(Row.of(Cell.of(d.day()), Cell.signed(Html.pct(d.actualReturn()), d.actualReturn()),
                    Cell.signed(Html.pct(d.expectedReturn()), d.expectedReturn()), Cell.signed(Html.pct(d.difference()), d.difference())));
        }
        if (div.isEmpty()) {
            div.add(Row.of(Cell.of("fewer than two days with an expected value").span(4, "note")));
        }
        blocks.add(Block.grid(List.of(Panel.chart("Equity: " + t.mode().toLowerCase(Locale.ROOT) + " vs expected (shadow backtest)",
                "chart-tracking-equity"), Panel.chart("Gap: actual - expected growth", "chart-tracking-gap"))));
        blocks.add(Block.grid(List.of(
                Panel.table("Figures", new Table("tracking-figures", List.of("figure", "value"), figures)),
                Panel.table("Days of largest daily difference", new Table("tracking-divergences",
                        List.of("day", "actual", "expected", "difference"), div)))));
        return page(t, name, meta, blocks, "tracking-data", ReportJson.forHtml(data(t, name)), echartsPath);
    }

    private static String page(PortfolioTracking t, String name, String meta, List<Block> blocks, String dataId, String json,
                               String echartsPath) {
        return new PageView("Keel · tracking · " + name, "Tracking · " + name, meta, List.of(), blocks, dataId, json,
                echartsPath, dataId == null ? Html.INIT_INDEX : Html.INIT_TRACKING)
                .render();
    }

    /** What the charts read: dates, actual and expected equity (null where the backtest has none). */
    private static Map<String, Object> data(PortfolioTracking t, String name) {
        List<String> dates = new ArrayList<>();
        List<Double> equity = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        for (PortfolioTracking.Day d : t.days()) {
            dates.add(d.day().toString());
            equity.add(d.equity());
            expected.add(d.expected());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("portfolio", name);
        m.put("mode", t.mode());
        m.put("dates", dates);
        m.put("equity", equity);
        m.put("expected", expected);
        return m;
    }

    private static Cell signed(Double v) {
        return v == null ? Cell.of("–") : Cell.signed(Html.pct(v), v);
    }

    private static String money(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.2f", v) : "–";
    }
}
