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

    /**
     * A table; {@code headLinks}, when not empty, holds one link per heading (an empty href: no link), e.g. to sort by
     * that column.
     */
    @TemplateData
    public record Table(String id, List<String> head, List<Row> rows, List<String> headLinks) {
        public Table(String id, List<String> head, List<Row> rows) {
            this(id, head, rows, List.of());
        }

        /** The headings with their links (href empty: none). */
        public List<Link> heads() {
            List<Link> out = new ArrayList<>();
            for (int i = 0; i < head.size(); i++) {
                out.add(new Link(head.get(i), i < headLinks.size() ? headLinks.get(i) : ""));
            }
            return out;
        }
    }

    /** A choice of a form's select. */
    @TemplateData
    public record Option(String value, String label, boolean selected) {
    }

    /** A select of a form: the query parameter it sets, its label, its choices. */
    @TemplateData
    public record Field(String name, String label, List<Option> options) {
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
     * {@code table} (heading, an optional note, and table), {@code status} (a run without report), {@code compare-form},
     * {@code form} (selects of query parameters).
     */
    @TemplateData
    public record Block(String kind, String id, String heading, String text, List<Link> links, List<Panel> panels,
                        Table table, String status, List<Field> fields) {
        public static Block note(String text, List<Link> links) {
            return new Block("note", "", "", text, links, List.of(), null, "", List.of());
        }

        public static Block warning(String id, String text) {
            return new Block("warning", id, "", text, List.of(), List.of(), null, "", List.of());
        }

        public static Block grid(List<Panel> panels) {
            return new Block("grid", "", "", "", List.of(), new ArrayList<>(panels), null, "", List.of());
        }

        public static Block table(String heading, Table table) {
            return new Block("table", "", heading, "", List.of(), List.of(), table, "", List.of());
        }

        /** A table under a heading, with a note (text and links) between them. */
        public static Block table(String heading, String note, List<Link> links, Table table) {
            return new Block("table", "", heading, note, links, List.of(), table, "", List.of());
        }

        public static Block status(String status, String heading, String text) {
            return new Block("status", "run-status", heading, text, List.of(), List.of(), null, status, List.of());
        }

        public static Block compareForm() {
            return new Block("compare-form", "", "", "", List.of(), List.of(), null, "", List.of());
        }

        /** A GET form to {@code action} (kept in {@code text}) with one select per field. */
        public static Block form(String id, String action, List<Field> fields) {
            return new Block("form", id, "", action, List.of(), List.of(), null, "", List.copyOf(fields));
        }
    }
}
