package io.keel.report.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.keel.report.strategy.SweepDocuments.Axis;
import io.keel.report.strategy.SweepDocuments.ResultRow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The heatmap of one figure of a sweep over two axes, the other axes held at fixed values: one cell per pair of the
 * two axes' values, in the sweep's order of values. A cell holds the figure of the variant with those values, or is
 * empty when no variant that ran has them (an invalid combination, a failed backtest, a combination a random sample
 * left out) or its figure is undefined. Pure.
 *
 * @param x        the x axis (columns)
 * @param y        the y axis (rows), or null for a sweep of one axis (one row)
 * @param fixed    the other axes' values, by pointer (value texts, see {@link #text})
 * @param figure   the figure shown
 * @param cells    {@code cells[row][column]}, null where empty
 * @param variants the variant index of each cell, -1 where no variant that ran has the cell's values
 */
public record SweepGrid(Axis x, Axis y, Map<String, String> fixed, SweepFigure figure, Double[][] cells, int[][] variants) {

    public SweepGrid {
        Objects.requireNonNull(x, "x");
        fixed = Map.copyOf(fixed);
    }

    /** How a value of an axis is written in the pages and in the {@code fix} parameter: text as is, other JSON as JSON. */
    public static String text(JsonNode v) {
        return v == null || v.isNull() ? "null" : v.isTextual() ? v.asText() : v.toString();
    }

    /** The texts of an axis's values, in order. */
    public static List<String> texts(Axis a) {
        return a.values().stream().map(SweepGrid::text).toList();
    }

    /**
     * @param rows results of the sweep (any order; failed variants have no metrics)
     */
    public static SweepGrid of(Axis x, Axis y, Map<String, String> fixed, SweepFigure figure, Collection<ResultRow> rows) {
        List<String> xs = texts(x);
        List<String> ys = y == null ? List.of("") : texts(y);
        Double[][] cells = new Double[ys.size()][xs.size()];
        int[][] variants = new int[ys.size()][xs.size()];
        for (int[] r : variants) {
            java.util.Arrays.fill(r, -1);
        }
        for (ResultRow r : rows) {
            if (!matches(r, fixed)) {
                continue;
            }
            int col = xs.indexOf(text(r.values().get(x.pointer())));
            int row = y == null ? 0 : ys.indexOf(text(r.values().get(y.pointer())));
            if (col < 0 || row < 0) {
                continue;
            }
            variants[row][col] = r.index();
            Double v = r.metric(figure.key());
            cells[row][col] = v != null && Double.isFinite(v) ? v : null;
        }
        return new SweepGrid(x, y, fixed, figure, cells, variants);
    }

    private static boolean matches(ResultRow r, Map<String, String> fixed) {
        for (Map.Entry<String, String> e : fixed.entrySet()) {
            if (!e.getValue().equals(text(r.values().get(e.getKey())))) {
                return false;
            }
        }
        return true;
    }

    /** Cells with a figure. */
    public int filled() {
        int n = 0;
        for (Double[] r : cells) {
            for (Double c : r) {
                n += c == null ? 0 : 1;
            }
        }
        return n;
    }

    /** What the heatmap chart reads: axis labels and {@code [column, row, value]} cells, empty cells with a null value. */
    public Map<String, Object> data() {
        List<Object[]> out = new ArrayList<>();
        for (int r = 0; r < cells.length; r++) {
            for (int c = 0; c < cells[r].length; c++) {
                out.add(new Object[] {c, r, cells[r][c], variants[r][c]});
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", texts(x));
        m.put("xName", x.pointer());
        m.put("y", y == null ? List.of("") : texts(y));
        m.put("yName", y == null ? "" : y.pointer());
        m.put("metric", figure.key());
        m.put("label", figure.label());
        m.put("fraction", figure.fraction());
        m.put("higherIsBetter", figure.higherIsBetter());
        m.put("cells", out);
        return m;
    }
}
