package io.keel.engine.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.spi.Violation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration path from the original scripts: reads a script's command line as its argparse does
 * (flags, {@code --flag=value}, unambiguous prefixes, the last value wins, the notebook shim that
 * drops {@code -f} and {@code *kernel*.json}), makes the script's {@code Config} from it, and builds
 * the seed-compatible definition that reproduces what the script computes with that config.
 *
 * <p>Where the script accepts a value outside a plugin's usual range, the definition gets the
 * equivalent value the script effectively uses (e.g. level73 clips its bucket shares into [0, 1];
 * level63's {@code shrink_alpha <= 0} is no shrinkage; numpy's clip with {@code min > max} is
 * {@code max}, pandas' swaps the bounds, level63's own {@code max(lo, min(hi, x))} is {@code lo}).
 * Where the script raises or writes no row, or computes something no definition expresses (listed in
 * docs/seed-differences.md), this refuses with a violation naming the flag: it never runs a schedule
 * or parameter other than the one asked for.
 */
public final class SeedScripts {

    private SeedScripts() {
    }

    /** The file names a script writes its daily CSV and summary JSON to. */
    public record Outputs(String csv, String json) {
    }

    /**
     * One script invocation made ready to run.
     *
     * @param script     {@code level73}, {@code level70}, {@code level61} or {@code level63}
     * @param config     the script's {@code Config} as its summary JSON writes it ({@code asdict(cfg)})
     * @param definition the seed-compatible definition computing what the script computes
     * @param outputs    the file names the script writes
     */
    public record Invocation(String script, Map<String, Object> config, BacktestDefinition definition, Outputs outputs) {
    }

    private enum Type { INT, FLOAT, STR }

    /** One argparse option: its flag, the Config field it sets, its type and default. */
    private record Flag(String flag, String key, Type type, Object defaultValue) {
    }

    private static final List<String> ETF8 = List.of("SPY", "QQQ", "IWM", "EFA", "EEM", "TLT", "LQD", "GLD");

    /** Scripts accepted by {@link #invocation}. */
    public static List<String> scripts() {
        return List.of("level73", "level70", "level61", "level63");
    }

    /** The flags {@code script} accepts, as in the original script's argparse (without leading dashes). */
    public static List<String> acceptedFlags(String script) {
        return flags(script).stream().map(Flag::flag).toList();
    }

