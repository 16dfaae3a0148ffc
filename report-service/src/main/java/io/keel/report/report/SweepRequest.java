package io.keel.report.report;

import io.keel.common.ProblemException;
import io.keel.report.strategy.SweepDocuments.Axis;
import io.keel.report.strategy.SweepDocuments.ResultRow;
import io.keel.report.strategy.SweepDocuments.SweepInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a sweep page shows, checked against the sweep: the heatmap's figure and axes with the other axes' fixed values,
 * the table's sort and size, how many equity curves, and the walk-forward / overfitting analysis's parameters
 * (passed to strategy-service, which checks them against the sweep's months).
 *
 * @param figure            the heatmap's figure (and the curves' ranking)
 * @param x                 the heatmap's columns
 * @param y                 its rows; null for a sweep of one axis
 * @param fixed             the other axes' values (texts as {@link SweepGrid#text}), by pointer, in axis order
 * @param sort              the table's sort key: a figure or {@code index}, {@code -} first for descending
 * @param top               rows of the table
 * @param curves            equity curves of the best variants by {@code figure}
 * @param selection         the analysis's selection metric (sharpe, sortino, cagr, minVolatility), null: strategy-service's default
 * @param inSampleMonths    null: strategy-service's default
 * @param outOfSampleMonths null: strategy-service's default
 * @param window            rolling or anchored, null: strategy-service's default
 * @param blocks            CSCV blocks, null: strategy-service's default
 */
