package io.keel.result;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The meaning and unit of every column of a run's daily series (the engine's columns, then overlays' diagnostics). */
public final class SeriesColumns {

    /** {@link SeriesColumn#source()} of the columns the engine itself writes. */
    public static final String ENGINE = "engine";

    /**
     * The column strategy-service adds to a run whose benchmark is symbols of its snapshot: the benchmark's daily
     * return on the run's dates ({@link Benchmark.Mix#dailyReturns}), NaN where undefined.
     */
    public static final String BENCHMARK_RETURNS = "benchmark_ret";

    private static final Map<String, String[]> FIXED = Map.ofEntries(
            Map.entry(BENCHMARK_RETURNS, new String[]{"daily return of the run's benchmark (its symbols' adjusted closes, "
                    + "at fixed weights rebalanced daily); null where a close is missing", "fraction"}),
            Map.entry("base_ret", new String[]{"daily return of the base portfolio (weight scheme alone, no overlays, no costs)", "fraction"}),
            Map.entry("leverage", new String[]{"exposure multiplier applied to the base weights that day", "multiple"}),
            Map.entry("port_ret", new String[]{"daily return of the overlaid portfolio after costs", "fraction"}),
            Map.entry("turnover", new String[]{"sum over assets of |traded weight| that day", "fraction"}),
            Map.entry("cost", new String[]{"cost charged that day (subtracted from port_ret)", "fraction"}),
            Map.entry("base_equity", new String[]{"equity of the base portfolio, 1 before the first row", "index"}),
            Map.entry("port_equity", new String[]{"equity of the overlaid portfolio, 1 before the first row", "index"}),
            Map.entry("port_drawdown", new String[]{"port_equity / running peak - 1 (<= 0)", "fraction"}));

    private SeriesColumns() {
    }

    /**
     * Describes {@code names} (the series' columns, in order): the engine's own columns by their fixed meaning, an
     * overlay's diagnostic by its declaration ({@code overlays}), anything else as an unknown column.
     */
    public static List<SeriesColumn> describe(List<String> names, List<OverlayDiagnostics> overlays) {
        Map<String, OverlayDiagnostics> byDiagnostic = new HashMap<>();
        for (OverlayDiagnostics o : overlays) {
            for (String d : o.diagnostics()) {
                byDiagnostic.putIfAbsent(d, o);
            }
        }
        List<SeriesColumn> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(describe(name, byDiagnostic.get(name)));
        }
        return out;
    }

    private static SeriesColumn describe(String name, OverlayDiagnostics overlay) {
        if (overlay != null) {
            return new SeriesColumn(name, "diagnostic " + name + " of overlay " + overlay.overlay() + ": "
                    + overlay.description(), "as reported", overlay.overlay());
        }
        String[] fixed = FIXED.get(name);
        if (fixed != null) {
            return new SeriesColumn(name, fixed[0], fixed[1], ENGINE);
        }
        if (name.startsWith("price_")) {
            return new SeriesColumn(name, "adjusted close of " + name.substring(6), "price", ENGINE);
        }
        if (name.startsWith("ret_")) {
            return new SeriesColumn(name, "daily return of " + name.substring(4), "fraction", ENGINE);
        }
        if (name.startsWith("w_")) {
            return new SeriesColumn(name, "base weight of " + name.substring(2) + " held that day", "fraction", ENGINE);
        }
        return new SeriesColumn(name, "column " + name, "as reported", ENGINE);
    }
}