    /** The Config fields of each script in declaration order (symbols first: level61 and level63 fix them). */
    private static List<Flag> flags(String script) {
        List<Flag> f = new ArrayList<>();
        switch (script) {
            case "level73" -> {
                f.add(new Flag("symbols", "symbols", Type.STR, String.join(",", ETF8)));
                f.add(new Flag("start", "start", Type.STR, "2010-01-01"));
                f.add(new Flag("risk-share", "risk_share", Type.FLOAT, 0.60));
                f.add(new Flag("def-share", "def_share", Type.FLOAT, 0.40));
                f.add(new Flag("defensives", "defensive_set", Type.STR, "TLT,LQD,GLD"));
                f.add(new Flag("target-vol", "target_vol", Type.FLOAT, 0.10));
                f.add(new Flag("lookback", "lookback", Type.INT, 63L));
                f.add(new Flag("vol-floor", "vol_floor", Type.FLOAT, 0.02));
                f.add(new Flag("max-lev", "max_leverage", Type.FLOAT, 2.0));
                f.add(new Flag("min-lev", "min_leverage", Type.FLOAT, 0.0));
                outputs(f, "level73_vol_target_overlay.csv", "level73_vol_target_overlay_summary.json");
            }
            case "level70" -> {
                f.add(new Flag("symbols", "symbols", Type.STR, String.join(",", ETF8)));
                f.add(new Flag("start", "start", Type.STR, "2010-01-01"));
                f.add(new Flag("base-mode", "base_mode", Type.STR, "hrp"));
                f.add(new Flag("cov-lookback", "cov_lookback", Type.INT, 252L));
                f.add(new Flag("min-lookback", "min_lookback", Type.INT, 126L));
                f.add(new Flag("rebalance-freq", "rebalance_freq", Type.STR, "ME"));
                f.add(new Flag("vol-lookback", "vol_lookback", Type.INT, 60L));
                f.add(new Flag("vol-target", "vol_target", Type.FLOAT, 0.10));
                f.add(new Flag("lev-min", "lev_min", Type.FLOAT, 0.0));
                f.add(new Flag("lev-max", "lev_max", Type.FLOAT, 2.0));
                f.add(new Flag("dd-thresh", "dd_thresh", Type.FLOAT, 0.15));
                f.add(new Flag("dd-max", "dd_max", Type.FLOAT, 0.30));
                f.add(new Flag("dd-min-scale", "dd_min_scale", Type.FLOAT, 0.20));
                outputs(f, "level70_vol_target_drawdown.csv", "level70_vol_target_drawdown_summary.json");
            }
            case "level61" -> {
                f.add(new Flag("start", "start", Type.STR, "2010-01-01"));
                f.add(new Flag("vol-lookback", "vol_lookback", Type.INT, 60L));
                f.add(new Flag("rebalance-freq", "rebalance_freq", Type.STR, "M"));
                f.add(new Flag("vol-target", "vol_target", Type.FLOAT, 0.10));
                f.add(new Flag("max-leverage", "max_leverage", Type.FLOAT, 2.0));
                f.add(new Flag("risk-off-vol", "risk_off_vol", Type.FLOAT, 0.25));
                f.add(new Flag("risk-off-mom", "risk_off_mom", Type.FLOAT, -0.10));
                f.add(new Flag("risk-off-shrink", "risk_off_shrink", Type.FLOAT, 0.5));
                f.add(new Flag("tc-bps", "tc_bps", Type.FLOAT, 10.0));
                outputs(f, "level61_regime_riskparity.csv", "level61_regime_riskparity_summary.json");
            }
            case "level63" -> {
                f.add(new Flag("start", "start", Type.STR, "2010-01-01"));
                f.add(new Flag("rebalance-freq", "rebalance_freq", Type.STR, "ME"));
                f.add(new Flag("cov-lookback", "cov_lookback", Type.INT, 252L));
                f.add(new Flag("min-hist", "min_hist", Type.INT, 252L));
                f.add(new Flag("shrink-alpha", "shrink_alpha", Type.FLOAT, 0.30));
                f.add(new Flag("alpha-minvar", "alpha_minvar", Type.FLOAT, 0.30));
                f.add(new Flag("vol-lookback", "vol_lookback", Type.INT, 60L));
                f.add(new Flag("target-vol", "target_vol", Type.FLOAT, 0.12));
                f.add(new Flag("lev-min", "lev_min", Type.FLOAT, 0.3));
                f.add(new Flag("lev-max", "lev_max", Type.FLOAT, 2.0));
                f.add(new Flag("dd-threshold1", "dd_threshold1", Type.FLOAT, 0.10));
                f.add(new Flag("dd-threshold2", "dd_threshold2", Type.FLOAT, 0.25));
                f.add(new Flag("dd-min-scale", "dd_min_scale", Type.FLOAT, 0.3));
                outputs(f, "level63_dd_leverage_series.csv", "level63_dd_leverage_summary.json");
            }
            default -> throw new InvalidDefinitionException(List.of(Violation.of("script",
                    "unknown script '" + script + "'; known: " + scripts())));
        }
        return f;
    }

    private static void outputs(List<Flag> f, String csv, String json) {
        f.add(new Flag("csv", "out_csv", Type.STR, csv));
        f.add(new Flag("json", "out_json", Type.STR, json));
        f.add(new Flag("seed", "seed", Type.INT, 42L));
    }