public record SweepRequest(SweepFigure figure, Axis x, Axis y, Map<String, String> fixed, String sort, int top, int curves,
                           String selection, Integer inSampleMonths, Integer outOfSampleMonths, String window, Integer blocks) {

    /** Most rows of the table and most equity curves a page shows. */
    public static final int MAX_TOP = 500;
    public static final int MAX_CURVES = 10;
    public static final List<String> SELECTIONS = List.of("sharpe", "sortino", "cagr", "minVolatility");

    /** The query parameters as received (null when absent); {@code fix} holds {@code pointer=value} items. */
    public record Raw(String metric, String x, String y, List<String> fix, String sort, Integer top, Integer curves,
                      String selection, Integer inSampleMonths, Integer outOfSampleMonths, String window, Integer blocks) {
        public Raw {
            fix = fix == null ? List.of() : List.copyOf(fix);
        }

        public static Raw defaults() {
            return new Raw(null, null, null, List.of(), null, null, null, null, null, null, null, null);
        }
    }

    /**
     * Checks the parameters that need no sweep (figure names, sizes, analysis parameters' form).
     *
     * @throws ProblemException 400 naming the parameter
     */
    public static void checkForm(Raw raw) {
        if (raw.metric() != null) {
            figure("metric", raw.metric());
        }
        if (raw.sort() != null) {
            sortKey(raw.sort());
        }
        if (raw.top() != null) {
            io.keel.common.QueryParams.limit("top", raw.top(), 25, MAX_TOP);
        }
        if (raw.curves() != null) {
            io.keel.common.QueryParams.limit("curves", raw.curves(), 5, MAX_CURVES);
        }
        if (raw.selection() != null && !SELECTIONS.contains(raw.selection())) {
            throw ProblemException.badRequest("selection", "the analysis's selection metric is one of " + SELECTIONS + ", got '"
                    + raw.selection() + "'");
        }
        if (raw.inSampleMonths() != null && raw.inSampleMonths() < 1) {
            throw ProblemException.badRequest("inSampleMonths", "must be at least 1, got " + raw.inSampleMonths());
        }
        if (raw.outOfSampleMonths() != null && raw.outOfSampleMonths() < 1) {
            throw ProblemException.badRequest("outOfSampleMonths", "must be at least 1, got " + raw.outOfSampleMonths());
        }
        if (raw.window() != null && !List.of("rolling", "anchored").contains(raw.window())) {
            throw ProblemException.badRequest("window", "must be rolling or anchored, got '" + raw.window() + "'");
        }
        if (raw.blocks() != null && (raw.blocks() < 2 || raw.blocks() % 2 != 0 || raw.blocks() > 20)) {
            throw ProblemException.badRequest("blocks", "must be an even number from 2 to 20, got " + raw.blocks());
        }
    }

    /**
     * The request against the sweep's axes; axes neither shown nor fixed by {@code fix} take the values of the best
     * variant by the figure among {@code rows} (the first axis value when no variant ran).
     *
     * @throws ProblemException 400 naming {@code metric}, {@code x}, {@code y}, {@code fix}, {@code sort}, ...
     */
    public static SweepRequest resolve(SweepInfo sweep, Raw raw, Collection<ResultRow> rows) {
        checkForm(raw);
        List<Axis> axes = sweep.axes();
        if (axes.isEmpty()) {
            throw ProblemException.conflict("sweep " + sweep.id() + " lists no axes");
        }
        SweepFigure figure = raw.metric() != null ? figure("metric", raw.metric())
                : sweep.ranking().stream().map(SweepFigure::byKey).flatMap(java.util.Optional::stream).findFirst().orElse(SweepFigure.SHARPE);
        Axis x = raw.x() == null ? axes.get(0) : axis("x", raw.x(), axes);
        Axis y;
        if (raw.y() != null) {
            y = axis("y", raw.y(), axes);
            if (y.pointer().equals(x.pointer())) {
                throw ProblemException.badRequest("y", "must be another axis than x (" + x.pointer() + ")");
            }
        } else {
            y = axes.stream().filter(a -> !a.pointer().equals(x.pointer())).findFirst().orElse(null);
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String item : raw.fix()) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw ProblemException.badRequest("fix", "'" + item + "' is not <axis pointer>=<value>, e.g. fix=/overlays/0/params/targetVol=0.1");
            }
            String pointer = item.substring(0, eq);
            String value = item.substring(eq + 1);
            Axis a = axes.stream().filter(ax -> ax.pointer().equals(pointer)).findFirst().orElseThrow(() -> ProblemException.badRequest("fix",
                    "'" + pointer + "' is not an axis of sweep " + sweep.id() + "; its axes are " + pointers(axes)));
            if (a == x || a == y) {
                continue; // the heatmap shows every value of it: a value left from a previous choice does not matter
            }
            if (!SweepGrid.texts(a).contains(value)) {
                throw ProblemException.badRequest("fix", "'" + value + "' is not a value of axis " + pointer + "; its values are "
                        + abbreviate(SweepGrid.texts(a)));
            }
            if (given.put(pointer, value) != null) {
                throw ProblemException.badRequest("fix", "axis " + pointer + " is fixed twice");
            }
        }
        ResultRow best = best(rows, figure);
        Map<String, String> fixed = new LinkedHashMap<>();
        for (Axis a : axes) {
            if (a == x || a == y) {
                continue;
            }
            String v = given.get(a.pointer());
            if (v == null) {
                v = best != null ? SweepGrid.text(best.values().get(a.pointer())) : SweepGrid.texts(a).get(0);
            }
            fixed.put(a.pointer(), v);
        }
        String sort = raw.sort() != null ? sortKey(raw.sort()) : figure.bestFirst();
        int top = raw.top() == null ? 25 : raw.top();
        int curves = raw.curves() == null ? 5 : raw.curves();
        return new SweepRequest(figure, x, y, fixed, sort, top, curves, raw.selection(), raw.inSampleMonths(), raw.outOfSampleMonths(),
                raw.window(), raw.blocks());
    }

    /** The best variant that ran by the figure (its direction; ties: the lowest index), or null when none has it. */
    public static ResultRow best(Collection<ResultRow> rows, SweepFigure figure) {
        ResultRow best = null;
        double bestValue = Double.NaN;
        for (ResultRow r : rows) {
            Double v = r.metric(figure.key());
            if (v == null || !Double.isFinite(v)) {
                continue;
            }
            boolean better = best == null || (figure.higherIsBetter() ? v > bestValue : v < bestValue)
                    || (v == bestValue && r.index() < best.index());
            if (better) {
                best = r;
                bestValue = v;
            }
        }
        return best;
    }

    /** The rows ordered best first by the figure (variants without it last, then by index). */
    public static List<ResultRow> ranked(Collection<ResultRow> rows, SweepFigure figure) {
        List<ResultRow> out = new ArrayList<>(rows);
        out.sort((a, b) -> {
            Double va = a.metric(figure.key());
            Double vb = b.metric(figure.key());
            boolean fa = va != null && Double.isFinite(va);
            boolean fb = vb != null && Double.isFinite(vb);
            if (fa != fb) {
                return fa ? -1 : 1;
            }
            if (fa) {
                int c = figure.higherIsBetter() ? Double.compare(vb, va) : Double.compare(va, vb);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.index(), b.index());
        });
        return out;
    }

    /** The query string of this request (canonical: every choice explicit), with {@code sort} replaced when not null. */
    public String query(String sortOverride) {
        List<String> parts = new ArrayList<>();
        add(parts, "metric", figure.key());
        add(parts, "x", x.pointer());
        if (y != null) {
            add(parts, "y", y.pointer());
        }
        fixed.forEach((p, v) -> add(parts, "fix", p + "=" + v));
        add(parts, "sort", sortOverride != null ? sortOverride : sort);
        add(parts, "top", Integer.toString(top));
        add(parts, "curves", Integer.toString(curves));
        if (selection != null) {
            add(parts, "selection", selection);
        }
        if (inSampleMonths != null) {
            add(parts, "inSampleMonths", inSampleMonths.toString());
        }
        if (outOfSampleMonths != null) {
            add(parts, "outOfSampleMonths", outOfSampleMonths.toString());
        }
        if (window != null) {
            add(parts, "window", window);
        }
        if (blocks != null) {
            add(parts, "blocks", blocks.toString());
        }
        return String.join("&", parts);
    }

    /** Part of the cache key: a digest of {@link #query}. */
    public String cacheVariant() {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(query(null).getBytes(StandardCharsets.UTF_8));
            return "sweep;" + java.util.HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(List<String> parts, String name, String value) {
        parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    static SweepFigure figure(String param, String name) {
        return SweepFigure.byKey(name).orElseThrow(() -> ProblemException.badRequest(param, "'" + name + "' is not a figure of a sweep's "
                + "variants; one of " + SweepFigure.keys()));
    }

    /** A sort key: a figure or {@code index}, optionally prefixed by {@code -} (descending) or {@code +}. */
    static String sortKey(String raw) {
        String s = raw.trim();
        boolean desc = s.startsWith("-");
        String name = desc || s.startsWith("+") ? s.substring(1) : s;
        if (!name.equals("index") && SweepFigure.byKey(name).isEmpty()) {
            throw ProblemException.badRequest("sort", "'" + raw + "' names no column; use index or one of " + SweepFigure.keys()
                    + ", with - first for descending (e.g. sort=-sharpe)");
        }
        return (desc ? "-" : "") + name;
    }

    private static Axis axis(String param, String pointer, List<Axis> axes) {
        return axes.stream().filter(a -> a.pointer().equals(pointer)).findFirst().orElseThrow(() -> ProblemException.badRequest(param,
                "'" + pointer + "' is not an axis of this sweep; its axes are " + pointers(axes)));
    }

    private static String pointers(List<Axis> axes) {
        return String.join(", ", axes.stream().map(Axis::pointer).toList());
    }

    private static String abbreviate(List<String> values) {
        return values.size() <= 12 ? String.join(", ", values) : String.join(", ", values.subList(0, 12)) + ", ... (" + values.size() + " values)";
    }

    /** Names every parameter this request reads (for the page's form). */
    static final Set<String> PARAMETERS = Set.of("metric", "x", "y", "fix", "sort", "top", "curves", "selection", "inSampleMonths",
            "outOfSampleMonths", "window", "blocks");

    /** A lower-case status word for sentences. */
    static String lower(String status) {
        return status == null ? "unknown" : status.toLowerCase(Locale.ROOT);
    }
}
