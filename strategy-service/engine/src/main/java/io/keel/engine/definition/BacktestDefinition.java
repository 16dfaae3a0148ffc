package io.keel.engine.definition;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backtest as a user writes it (JSON through the REST API or a file for the CLI). It names
 * plugins and data but holds no data; {@link io.keel.engine.calc.BacktestResolver} checks it and
 * resolves it against prices into an immutable {@link io.keel.engine.calc.ResolvedBacktest}.
 *
 * @param name           unique name, [A-Za-z0-9._-], used for file names
 * @param description    free text
 * @param universe       ticker symbols, in column order
 * @param groups         named subsets of the universe, e.g. {@code defensive}
 * @param start          first price date used (inclusive); null = all data
 * @param end            last price date used (inclusive); null = all data
 * @param rebalance      rebalance calendar
 * @param weightScheme   the base portfolio rule
 * @param overlays       overlays, in the order they are applied
 * @param exposureLimits bounds on the product of the exposure factors; null = none
 * @param cashRate       annual rate earned on uninvested cash and paid on borrowing (fraction, e.g. 0.02);
 *                       converted to a daily rate as (1 + rate)^(1/252) - 1
 * @param semantics      backtest conventions
 * @param seedScript     the original script this definition reproduces ({@code level73}, {@code level70},
 *                       {@code level61} or {@code level63}); enables exports in that script's CSV and
 *                       summary layout. Null for definitions that reproduce no script.
 * @param benchmark      what reports compare the definition's runs with by default, in the syntax of
 *                       {@link io.keel.result.Benchmark}: a symbol of the run's snapshot ({@code SPY}), a
 *                       fixed-weight mix rebalanced daily ({@code SPY:0.6,TLT:0.4}) or another stored definition's
 *                       run on the same snapshot ({@code definition:<name>}); null for none. It does not change the
 *                       calculation; a run request may name another.
 */