    /**
     * Reads {@code argv} (the script's flags as typed, e.g. {@code --target-vol 0.12 --csv=out.csv}) the
     * way the script's argparse does and builds what runs it.
     *
     * @throws InvalidDefinitionException naming the flag, where the script itself would refuse or fail, or
     *                                    where Keel does not reproduce what it computes
     */
    public static Invocation invocation(String script, List<String> argv) {
        List<Flag> flags = flags(script);
        Map<String, String> given = parse(script, flags, argv);
        List<Violation> v = new ArrayList<>();
        Map<String, Object> typed = new LinkedHashMap<>();
        for (Flag f : flags) {
            String raw = given.get(f.flag());
            if (raw == null) {
                typed.put(f.key(), f.defaultValue());
                continue;
            }
            try {
                typed.put(f.key(), switch (f.type()) {
                    case INT -> pythonInt(raw);
                    case FLOAT -> pythonFloat(raw);
                    case STR -> raw;
                });
            } catch (IllegalArgumentException e) {
                v.add(Violation.of("--" + f.flag(), e.getMessage()));
            }
        }
        if (!v.isEmpty()) {
            throw new InvalidDefinitionException(v);
        }
        Config c = new Config(script, typed);
        ObjectNode doc = build(c);
        if (!c.violations.isEmpty()) {
            throw new InvalidDefinitionException(c.violations);
        }
        BacktestDefinition def = DefinitionJson.parse(doc.toString());
        return new Invocation(script, c.asScriptWritesIt(), def,
                new Outputs((String) typed.get("out_csv"), (String) typed.get("out_json")));
    }

    /**
     * The symbols whose prices {@code script} run with {@code argv} needs, in the definition's universe order: its
     * {@code --symbols} (level73, level70) or its fixed universe (level61, level63). Cheap, as nothing is built or
     * validated: a caller may start reading prices with it while {@link #invocation} builds the definition, whose
     * universe is this list whenever {@link #invocation} succeeds. Empty when the flags cannot be read ({@link
     * #invocation} then says why).
     */
    public static List<String> symbols(String script, List<String> argv) {
        try {
            List<Flag> flags = flags(script);
            Map<String, String> given = parse(script, flags, argv);
            for (Flag f : flags) {
                if (f.key().equals("symbols")) {
                    return List.copyOf(splitSymbols(given.getOrDefault(f.flag(), (String) f.defaultValue())));
                }
            }
            return ETF8;
        } catch (InvalidDefinitionException e) {
            return List.of();
        }
    }

