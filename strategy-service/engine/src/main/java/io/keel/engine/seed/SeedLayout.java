package io.keel.engine.seed;

import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.DailySeries;
import io.keel.engine.math.Moments;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The original scripts' output layouts: the daily CSV with their column names and order, and the
 * statistics of their summary JSON computed with their formulas (annualisation, ddof, drawdown
 * without the initial peak of 1). Lets a user diff Keel's output against files their scripts wrote.
 * Only meaningful for a definition with seed-compatible semantics that names its {@code seedScript}.
 */
public final class SeedLayout {

    public static final List<String> SCRIPTS = io.keel.engine.definition.BacktestDefinition.SEED_SCRIPTS;

    private SeedLayout() {
    }

    /** The daily series in {@code script}'s CSV layout (first column {@code Date}). */
    public static DailySeries series(String script, BacktestResult result) {
        DailySeries s = result.series();
        List<String> syms = result.summary().definition().universe();
        Map<String, double[]> c = new LinkedHashMap<>();
        switch (script) {
            case "level73" -> {
                assets(c, s, syms, "%s", "price_%s");
                assets(c, s, syms, "ret_%s", "ret_%s");
                assets(c, s, syms, "w_base_%s", "w_%s");
                c.put("base_ret", col(s, "base_ret"));
                // the script's sigma_ann on day t is the estimate through t, which drives day t+1's leverage
                double[] next = col(s, "vol_ann");
                double[] sigma = new double[s.size()];
                for (int i = 0; i < sigma.length; i++) {
                    sigma[i] = i + 1 < sigma.length ? next[i + 1]
                            : result.next().diagnostics().getOrDefault("vol_ann", Double.NaN);
                }
                c.put("sigma_ann", sigma);
                c.put("leverage", col(s, "leverage"));
                c.put("port_ret", col(s, "port_ret"));
                c.put("base_eq", col(s, "base_equity"));
                c.put("port_eq", col(s, "port_equity"));
            }
            case "level70" -> {
                assets(c, s, syms, "%s", "price_%s");
                assets(c, s, syms, "ret_%s", "ret_%s");
                assets(c, s, syms, "w_base_%s", "w_%s");
                c.put("ret_base", col(s, "base_ret"));
                double[] vol = col(s, "vol_ann");
                c.put("vol_ann", vol);
                double[] levRaw = col(s, "vol_leverage");
                for (int i = 0; i < levRaw.length; i++) {
                    if (Double.isNaN(vol[i])) {
                        levRaw[i] = Double.NaN;
                    }
                }
                c.put("lev_raw", levRaw);
                double[] dd = drawdownFromFirstValue(col(s, "base_equity"));
                c.put("dd_base", dd);
                double[] mag = new double[dd.length];
                for (int i = 0; i < mag.length; i++) {
                    mag[i] = Math.max(-dd[i], 0.0);
                }
                c.put("dd_mag", mag);
                c.put("dd_scale", col(s, "dd_scale"));
                c.put("lev_final", col(s, "leverage"));
                c.put("ret_targeted", col(s, "port_ret"));
                c.put("eq_base", col(s, "base_equity"));
                c.put("eq_targeted", col(s, "port_equity"));
            }
            case "level61" -> {
                double[] net = col(s, "port_ret");
                double[] cost = col(s, "cost");
                double[] gross = new double[net.length];
                for (int i = 0; i < gross.length; i++) {
                    gross[i] = net[i] + cost[i];
                }
                c.put("port_ret", gross);
                c.put("port_ret_tc", net);
                c.put("equity", Moments.compound(gross));
                c.put("equity_tc", col(s, "port_equity"));
                c.put("turnover", col(s, "turnover"));
                c.put("tc_cost", cost);
                c.put("risk_off", col(s, "risk_off"));
                c.put("eq_vol_ann", col(s, "eq_vol_ann"));
                c.put("eq_cum_ret", col(s, "eq_cum_ret"));
                for (String sym : syms) {
                    c.put("ret_" + sym, col(s, "ret_" + sym));
                    c.put("w_" + sym, col(s, "w_" + sym));
                }
            }
            case "level63" -> {
                assets(c, s, syms, "%s", "price_%s");
                assets(c, s, syms, "ret_%s", "ret_%s");
                assets(c, s, syms, "w_%s", "w_%s");
                c.put("ret_port_base", col(s, "base_ret"));
                c.put("equity_base", col(s, "base_equity"));
                c.put("dd_base", drawdownFromFirstValue(col(s, "base_equity")));
                c.put("leverage", col(s, "leverage"));
                c.put("ret_port_dyn", col(s, "port_ret"));
                c.put("equity_dyn", col(s, "port_equity"));
                c.put("dd_dyn", drawdownFromFirstValue(col(s, "port_equity")));
            }
            default -> throw new IllegalArgumentException("unknown seed script " + script + "; known: " + SCRIPTS);
        }
        return new DailySeries(s.dates().toArray(LocalDate[]::new), c);
    }

    /** The statistics of {@code script}'s summary JSON, under its key names. */
    public static Map<String, Object> summary(String script, BacktestResult result) {
        return summary(script, result, Map.of());
    }

