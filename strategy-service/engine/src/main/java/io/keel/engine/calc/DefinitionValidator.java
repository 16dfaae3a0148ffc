package io.keel.engine.calc;

import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.ExposureLimits;
import io.keel.engine.definition.PluginRef;
import io.keel.engine.definition.RebalanceFrequency;
import io.keel.engine.plugin.PluginRegistry;
import io.keel.spi.Overlay;
import io.keel.spi.Parameters;
import io.keel.spi.Plugin;
import io.keel.spi.Universe;
import io.keel.spi.Violation;
import io.keel.spi.WeightScheme;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a definition without any price data: names, universe, dates, plugin ids and
 * parameters (against each plugin's declared specs and its own cross-checks), limits.
 * Every problem is reported with the JSON path of its field.
 */
public final class DefinitionValidator {

    /** Upper bounds that keep one backtest's cost bounded. */
    public static final int MAX_UNIVERSE = 1000;
    public static final int MAX_OVERLAYS = 16;
    public static final int MAX_EXECUTION_LAG = 5;
    /** Earliest start and latest end a definition may name (daily data before 1900 is not a use case). */
    public static final java.time.LocalDate MIN_DATE = java.time.LocalDate.of(1900, 1, 1);
    public static final java.time.LocalDate MAX_DATE = java.time.LocalDate.of(2199, 12, 31);

    /** What a definition's name, a symbol and a group name look like (also published in the JSON Schema of definitions). */
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
    public static final String SYMBOL_PATTERN = "[A-Z0-9][A-Z0-9.^=-]{0,19}";
    public static final String GROUP_PATTERN = "[a-z][a-z0-9_-]{0,49}";
    /** Longest description, in characters; everyDays' bound; the annual cash rate's range; the exposure limits' bounds. */
    public static final int MAX_DESCRIPTION = 2000;
    public static final int MAX_EVERY_DAYS = 2520;
    public static final double MIN_CASH_RATE = -0.1;
    public static final double MAX_CASH_RATE = 0.5;
    public static final double MAX_EXPOSURE = 10;

    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    private static final Pattern SYMBOL = Pattern.compile(SYMBOL_PATTERN);
    private static final Pattern GROUP = Pattern.compile(GROUP_PATTERN);

    private final PluginRegistry registry;

    public DefinitionValidator(PluginRegistry registry) {
        this.registry = registry;
    }

    /** The validated plugins of a valid definition. */
    public record Checked(Universe universe, ResolvedBacktest.Configured<WeightScheme> scheme,
                          List<ResolvedBacktest.Configured<Overlay>> overlays) {
    }

    /** All problems of {@code def}; empty when it is valid. */
    public List<Violation> violations(BacktestDefinition def) {
        List<Violation> v = new ArrayList<>();
        check(def, v);
        return v;
    }

    /**
     * Validates and returns the configured plugins.
     *
     * @throws InvalidDefinitionException listing every problem
     */
    public Checked check(BacktestDefinition def) {
        List<Violation> v = new ArrayList<>();
        Checked c = check(def, v);
        if (!v.isEmpty()) {
            throw new InvalidDefinitionException(v);
        }
        return c;
    }

    /**
     * The definition's {@code benchmark}: the syntax of {@link io.keel.result.Benchmark}, without {@code run:<id>} (a
     * definition is not tied to a snapshot; it names another definition) and without naming itself. Whether its
     * symbols are in a snapshot is checked when a run is submitted.
     */
    private static void benchmark(BacktestDefinition def, List<Violation> v) {
        io.keel.result.Benchmark b;
        try {
            b = io.keel.result.Benchmark.parse(def.benchmark());
        } catch (IllegalArgumentException e) {
            v.add(Violation.of("benchmark", e.getMessage()));
            return;
        }
        if (b instanceof io.keel.result.Benchmark.Run) {
            v.add(Violation.of("benchmark", "a definition names another definition's runs (definition:<name>), not one run: "
                    + "run:<id> belongs to a run request or a report query"));
        } else if (b instanceof io.keel.result.Benchmark.Definition d && d.name().equalsIgnoreCase(def.name())) {
            v.add(Violation.of("benchmark", "a definition cannot be its own benchmark"));
        }
    }

    private Checked check(BacktestDefinition def, List<Violation> v) {
        if (def.name() == null || !NAME.matcher(def.name()).matches()) {
            v.add(Violation.of("name", "must be 1-100 characters of letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        if (def.description().length() > MAX_DESCRIPTION) {
            v.add(Violation.of("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        if (def.seedScript() != null && !BacktestDefinition.SEED_SCRIPTS.contains(def.seedScript())) {
            v.add(Violation.of("seedScript", "must be one of " + BacktestDefinition.SEED_SCRIPTS + " or absent"));
        }
        benchmark(def, v);
        Universe universe = universe(def, v);
        if (def.start() != null && (def.start().isBefore(MIN_DATE) || def.start().isAfter(MAX_DATE))) {
            v.add(Violation.of("start", "must be between " + MIN_DATE + " and " + MAX_DATE));
        }
        if (def.end() != null && (def.end().isBefore(MIN_DATE) || def.end().isAfter(MAX_DATE))) {
            v.add(Violation.of("end", "must be between " + MIN_DATE + " and " + MAX_DATE));
        }
        if (def.start() != null && def.end() != null && def.start().isAfter(def.end())) {
            v.add(Violation.of("end", "must not be before start (" + def.start() + ")"));
        }
        var rb = def.rebalance();
        if (rb.frequency() == RebalanceFrequency.EVERY_N_DAYS) {
            if (rb.everyDays() == null || rb.everyDays() < 1 || rb.everyDays() > MAX_EVERY_DAYS) {
                v.add(Violation.of("rebalance.everyDays", "must be between 1 and " + MAX_EVERY_DAYS + " for EVERY_N_DAYS"));
            }
        } else if (rb.everyDays() != null) {
            v.add(Violation.of("rebalance.everyDays", "only allowed with frequency EVERY_N_DAYS"));
        }
        if (rb.frequency() == RebalanceFrequency.ONCE && !rb.initial()) {
            v.add(Violation.of("rebalance.initial", "must be true with frequency ONCE, or nothing is ever allocated"));
        }
        if (rb.periodLabel() == io.keel.engine.definition.PeriodLabel.START) {
            if (rb.calendar() == io.keel.engine.definition.RebalanceCalendar.LAST_TRADING_DAY) {
                v.add(Violation.of("rebalance.periodLabel", "START labels only exist under the calendar-label seed quirks "
                        + "(CALENDAR_END_IF_TRADING, CALENDAR_END_LABEL)"));
            }
            if (rb.frequency() != RebalanceFrequency.MONTHLY && rb.frequency() != RebalanceFrequency.QUARTERLY
                    && rb.frequency() != RebalanceFrequency.ANNUALLY) {
                v.add(Violation.of("rebalance.periodLabel", "START labels exist for MONTHLY, QUARTERLY and ANNUALLY periods only"));
            }
        }
        int lag = def.semantics().executionLag();
        if (lag < 0 || lag > MAX_EXECUTION_LAG) {
            v.add(Violation.of("semantics.executionLag", "must be between 0 and " + MAX_EXECUTION_LAG));
        }
        double cash = def.cashRate();
        if (!Double.isFinite(cash) || cash < MIN_CASH_RATE || cash > MAX_CASH_RATE) {
            v.add(Violation.of("cashRate", "must be an annual rate between " + MIN_CASH_RATE + " and " + MAX_CASH_RATE));
        }
        ExposureLimits lim = def.exposureLimits();
        if (lim != null) {
            if (!Double.isFinite(lim.min()) || lim.min() < 0) {
                v.add(Violation.of("exposureLimits.min", "must be >= 0"));
            }
            if (!Double.isFinite(lim.max()) || lim.max() > MAX_EXPOSURE) {
                v.add(Violation.of("exposureLimits.max", "must be <= " + (int) MAX_EXPOSURE));
            }
            if (lim.min() > lim.max()) {
                v.add(Violation.of("exposureLimits", "min (" + lim.min() + ") must not exceed max (" + lim.max() + ")"));
            }
        }

        ResolvedBacktest.Configured<WeightScheme> scheme = null;
        if (def.weightScheme() == null) {
            v.add(Violation.of("weightScheme", "is required"));
        } else {
            scheme = configure(def.weightScheme(), "weightScheme", registry.weightScheme(idOf(def.weightScheme())),
                    "weight scheme", universe, v);
        }
        List<ResolvedBacktest.Configured<Overlay>> overlays = new ArrayList<>();
        if (def.overlays().size() > MAX_OVERLAYS) {
            v.add(Violation.of("overlays", "at most " + MAX_OVERLAYS + " overlays"));
        }
        Set<String> diagnostics = new HashSet<>();
        for (int i = 0; i < def.overlays().size(); i++) {
            PluginRef ref = def.overlays().get(i);
            String path = "overlays[" + i + "]";
            if (ref == null) {
                v.add(Violation.of(path, "must not be null"));
                continue;
            }
            Optional<Overlay> found = registry.overlay(idOf(ref));
            var c = configure(ref, path, found, "overlay", universe, v);
            if (c != null) {
                overlays.add(c);
                for (String d : c.plugin().diagnostics()) {
                    if (!diagnostics.add(d)) {
                        v.add(Violation.of(path + ".id", "diagnostic column '" + d + "' is already written by an earlier overlay"));
                    }
                }
            }
        }
        return new Checked(universe, scheme, overlays);
    }

    private static String idOf(PluginRef ref) {
        return ref.id() == null ? "" : ref.id();
    }

    private <T extends Plugin> ResolvedBacktest.Configured<T> configure(PluginRef ref, String path, Optional<T> found,
                                                                         String kind, Universe universe, List<Violation> v) {
        if (ref.id() == null || ref.id().isBlank()) {
            v.add(Violation.of(path + ".id", "is required"));
            return null;
        }
        if (found.isEmpty()) {
            List<String> known = new ArrayList<>();
            for (PluginRegistry.Entry e : registry.entries()) {
                if (e.kind().equals(kind.equals("overlay") ? "overlay" : "weight-scheme")) {
                    known.add(e.plugin().id());
                }
            }
            v.add(Violation.of(path + ".id", "unknown " + kind + " '" + ref.id() + "'; known: " + known));
            return null;
        }
        T plugin = found.get();
        Parameters params = Parameters.resolve(plugin.parameters(), ref.params(), path + ".params", v);
        if (params == null) {
            return null;
        }
        if (universe != null) {
            for (Violation pv : plugin.validate(params, universe)) {
                v.add(Violation.of(path + ".params." + pv.field(), pv.message()));
            }
        }
        return new ResolvedBacktest.Configured<>(plugin, params);
    }

    private static Universe universe(BacktestDefinition def, List<Violation> v) {
        int before = v.size();
        List<String> symbols = def.universe();
        if (symbols.isEmpty()) {
            v.add(Violation.of("universe", "must name at least one symbol"));
        }
        if (symbols.size() > MAX_UNIVERSE) {
            // one violation, not one per symbol: a hostile universe must not make a huge answer
            v.add(Violation.of("universe", "at most " + MAX_UNIVERSE + " symbols (got " + symbols.size() + ")"));
            return null;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < symbols.size(); i++) {
            String s = symbols.get(i);
            if (s == null || !SYMBOL.matcher(s).matches()) {
                v.add(Violation.of("universe[" + i + "]", "'" + s + "' is not a valid symbol (upper-case letters, digits, . ^ = -)"));
            } else if (!seen.add(s)) {
                v.add(Violation.of("universe[" + i + "]", "duplicate symbol " + s));
            }
        }
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (var g : def.groups().entrySet()) {
            String path = "groups." + g.getKey();
            if (!GROUP.matcher(g.getKey()).matches()) {
                v.add(Violation.of(path, "group names are lower-case words"));
                continue;
            }
            Set<String> members = new LinkedHashSet<>();
            List<String> list = g.getValue() == null ? List.of() : g.getValue();
            for (int i = 0; i < list.size(); i++) {
                String s = list.get(i);
                if (!seen.contains(s)) {
                    v.add(Violation.of(path + "[" + i + "]", "'" + s + "' is not in the universe"));
                } else {
                    members.add(s);
                }
            }
            groups.put(g.getKey(), members);
        }
        return v.size() == before ? Universe.of(symbols, groups) : null;
    }
}
