package io.keel.report.report;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;

import java.util.ArrayList;
import java.util.List;

/**
 * What an HTML page of report-service shows, laid out by the Qute template {@code templates/report/page.html}
 * (which escapes every value; only the pages' own scripts and their JSON data, made HTML-safe by
 * {@link ReportJson#forHtml}, are inserted raw). Values arrive formatted (e.g. "12.34%").
 *
 * @param title      the document title
 * @param heading    the page heading
 * @param meta       a line of facts beside the heading
 * @param metaLinks  links after the facts
 * @param blocks     the page's content, in order
 * @param dataId     id of the JSON data element the charts read, or null
 * @param dataJson   that data (HTML-safe JSON), or null
 * @param echartsPath where ECharts is loaded from, or null for a page without charts
 * @param init       the page's start-up script (one of {@link Html}'s, allowed by hash in the CSP)
 */
@TemplateData
public record PageView(String title, String heading, String meta, List<Link> metaLinks, List<Block> blocks,
                       String dataId, String dataJson, String echartsPath, String init) {

    /** The page's error capture script, the same bytes the Content-Security-Policy hashes. */
    public String errorCapture() {
        return Html.ERROR_CAPTURE_JS;
    }

    /** The one HTML template of the pages. */
    @CheckedTemplate(basePath = "report")
    static class Templates {
        static native TemplateInstance page(PageView page);
    }

    /** The page as HTML. */
    public String render() {
        return Templates.page(this).render();
    }

    @TemplateData
    public record Link(String text, String href) {
    }

    /**
     * A table cell: text, or links; {@code cls} is a CSS class ("neg" for a negative figure) or empty.
     */
    @TemplateData
    public record Cell(String text, String cls, List<Link> links, int colspan, boolean strong, String badge) {
        public static Cell of(Object text) {
            return new Cell(text == null ? "" : text.toString(), "", List.of(), 1, false, "");
        }

        /** A figure, marked "neg" when below zero. */
        public static Cell signed(String text, double value) {
            return new Cell(text, Html.sign(value), List.of(), 1, false, "");
        }

        public static Cell links(List<Link> links) {
            return new Cell("", "", links, 1, false, "");
        }

        /** The text in a badge of the given CSS class ("badge" or "badge stale"). */
        public static Cell badge(String text, String badgeClass) {
            return new Cell(text, "", List.of(), 1, false, badgeClass);
        }

        public Cell bold() {
            return new Cell(text, cls, links, colspan, true, badge);
        }

        public Cell span(int columns, String cssClass) {
            return new Cell(text, cssClass, links, columns, strong, badge);
        }
    }

    /** A table row; {@code status} becomes {@code data-status} when not empty. */
    @TemplateData
    public record Row(List<Cell> cells, String cls, String status) {
        public static Row of(Cell... cells) {
            return new Row(List.of(cells), "", "");
        }

        public static Row of(List<Cell> cells) {
            return new Row(cells, "", "");
        }
    }

    @TemplateData
    public record Table(String id, List<String> head, List<Row> rows) {
    }

    /** A panel of a grid: a heading and a chart element, or a table. */
    @TemplateData
    public record Panel(String title, String chartId, boolean tall, boolean logToggle, Table table) {
        public static Panel chart(String title, String chartId) {
            return new Panel(title, chartId, false, false, null);
        }

        public static Panel table(String title, Table table) {
            return new Panel(title, null, false, false, table);
        }
    }

    /**
     * A part of the page: {@code note} (text and links), {@code warning}, {@code grid} (panels side by side),
     * {@code table} (heading and table), {@code status} (a run without report), {@code compare-form}.
     */
    @TemplateData
    public record Block(String kind, String id, String heading, String text, List<Link> links, List<Panel> panels,
                        Table table, String status) {
        public static Block note(String text, List<Link> links) {
            return new Block("note", "", "", text, links, List.of(), null, "");
        }

        public static Block warning(String id, String text) {
            return new Block("warning", id, "", text, List.of(), List.of(), null, "");
        }

        public static Block grid(List<Panel> panels) {
            return new Block("grid", "", "", "", List.of(), new ArrayList<>(panels), null, "");
        }

        public static Block table(String heading, Table table) {
            return new Block("table", "", heading, "", List.of(), List.of(), table, "");
        }

        public static Block status(String status, String heading, String text) {
            return new Block("status", "run-status", heading, text, List.of(), List.of(), null, status);
        }

        public static Block compareForm() {
            return new Block("compare-form", "", "", "", List.of(), List.of(), null, "");
        }
    }
}