public record BacktestDefinition(
        String name,
        String description,
        List<String> universe,
        Map<String, List<String>> groups,
        LocalDate start,
        LocalDate end,
        Rebalance rebalance,
        PluginRef weightScheme,
        List<PluginRef> overlays,
        ExposureLimits exposureLimits,
        Double cashRate,
        Semantics semantics,
        String seedScript,
        String benchmark) {

    /** The original scripts a definition may claim to reproduce ({@link #seedScript()}). */
    public static final List<String> SEED_SCRIPTS = List.of("level73", "level70", "level61", "level63");

    public BacktestDefinition {
        // null elements are kept (not an NPE here) so that the validator can name them
        universe = universe == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(universe));
        groups = groups == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
        rebalance = rebalance == null ? Rebalance.monthly() : rebalance;
        overlays = overlays == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(overlays));
        cashRate = cashRate == null ? 0.0 : cashRate;
        semantics = semantics == null ? Semantics.defaults() : semantics;
        description = description == null ? "" : description;
    }

    /** A definition without a benchmark (the form before benchmarks existed). */
    public BacktestDefinition(String name, String description, List<String> universe, Map<String, List<String>> groups,
                              LocalDate start, LocalDate end, Rebalance rebalance, PluginRef weightScheme,
                              List<PluginRef> overlays, ExposureLimits exposureLimits, Double cashRate, Semantics semantics,
                              String seedScript) {
        this(name, description, universe, groups, start, end, rebalance, weightScheme, overlays, exposureLimits, cashRate,
                semantics, seedScript, null);
    }

    /**
     * The same strategy under Keel's correct default semantics and rebalance calendar (same
     * frequency, last trading day of the period, initial allocation), named {@code <name>-default}.
     * Plugin parameters are kept.
     */
    public BacktestDefinition withDefaultSemantics() {
        return toBuilder().name(name + "-default")
                .description("The strategy of " + name + " under Keel's correct default semantics (docs/seed-differences.md). "
                        + description.replace(" Seed-compatible options: reproduces the script's output.", ""))
                .rebalance(rebalance.with(RebalanceCalendar.LAST_TRADING_DAY, true))
                .semantics(Semantics.defaults())
                .seedScript(null)
                .build()
                .withoutPluginSeedQuirks();
    }

    /** The same definition with its plugins' seed-only parameters set back ({@link #withDefaultSemantics()} does this too). */
    public BacktestDefinition withoutPluginSeedQuirks() {
        return toBuilder().weightScheme(withoutSeedQuirks(weightScheme))
                .overlays(overlays.stream().map(BacktestDefinition::withoutSeedQuirks).toList())
                .build();
    }

    /**
     * The plugin parameters that only reproduce a script, set back to what a correct backtest does: the
     * exact risk-parity solver instead of level63's capped loop, the exact long-only minimum variance
     * instead of its clipped pseudo-inverse, warm-up exposure within the caps, a drawdown peak starting
     * at the initial equity.
     */
    private static PluginRef withoutSeedQuirks(PluginRef ref) {
        Map<String, Object> params = new LinkedHashMap<>(ref.params());
        params.computeIfPresent("solver", (k, v) -> "multiplicative".equals(v) ? "newton" : v);
        params.computeIfPresent("minVarianceMethod", (k, v) -> "clipped-pinv".equals(v) ? "long-only" : v);
        params.remove("warmupClip");
        params.remove("peak");
        return new PluginRef(ref.id(), params);
    }

    /**
     * The same definition under another name with other semantics and calendar (e.g. the correct
     * defaults instead of seed quirks); it no longer claims to reproduce a script.
     */
    public BacktestDefinition withSemantics(String newName, Semantics newSemantics, Rebalance newRebalance) {
        return toBuilder().name(newName).rebalance(newRebalance).semantics(newSemantics).seedScript(null).build();
    }

    /** A definition named {@code name}; everything else at its default until set. */
    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    /** A builder holding this definition's values, to derive another. */
    public Builder toBuilder() {
        return new Builder().name(name).description(description).universe(universe).groups(groups).start(start).end(end)
                .rebalance(rebalance).weightScheme(weightScheme).overlays(overlays).exposureLimits(exposureLimits)
                .cashRate(cashRate).semantics(semantics).seedScript(seedScript).benchmark(benchmark);
    }

    /** Builds a definition field by field; {@link #build()} applies the record's defaults and checks. */
    public static final class Builder {
        private String name;
        private String description;
        private List<String> universe;
        private Map<String, List<String>> groups;
        private LocalDate start;
        private LocalDate end;
        private Rebalance rebalance;
        private PluginRef weightScheme;
        private List<PluginRef> overlays;
        private ExposureLimits exposureLimits;
        private Double cashRate;
        private Semantics semantics;
        private String seedScript;
        private String benchmark;

        private Builder() {
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder description(String v) {
            description = v;
            return this;
        }

        public Builder universe(List<String> v) {
            universe = v;
            return this;
        }

        public Builder groups(Map<String, List<String>> v) {
            groups = v;
            return this;
        }

        public Builder start(LocalDate v) {
            start = v;
            return this;
        }

        public Builder end(LocalDate v) {
            end = v;
            return this;
        }

        public Builder rebalance(Rebalance v) {
            rebalance = v;
            return this;
        }

        public Builder weightScheme(PluginRef v) {
            weightScheme = v;
            return this;
        }

        public Builder overlays(List<PluginRef> v) {
            overlays = v;
            return this;
        }

        public Builder exposureLimits(ExposureLimits v) {
            exposureLimits = v;
            return this;
        }

        public Builder cashRate(Double v) {
            cashRate = v;
            return this;
        }

        public Builder semantics(Semantics v) {
            semantics = v;
            return this;
        }

        public Builder seedScript(String v) {
            seedScript = v;
            return this;
        }

        public Builder benchmark(String v) {
            benchmark = v;
            return this;
        }

        public BacktestDefinition build() {
            return new BacktestDefinition(name, description, universe, groups, start, end, rebalance, weightScheme, overlays,
                    exposureLimits, cashRate, semantics, seedScript, benchmark);
        }
    }
}