    /**
     * As {@link #summary(String, BacktestResult)}, with the script's own Config where it is known (from
     * {@link SeedScripts}): level73 counts days at its {@code max_leverage} and {@code min_leverage} as given,
     * which may differ from the definition's effective caps (e.g. {@code --min-lev} above {@code --max-lev}).
     */
    public static Map<String, Object> summary(String script, BacktestResult result, Map<String, Object> config) {
        DailySeries s = result.series();
        Map<String, Object> out = new LinkedHashMap<>();
        String start = s.date(0).toString();
        String end = s.date(s.size() - 1).toString();
        double[] base = col(s, "base_ret");
        double[] port = col(s, "port_ret");
        switch (script) {
            case "level73" -> {
                out.put("start_date", start);
                out.put("end_date", end);
                out.put("n_days", s.size());
                Map<String, Double> w = new LinkedHashMap<>();
                for (String sym : result.summary().definition().universe()) {
                    w.put(sym, s.value("w_" + sym, 0));
                }
                out.put("base_weights", w);
                out.put("Performance_base", arithmeticStats(base, 1, "max_dd"));
                out.put("Performance_vol_targeted", arithmeticStats(port, 1, "max_dd"));
                double[] lev = col(s, "leverage");
                double maxLev = config.get("max_leverage") instanceof Number n ? n.doubleValue()
                        : overlayParam(result, "vol-target", "maxLeverage", 2.0);
                double minLev = config.get("min_leverage") instanceof Number n ? n.doubleValue()
                        : overlayParam(result, "vol-target", "minLeverage", 0.0);
                double sum = 0;
                int atMax = 0;
                int atMin = 0;
                for (double l : lev) {
                    sum += l;
                    atMax += l >= maxLev - 1e-8 ? 1 : 0;
                    atMin += l <= minLev + 1e-8 ? 1 : 0;
                }
                out.put("avg_leverage", sum / lev.length);
                out.put("pct_days_at_max_leverage", (double) atMax / lev.length);
                out.put("pct_days_at_min_leverage", (double) atMin / lev.length);
            }
            case "level70" -> {
                out.put("start_date", start);
                out.put("end_date", end);
                out.put("n_days", s.size());
                out.put("Base", arithmeticStats(base, 1, "max_dd"));
                out.put("VolTarget_DD", arithmeticStats(port, 1, "max_dd"));
            }
            case "level61" -> {
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("start", start);
                st.put("end", end);
                st.put("n_days", s.size());
                double growth = 1.0;
                for (double r : port) {
                    growth *= 1.0 + r;
                }
                double annRet = Math.pow(growth, 252.0 / port.length) - 1.0;
                double annVol = Moments.std(port, 1) * Math.sqrt(252.0);
                st.put("ann_return", annRet);
                st.put("ann_vol", annVol);
                st.put("sharpe", annVol > 0 ? annRet / annVol : 0.0);
                st.put("max_drawdown", min(drawdownFromFirstValue(col(s, "port_equity"))));
                double[] ro = col(s, "risk_off");
                int days = 0;
                for (double x : ro) {
                    days += Double.isNaN(x) ? 0 : (int) x;
                }
                st.put("risk_off_days", days);
                st.put("risk_off_ratio", (double) days / s.size());
                out.put("stats", st);
            }
            case "level63" -> {
                Map<String, Object> b = arithmeticStats(base, 0, "max_drawdown");
                b.put("max_drawdown", min(drawdownFromFirstValue(col(s, "base_equity"))));
                Map<String, Object> d = arithmeticStats(port, 0, "max_drawdown");
                d.put("max_drawdown", min(drawdownFromFirstValue(col(s, "port_equity"))));
                out.put("base", b);
                out.put("dynamic", d);
            }
            default -> throw new IllegalArgumentException("unknown seed script " + script + "; known: " + SCRIPTS);
        }
        return out;
    }

    /** The scripts' stats: ann_ret = (1 + mean)^252 - 1, ann_vol = std(ddof) sqrt(252), sharpe = ann_ret / ann_vol. */
    private static Map<String, Object> arithmeticStats(double[] r, int ddof, String ddKey) {
        double mean = 0;
        for (double x : r) {
            mean += x;
        }
        mean /= r.length;
        double annRet = Math.pow(1.0 + mean, 252) - 1.0;
        double annVol = Moments.std(r, ddof) * Math.sqrt(252.0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ann_ret", annRet);
        m.put("ann_vol", annVol);
        m.put("sharpe", annVol > 0 ? annRet / annVol : (ddof == 0 ? 0.0 : Double.NaN));
        m.put(ddKey, min(drawdownFromFirstValue(Moments.compound(r))));
        return m;
    }

    private static double overlayParam(BacktestResult result, String id, String name, double fallback) {
        for (var o : result.summary().definition().overlays()) {
            if (o.id().equals(id) && o.params().get(name) instanceof Number n) {
                return n.doubleValue();
            }
        }
        return fallback;
    }

    /** {@code eq / cummax(eq) - 1} with the running peak starting at the first value (pandas cummax). */
    private static double[] drawdownFromFirstValue(double[] eq) {
        double[] dd = new double[eq.length];
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < eq.length; i++) {
            peak = Math.max(peak, eq[i]);
            dd[i] = eq[i] / peak - 1.0;
        }
        return dd;
    }

    private static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static void assets(Map<String, double[]> c, DailySeries s, List<String> syms, String out, String in) {
        for (String sym : syms) {
            c.put(String.format(out, sym), col(s, String.format(in, sym)));
        }
    }

    private static double[] col(DailySeries s, String name) {
        return s.column(name).orElseThrow(() -> new IllegalArgumentException(
                "the series has no column " + name + ": the definition does not match this seed layout"));
    }
}
