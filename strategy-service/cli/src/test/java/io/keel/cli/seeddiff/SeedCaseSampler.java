package io.keel.cli.seeddiff;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * Draws flag combinations from each original script's argparse: every flag it declares, each
 * present about half the time, values from its plausible range with edge values (caps below and
 * above 1, equal thresholds, lookbacks 2..500, universes of 1..8 symbols, defensives inside and
 * outside the universe, later and partial start dates, pandas offset aliases, output names).
 * The same seed always draws the same cases.
 */
final class SeedCaseSampler {

    static final List<String> ETF8 = List.of("SPY", "QQQ", "IWM", "EFA", "EEM", "TLT", "LQD", "GLD");
    static final List<String> DATA_SETS = List.of("etf8", "etf8_2026");

    private record Flag(String name, Function<Random, String> value) {
    }

    private final Random random;

    SeedCaseSampler(long seed) {
        this.random = new Random(seed);
    }

    /** The next case; scripts are drawn in turn so that any sample of 4k cases has k of each. */
    SeedCase next(int id) {
        String script = List.of("level73", "level70", "level61", "level63").get(id % 4);
        String data = DATA_SETS.get(random.nextInt(DATA_SETS.size()));
        List<List<String>> pairs = new ArrayList<>();
        for (Flag f : flags(script)) {
            if (random.nextDouble() < 0.5) {
                pairs.add(new ArrayList<>(List.of("--" + f.name(), f.value().apply(random))));
            }
        }
        thresholdsEqualSometimes(pairs, script);
        if (script.equals("level70") && pairs.stream().noneMatch(p -> p.get(0).equals("--base-mode") && p.get(1).equals("ew"))) {
            // documented exclusion: HRP on a two-return covariance is ordered by rounding
            pairs.stream().filter(p -> p.get(0).equals("--cov-lookback") && p.get(1).equals("2")).forEach(p -> p.set(1, "3"));
        }
        Collections.shuffle(pairs, random);
        List<String> args = new ArrayList<>();
        pairs.forEach(args::addAll);
        return new SeedCase(id, script, data, List.copyOf(args));
    }

    /** Both scripts with two drawdown thresholds treat equal thresholds as a step: draw that case on purpose. */
    private void thresholdsEqualSometimes(List<List<String>> pairs, String script) {
        String first = script.equals("level70") ? "--dd-thresh" : "--dd-threshold1";
        String second = script.equals("level70") ? "--dd-max" : "--dd-threshold2";
        if (!script.equals("level70") && !script.equals("level63") || random.nextDouble() >= 0.2) {
            return;
        }
        String v = num(random, 0.02, 0.4);
        pairs.removeIf(p -> p.get(0).equals(first) || p.get(0).equals(second));
        pairs.add(new ArrayList<>(List.of(first, v)));
        pairs.add(new ArrayList<>(List.of(second, v)));
    }

    private static List<Flag> flags(String script) {
        List<Flag> f = new ArrayList<>();
        f.add(new Flag("start", SeedCaseSampler::start));
        switch (script) {
            case "level73" -> {
                f.add(new Flag("symbols", r -> symbols(r, 1)));
                f.add(new Flag("risk-share", r -> pick(r, 0.3, num(r, -0.2, 1.2), "0", "1", "0.5", "0.6")));
                f.add(new Flag("def-share", r -> pick(r, 0.3, num(r, -0.2, 1.2), "0", "1", "0.4")));
                f.add(new Flag("defensives", SeedCaseSampler::defensives));
                f.add(new Flag("target-vol", r -> pick(r, 0.2, num(r, 0.01, 0.3), "0.1", "0")));
                f.add(new Flag("lookback", SeedCaseSampler::lookback));
                f.add(new Flag("vol-floor", r -> pick(r, 0.3, num(r, 0, 0.3), "0", "0.02")));
                f.add(new Flag("max-lev", SeedCaseSampler::maxLeverage));
                f.add(new Flag("min-lev", SeedCaseSampler::minLeverage));
                outputs(f, "level73_vol_target_overlay");
            }
            case "level70" -> {
                f.add(new Flag("symbols", r -> symbols(r, 1)));
                f.add(new Flag("base-mode", r -> r.nextBoolean() ? "hrp" : "ew"));
                f.add(new Flag("cov-lookback", SeedCaseSampler::lookback));
                f.add(new Flag("min-lookback", r -> pick(r, 0.2, Integer.toString(1 + r.nextInt(300)), "1", "2", "126")));
                f.add(new Flag("rebalance-freq", r -> pick(r, 0.3, "ME", "M", "me", "W-FRI", "MS")));
                f.add(new Flag("vol-lookback", SeedCaseSampler::lookback));
                f.add(new Flag("vol-target", r -> pick(r, 0.2, num(r, 0.01, 0.3), "0.1")));
                f.add(new Flag("lev-min", SeedCaseSampler::minLeverage));
                f.add(new Flag("lev-max", SeedCaseSampler::maxLeverage));
                f.add(new Flag("dd-thresh", r -> pick(r, 0.2, num(r, 0, 0.5), "0", "0.15")));
                f.add(new Flag("dd-max", r -> pick(r, 0.2, num(r, 0, 0.6), "0.3")));
                f.add(new Flag("dd-min-scale", r -> pick(r, 0.2, num(r, 0, 1.2), "0", "1", "0.2")));
                outputs(f, "level70_vol_target_drawdown");
            }
            case "level61" -> {
                // 2 is a documented exclusion (SeedScripts: the leverage is rounding noise)
                f.add(new Flag("vol-lookback", r -> pick(r, 0.1, Integer.toString(3 + r.nextInt(498)), "3", "500")));
                f.add(new Flag("rebalance-freq", SeedCaseSampler::frequency));
                f.add(new Flag("vol-target", r -> pick(r, 0.2, num(r, 0.01, 0.3), "0.1", "0")));
                f.add(new Flag("max-leverage", SeedCaseSampler::maxLeverage));
                f.add(new Flag("risk-off-vol", r -> pick(r, 0.2, num(r, 0, 0.6), "0", "0.25")));
                f.add(new Flag("risk-off-mom", r -> pick(r, 0.2, num(r, -0.3, 0.1), "-0.1", "0")));
                f.add(new Flag("risk-off-shrink", r -> pick(r, 0.2, num(r, 0, 1.5), "0", "1", "0.5")));
                f.add(new Flag("tc-bps", r -> pick(r, 0.2, num(r, 0, 50), "0", "10")));
                outputs(f, "level61_regime_riskparity");
            }
            case "level63" -> {
                f.add(new Flag("rebalance-freq", SeedCaseSampler::frequency));
                f.add(new Flag("cov-lookback", SeedCaseSampler::lookback));
                f.add(new Flag("min-hist", r -> pick(r, 0.2, Integer.toString(1 + r.nextInt(400)), "1", "2", "252")));
                f.add(new Flag("shrink-alpha", r -> pick(r, 0.3, num(r, -0.2, 1.2), "0", "1", "0.3")));
                f.add(new Flag("alpha-minvar", r -> pick(r, 0.3, num(r, -0.2, 1.2), "0", "1", "0.3")));
                f.add(new Flag("vol-lookback", SeedCaseSampler::lookback));
                f.add(new Flag("target-vol", r -> pick(r, 0.2, num(r, 0.01, 0.3), "0.12")));
                f.add(new Flag("lev-min", SeedCaseSampler::minLeverage));
                f.add(new Flag("lev-max", SeedCaseSampler::maxLeverage));
                f.add(new Flag("dd-threshold1", r -> pick(r, 0.2, num(r, 0, 0.4), "0", "0.1")));
                f.add(new Flag("dd-threshold2", r -> pick(r, 0.2, num(r, 0, 0.5), "0.25")));
                f.add(new Flag("dd-min-scale", r -> pick(r, 0.2, num(r, 0, 1.2), "0", "1", "0.3")));
                outputs(f, "level63_dd_leverage");
            }
            default -> throw new IllegalArgumentException(script);
        }
        return f;
    }