    /** argparse: flags with a value each ({@code --f v} or {@code --f=v}), unique prefixes, last one wins. */
    private static Map<String, String> parse(String script, List<Flag> flags, List<String> argv) {
        List<String> args = new ArrayList<>();
        for (String a : argv) {
            // the scripts' Jupyter shim drops these before argparse sees them
            if (!a.equals("-f") && !(a.endsWith(".json") && a.contains("kernel"))) {
                args.add(a);
            }
        }
        List<Violation> v = new ArrayList<>();
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.length() == 2) {
                v.add(Violation.of(a, "not a flag of " + script + " (the script's argparse refuses it)"));
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            String flag = resolve(name, flags);
            if (flag == null) {
                v.add(Violation.of("--" + name, "not a flag of " + script + "; accepted: " + acceptedFlags(script)));
                if (value == null && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    i++;
                }
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    v.add(Violation.of("--" + flag, "expects a value"));
                    continue;
                }
                value = args.get(++i);
            }
            given.put(flag, value);
        }
        if (!v.isEmpty()) {
            throw new InvalidDefinitionException(v);
        }
        return given;
    }

    private static String resolve(String name, List<Flag> flags) {
        List<String> matches = new ArrayList<>();
        for (Flag f : flags) {
            if (f.flag().equals(name)) {
                return f.flag();
            }
            if (!name.isEmpty() && f.flag().startsWith(name)) {
                matches.add(f.flag());
            }
        }
        if (matches.size() > 1) {
            throw new InvalidDefinitionException(List.of(Violation.of("--" + name, "ambiguous: could be " + matches)));
        }
        return matches.isEmpty() ? null : matches.get(0);
    }

    /** A script's Config with the checks the translation into a definition makes. */
    private static final class Config {
        final String script;
        final Map<String, Object> values;
        final List<Violation> violations = new ArrayList<>();

        Config(String script, Map<String, Object> values) {
            this.script = script;
            this.values = values;
        }

        double num(String key) {
            return ((Number) values.get(key)).doubleValue();
        }

        long integer(String key) {
            return ((Number) values.get(key)).longValue();
        }

        String str(String key) {
            return (String) values.get(key);
        }

        String flag(String key) {
            for (Flag f : flags(script)) {
                if (f.key().equals(key)) {
                    return "--" + f.flag();
                }
            }
            return key;
        }

        void refuse(String key, String message) {
            violations.add(Violation.of(flag(key), message));
        }

        /** {@code asdict(cfg)}: tuples as lists, level61/63's fixed universe included. */
        Map<String, Object> asScriptWritesIt() {
            Map<String, Object> out = new LinkedHashMap<>();
            if (script.equals("level61") || script.equals("level63")) {
                out.put("symbols", ETF8);
            }
            for (var e : values.entrySet()) {
                if (e.getKey().equals("symbols") || e.getKey().equals("defensive_set")) {
                    out.put(e.getKey(), splitSymbols((String) e.getValue()));
                } else {
                    out.put(e.getKey(), e.getValue());
                }
            }
            return out;
        }
    }

    private static ObjectNode build(Config c) {
        ObjectNode d = switch (c.script) {
            case "level73" -> level73(c);
            case "level70" -> level70(c);
            case "level61" -> level61(c);
            case "level63" -> level63(c);
            default -> throw new IllegalStateException(c.script);
        };
        LocalDate start = pandasDate(c.str("start"));
        if (start == null) {
            c.refuse("start", "'" + c.str("start") + "' is not a date keel seed reads: YYYY, YYYY-MM, YYYY-MM-DD, "
                    + "YYYY/MM/DD or YYYYMMDD");
        } else {
            d.put("start", start.toString());
        }
        return d;
    }

    private static ObjectNode level73(Config c) {
        ObjectNode d = load("level73");
        List<String> symbols = universe(c, d);
        Set<String> defensiveSet = new LinkedHashSet<>(splitSymbols(c.str("defensive_set")));
        // the script intersects: defensives in the universe's order, others ignored
        List<String> defensives = symbols.stream().filter(defensiveSet::contains).toList();
        ArrayNode group = ((ObjectNode) d.get("groups")).putArray("defensive");
        defensives.forEach(group::add);
        double risk = c.num("risk_share");
        double def = c.num("def_share");
        if (defensives.size() == symbols.size()) {
            risk = 0.0;
            def = 1.0;
        }
        if (defensives.isEmpty()) {
            risk = 1.0;
            def = 0.0;
        }
        risk = clip(risk, 0.0, 1.0);
        def = clip(def, 0.0, 1.0);
        if (risk + def == 0) {
            risk = 1.0;
            def = 0.0;
        }
        ObjectNode scheme = params(d.get("weightScheme"));
        scheme.put("riskShare", risk);
        scheme.put("defensiveShare", def);
        ObjectNode vol = overlay(d, "vol-target");
        nonNegative(c, "target_vol");
        vol.put("targetVol", c.num("target_vol"));
        vol.put("lookbackDays", lookback(c, "lookback"));
        vol.put("volFloor", Math.max(0.0, c.num("vol_floor")));
        // np.clip(x, lo, hi) is min(max(x, lo), hi): hi when lo > hi; a leverage is never negative
        double hi = c.num("max_leverage");
        double lo = Math.min(c.num("min_leverage"), hi);
        leverageCap(c, "max_leverage", hi);
        vol.put("minLeverage", Math.max(0.0, lo));
        vol.put("maxLeverage", hi);
        return d;
    }

    private static ObjectNode level70(Config c) {
        String mode = c.str("base_mode");
        if (!mode.equals("hrp") && !mode.equals("ew")) {
            c.refuse("base_mode", "invalid choice '" + mode + "' (choose from 'hrp', 'ew')");
            mode = "hrp";
        }
        ObjectNode d = load("level70-" + mode);
        List<String> symbols = universe(c, d);
        // level70 has no defensive bucket; the template's group keeps only what is in the universe
        ArrayNode kept = ((ObjectNode) d.get("groups")).putArray("defensive");
        for (String s : List.of("TLT", "LQD", "GLD")) {
            if (symbols.contains(s)) {
                kept.add(s);
            }
        }
        if (!c.str("rebalance_freq").equals("ME")) {
            c.refuse("rebalance_freq", "level70 runs only with ME (the script raises ValueError for '"
                    + c.str("rebalance_freq") + "')");
        }
        long cov = c.integer("cov_lookback");
        long min = c.integer("min_lookback");
        ObjectNode scheme = params(d.get("weightScheme"));
        if (mode.equals("ew")) {
            // the window is the last cov_lookback returns and needs min_lookback of them
            if (cov < Math.max(1, min)) {
                c.refuse("cov_lookback", "no rebalance ever has min_lookback (" + min + ") returns in the last cov_lookback ("
                        + cov + "): the script writes no rows");
            }
            scheme.put("minHistory", Math.max(0, min));
        } else {
            // a covariance needs two returns: a one-return window is skipped as NaN by the script
            long effectiveMin = Math.max(2, min);
            if (cov == 2) {
                // two returns: every correlation is +-1 and the distances are 0 up to rounding, which orders the clusters
                c.refuse("cov_lookback", "2 is not reproduced by keel seed with --base-mode hrp: a two-return covariance "
                        + "has correlations of +-1, so the script's cluster order is decided by floating-point rounding");
            } else if (cov < effectiveMin) {
                c.refuse("cov_lookback", "no rebalance ever has " + effectiveMin + " returns (min_lookback, and two for a "
                        + "covariance) in the last cov_lookback (" + cov + "): the script writes no rows");
            }
            scheme.put("lookbackDays", Math.max(2, cov));
            scheme.put("minHistory", effectiveMin);
        }
        ObjectNode vol = overlay(d, "vol-target");
        nonNegative(c, "vol_target");
        vol.put("targetVol", c.num("vol_target"));
        vol.put("lookbackDays", lookback(c, "vol_lookback"));
        // pandas' clip swaps scalar bounds given the wrong way round
        double lo = Math.min(c.num("lev_min"), c.num("lev_max"));
        double hi = Math.max(c.num("lev_min"), c.num("lev_max"));
        leverageCap(c, "lev_max", hi);
        vol.put("minLeverage", Math.max(0.0, lo));
        vol.put("maxLeverage", hi);
        ObjectNode brake = overlay(d, "drawdown-brake");
        double thresh = c.num("dd_thresh");
        double max = c.num("dd_max");
        if (max <= 0 || max > 1) {
            c.refuse("dd_max", "must be in (0, 1] for keel seed, got " + max);
        } else if (thresh < 0) {
            c.refuse("dd_thresh", "must not be negative for keel seed, got " + thresh);
        } else if (thresh >= max) {
            // the script's linear band is empty: factor 1 below dd_max, dd_min_scale from dd_max on
            brake.put("threshold", Math.nextDown(max));
            brake.put("fullBrakeAt", Math.nextDown(max));
        } else {
            brake.put("threshold", thresh);
            brake.put("fullBrakeAt", max);
        }
        minScale(c, brake, "dd_min_scale");
        return d;
    }

    private static ObjectNode level61(Config c) {
        ObjectNode d = load("level61");
        String freq = c.str("rebalance_freq");
        if (freq.toUpperCase(Locale.ROOT).startsWith("M")) {
            // the script's own test: anything starting with M is month end
            rebalance(d, "MONTHLY", null, "END");
        } else {
            frequency(c, d, freq);
        }
        long n = lookback(c, "vol_lookback");
        if (n == 2) {
            // inverse-volatility weights of two returns make the portfolio's two returns equal whenever as many
            // assets rose as fell: the ex-ante volatility is 0 up to rounding, and numpy's rounding sets the leverage
            c.refuse("vol_lookback", "2 is not reproduced by keel seed: with two returns the script's ex-ante volatility "
                    + "is often zero up to rounding, so its leverage is decided by floating-point noise");
        }
        ObjectNode scheme = params(d.get("weightScheme"));
        scheme.put("lookbackDays", n);
        // the script's window.shape[0] < vol_lookback // 2 (a one-return window decides equal weights at leverage 0)
        scheme.put("minHistory", Math.max(1, n / 2));
        overlay(d, "regime-risk-off").put("lookbackDays", n);
        ObjectNode exAnte = overlay(d, "ex-ante-vol-target");
        exAnte.put("lookbackDays", n);
        // min(max_lev, max(0, target / vol)): a negative target is a leverage of 0
        exAnte.put("targetVol", Math.max(0.0, c.num("vol_target")));
        if (c.num("max_leverage") < 0) {
            c.refuse("max_leverage", "must not be negative for keel seed, got " + c.num("max_leverage"));
        }
        leverageCap(c, "max_leverage", c.num("max_leverage"));
        exAnte.put("maxLeverage", Math.max(0.0, c.num("max_leverage")));
        ObjectNode regime = overlay(d, "regime-risk-off");
        nonNegative(c, "risk_off_vol");
        regime.put("volThreshold", c.num("risk_off_vol"));
        if (c.num("risk_off_mom") > 10) {
            c.refuse("risk_off_mom", "must be at most 10 for keel seed, got " + c.num("risk_off_mom"));
        }
        // a window's compounded return is never below -1
        regime.put("momentumThreshold", Math.max(-1.0, c.num("risk_off_mom")));
        nonNegative(c, "risk_off_shrink");
        if (c.num("risk_off_shrink") > 10) {
            c.refuse("risk_off_shrink", "must be at most 10 for keel seed, got " + c.num("risk_off_shrink"));
        }
        regime.put("shrink", c.num("risk_off_shrink"));
        nonNegative(c, "tc_bps");
        // the script's tc_bps is a round trip; each side pays half
        overlay(d, "transaction-costs").put("oneWayBps", c.num("tc_bps") / 2.0);
        return d;
    }

    private static ObjectNode level63(Config c) {
        ObjectNode d = load("level63");
        String freq = c.str("rebalance_freq");
        if (freq.equalsIgnoreCase("M") || freq.equalsIgnoreCase("ME")) {
            rebalance(d, "MONTHLY", null, "END");
        } else {
            frequency(c, d, freq);
        }
        long cov = c.integer("cov_lookback");
        // a rebalance with a single return fails the run as the script's pinv fails on its NaN covariance
        long effectiveMin = Math.max(1, c.integer("min_hist"));
        if (cov < Math.max(2, effectiveMin)) {
            c.refuse("cov_lookback", "no rebalance ever has " + Math.max(2, effectiveMin) + " returns (min_hist, and two for "
                    + "a covariance) in the last cov_lookback (" + cov + "): the script raises 'No weights computed'");
        }
        ObjectNode scheme = params(d.get("weightScheme"));
        scheme.put("lookbackDays", Math.max(2, cov));
        scheme.put("minHistory", effectiveMin);
        // shrink_alpha <= 0 returns the sample covariance
        double alpha = Math.max(0.0, c.num("shrink_alpha"));
        if (alpha > 10) {
            c.refuse("shrink_alpha", "must be at most 10 for keel seed, got " + alpha);
        }
        scheme.put("shrinkage", alpha);
        double mv = c.num("alpha_minvar");
        if (Math.abs(mv) > 10) {
            c.refuse("alpha_minvar", "must be within [-10, 10] for keel seed, got " + mv);
        }
        scheme.put("minVarianceShare", mv);
        ObjectNode vol = overlay(d, "vol-target");
        nonNegative(c, "target_vol");
        vol.put("targetVol", c.num("target_vol"));
        vol.put("lookbackDays", lookback(c, "vol_lookback"));
        // the day loop's max(lo, min(hi, L)) is lo when lo > hi; a leverage is never negative
        double lo = Math.max(0.0, c.num("lev_min"));
        double hi = Math.max(lo, c.num("lev_max"));
        leverageCap(c, "lev_max", hi);
        vol.put("minLeverage", lo);
        vol.put("maxLeverage", hi);
        ObjectNode limits = (ObjectNode) d.get("exposureLimits");
        limits.put("min", lo);
        limits.put("max", hi);
        ObjectNode brake = overlay(d, "drawdown-brake");
        double dd1 = c.num("dd_threshold1");
        double dd2 = c.num("dd_threshold2");
        if (dd1 < 0 || dd1 > 1) {
            c.refuse("dd_threshold1", "must be within [0, 1] for keel seed, got " + dd1);
        } else if (dd2 < 0 || dd2 > 1) {
            c.refuse("dd_threshold2", "must be within [0, 1] for keel seed, got " + dd2);
        } else {
            // dd <= dd1 is tested first: with dd1 >= dd2 the factor is a step at dd1
            brake.put("threshold", dd1);
            brake.put("fullBrakeAt", Math.max(dd1, dd2));
        }
        minScale(c, brake, "dd_min_scale");
        return d;
    }

    /**
     * The pandas offset aliases Keel reproduces for {@code resample(freq)}: W and W-MON..W-SUN, MS / QS /
     * AS / YS (period starts), Q, A, Y (period ends), D and B (every trading day). Others are refused by name.
     */
    private static void frequency(Config c, ObjectNode d, String freq) {
        Matcher week = Pattern.compile("W(?:-(MON|TUE|WED|THU|FRI|SAT|SUN))?").matcher(freq);
        if (week.matches()) {
            rebalance(d, "WEEKLY", week.group(1) == null ? "SUN" : week.group(1), "END");
            return;
        }
        switch (freq) {
            case "MS" -> rebalance(d, "MONTHLY", null, "START");
            case "Q", "Q-DEC" -> rebalance(d, "QUARTERLY", null, "END");
            case "QS", "QS-JAN" -> rebalance(d, "QUARTERLY", null, "START");
            case "A", "Y", "A-DEC", "Y-DEC" -> rebalance(d, "ANNUALLY", null, "END");
            case "AS", "YS", "AS-JAN", "YS-JAN" -> rebalance(d, "ANNUALLY", null, "START");
            case "D", "B" -> rebalance(d, "DAILY", null, "END");
            default -> c.refuse("rebalance_freq", "the pandas offset alias '" + freq + "' is not reproduced by keel seed; "
                    + "supported: M, ME, MS, W, W-MON..W-SUN, Q, QS, A, Y, AS, YS, D, B");
        }
    }

    private static void rebalance(ObjectNode d, String frequency, String weekEnd, String label) {
        ObjectNode r = (ObjectNode) d.get("rebalance");
        r.put("frequency", frequency);
        if (weekEnd != null) {
            r.put("weekEnd", switch (weekEnd) {
                case "MON" -> "MONDAY";
                case "TUE" -> "TUESDAY";
                case "WED" -> "WEDNESDAY";
                case "THU" -> "THURSDAY";
                case "FRI" -> "FRIDAY";
                case "SAT" -> "SATURDAY";
                default -> "SUNDAY";
            });
        }
        if (label.equals("START")) {
            r.put("periodLabel", "START");
        }
    }

    private static List<String> universe(Config c, ObjectNode d) {
        List<String> symbols = splitSymbols(c.str("symbols"));
        if (symbols.isEmpty()) {
            c.refuse("symbols", "no symbols (the script has nothing to download)");
        }
        if (new LinkedHashSet<>(symbols).size() != symbols.size()) {
            c.refuse("symbols", "a symbol is given twice: the script's table gets duplicate columns, which keel seed "
                    + "does not reproduce");
        }
        ArrayNode arr = d.putArray("universe");
        symbols.forEach(arr::add);
        return symbols;
    }

    private static long lookback(Config c, String key) {
        long n = c.integer(key);
        if (n < 2) {
            c.refuse(key, "must be at least 2 for keel seed, got " + n + " (a window of fewer returns has no standard deviation)");
            return 2;
        }
        if (n > 2520) {
            c.refuse(key, "must be at most 2520 for keel seed, got " + n);
            return 2520;
        }
        return n;
    }

    private static void nonNegative(Config c, String key) {
        if (c.num(key) < 0) {
            c.refuse(key, "must not be negative for keel seed, got " + c.num(key));
        }
    }

    private static void leverageCap(Config c, String key, double hi) {
        if (hi < 0 || hi > 10) {
            c.refuse(key, "the effective leverage cap must be within [0, 10] for keel seed, got " + hi);
        }
    }

    private static void minScale(Config c, ObjectNode brake, String key) {
        double s = c.num(key);
        if (s < 0 || s > 10) {
            c.refuse(key, "must be within [0, 10] for keel seed, got " + s);
        }
        brake.put("minScale", s);
    }

    private static ObjectNode load(String name) {
        try (InputStream in = SeedScripts.class.getResourceAsStream("definitions/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("bundled definition " + name + " missing");
            }
            return (ObjectNode) DefinitionJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode params(JsonNode pluginRef) {
        return (ObjectNode) pluginRef.get("params");
    }

    private static ObjectNode overlay(ObjectNode d, String id) {
        for (JsonNode o : d.get("overlays")) {
            if (o.get("id").asText().equals(id)) {
                return params(o);
            }
        }
        throw new IllegalStateException("template has no overlay " + id);
    }

    /** The scripts' {@code tuple(s.strip() for s in v.split(",") if s.strip())}. */
    static List<String> splitSymbols(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",", -1)) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static double clip(double x, double lo, double hi) {
        return Math.min(Math.max(x, lo), hi);
    }

    private static final Pattern PY_FLOAT = Pattern.compile(
            "[+-]?(?:(?:\\d(?:_?\\d)*)?\\.?\\d(?:_?\\d)*|\\d(?:_?\\d)*\\.)(?:[eE][+-]?\\d(?:_?\\d)*)?");
    private static final Pattern PY_INT = Pattern.compile("[+-]?\\d(?:_?\\d)*");

    /** Python's {@code float(s)} for finite values; non-finite ones are refused. */
    static double pythonFloat(String s) {
        String t = s.strip();
        if (PY_FLOAT.matcher(t).matches()) {
            double d = Double.parseDouble(t.replace("_", ""));
            if (Double.isFinite(d)) {
                return d;
            }
        }
        String lower = t.toLowerCase(Locale.ROOT).replaceFirst("^[+-]", "");
        if (lower.equals("inf") || lower.equals("infinity") || lower.equals("nan")) {
            throw new IllegalArgumentException("'" + s + "' is not finite: keel seed needs a finite number");
        }
        throw new IllegalArgumentException("invalid float value: '" + s + "'");
    }

    /** Python's {@code int(s)}. */
    static long pythonInt(String s) {
        String t = s.strip();
        if (PY_INT.matcher(t).matches()) {
            try {
                return Long.parseLong(t.replace("_", "").replaceFirst("^\\+", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is too large");
            }
        }
        throw new IllegalArgumentException("invalid int value: '" + s + "'");
    }

    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern YEAR_MONTH = Pattern.compile("(\\d{4})[-/](\\d{1,2})");
    private static final Pattern DAY = Pattern.compile("(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");

    /** {@code pd.Timestamp(s)} for the date forms users type; null for any other text. */
    static LocalDate pandasDate(String s) {
        String t = s.strip();
        try {
            Matcher m;
            if ((m = YEAR.matcher(t)).matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), 1, 1);
            }
            if ((m = YEAR_MONTH.matcher(t)).matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1);
            }
            if ((m = DAY.matcher(t)).matches() || (m = COMPACT.matcher(t)).matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }
}