    private static void outputs(List<Flag> f, String base) {
        f.add(new Flag("csv", r -> r.nextDouble() < 0.3 ? "out.csv" : "my_" + base + ".csv"));
        f.add(new Flag("json", r -> r.nextDouble() < 0.3 ? "out.json" : "my_" + base + ".json"));
        f.add(new Flag("seed", r -> Integer.toString(r.nextInt(1000))));
    }

    /** A start date: mostly ISO days, also months, years, compact days, before the data and after it. */
    private static String start(Random r) {
        double u = r.nextDouble();
        LocalDate d = LocalDate.of(2005, 1, 1).plusDays(r.nextInt(365 * 20));
        if (u < 0.6) {
            return d.toString();
        } else if (u < 0.75) {
            return String.format(Locale.ROOT, "%d-%02d", d.getYear(), d.getMonthValue());
        } else if (u < 0.82) {
            return Integer.toString(d.getYear());
        } else if (u < 0.88) {
            return String.format(Locale.ROOT, "%d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
        } else if (u < 0.95) {
            return "2000-01-01";
        } else {
            return "2030-01-01";
        }
    }

    /** 1 to 8 distinct symbols in random order; rarely a symbol without data. */
    private static String symbols(Random r, int min) {
        List<String> s = new ArrayList<>(ETF8);
        Collections.shuffle(s, r);
        List<String> out = new ArrayList<>(s.subList(0, min + r.nextInt(ETF8.size() - min + 1)));
        if (r.nextDouble() < 0.03) {
            out.add("NODATA");
        }
        return String.join(",", out);
    }

    /** 0 to 4 symbols of the eight, inside the universe or not. */
    private static String defensives(Random r) {
        List<String> s = new ArrayList<>(ETF8);
        Collections.shuffle(s, r);
        return String.join(",", s.subList(0, r.nextInt(5)));
    }

    private static String lookback(Random r) {
        double u = r.nextDouble();
        if (u < 0.15) {
            return oneOf(r, "2", "3", "500");
        }
        if (u < 0.6) {
            return Integer.toString(2 + r.nextInt(99));
        }
        return Integer.toString(2 + r.nextInt(499));
    }

    private static String maxLeverage(Random r) {
        return pick(r, 0.4, num(r, 0.2, 3.0), "1", "0.5", "0.8", "1.5", "2");
    }

    private static String minLeverage(Random r) {
        return pick(r, 0.4, num(r, 0, 1.5), "0", "1", "1.2", "0.3");
    }

    /** pandas offset aliases the two scripts that resample by a given frequency accept (and some they refuse). */
    private static String frequency(Random r) {
        return oneOf(r, "M", "ME", "me", "MS", "W-FRI", "W", "W-MON", "W-WED", "Q", "A", "Y", "D", "B", "BM",
                "2M", "SM", "QS");
    }

    /** One of {@code edges} with probability {@code pEdge}, else {@code otherwise}. */
    private static String pick(Random r, double pEdge, String otherwise, String... edges) {
        return r.nextDouble() < pEdge ? oneOf(r, edges) : otherwise;
    }

    private static String oneOf(Random r, String... values) {
        return values[r.nextInt(values.length)];
    }

    private static String num(Random r, double lo, double hi) {
        double v = lo + r.nextDouble() * (hi - lo);
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }
}
