package io.keel.engine.calc;

import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.PluginRef;
import io.keel.engine.plugin.PluginRegistry;
import io.keel.result.ExposureLimits;
import io.keel.result.NextSignal;
import io.keel.result.OverlayDiagnostics;
import io.keel.result.ResultSummary;
import io.keel.result.SeriesColumns;
import io.keel.spi.Overlay;
import io.keel.spi.ParameterSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's {@link BacktestResult} as the shared run result contract ({@code keel-run-result}): what
 * strategy-service stores and serves and the CLI writes, so that readers never rebuild or re-derive it.
 * Overlays are described by their plugins' own declarations (id, description, stages, diagnostic names).
 */
public final class ResultContract {

    /** Parameter names by which an overlay declares the bounds it holds the exposure multiplier within. */
    static final String MIN_LEVERAGE = "minLeverage";
    static final String MAX_LEVERAGE = "maxLeverage";

    private ResultContract() {
    }

    /** The contract's summary of {@code result}; {@code registry} is the one the definition was resolved with. */
    public static ResultSummary summary(BacktestResult result, PluginRegistry registry) {
        BacktestSummary s = result.summary();
        BacktestDefinition d = s.definition();
        List<OverlayDiagnostics> overlays = overlays(d, registry);
        return new ResultSummary(s.startDate(), s.endDate(), s.days(), s.rebalances(), s.base().headline(),
                s.portfolio().headline(), s.avgLeverage(), s.maxLeverage(), s.annualTurnover(), s.totalCost(),
                d.seedScript(), exposureLimits(d, registry), overlays,
                SeriesColumns.describe(result.series().columnNames(), overlays));
    }

    /**
     * The fields a summary stored before the contract existed lacks, recomputed from what it kept: its definition and
     * the names of its stored series columns. Overlays no longer in {@code registry} are left out (their diagnostic
     * columns are then described as unknown columns); the exposure limits are the definition's, else those the known
     * overlays declare.
     *
     * @param definition the definition that ran (the stored summary's {@code definition}), or null when unreadable
     */
    public record Recomputed(String seedScript, ExposureLimits exposureLimits, List<OverlayDiagnostics> overlays,
                             List<io.keel.result.SeriesColumn> columns) {
    }

    /** See {@link Recomputed}. */
    public static Recomputed recompute(BacktestDefinition definition, List<String> columnNames, PluginRegistry registry) {
        if (definition == null) {
            return new Recomputed(null, ExposureLimits.NONE, List.of(), SeriesColumns.describe(columnNames, List.of()));
        }
        List<OverlayDiagnostics> overlays = new ArrayList<>();
        for (PluginRef ref : definition.overlays()) {
            registry.overlay(ref.id()).ifPresent(o -> overlays.add(new OverlayDiagnostics(o.id(), o.description(),
                    o.stages().stream().map(Enum::name).toList(), o.diagnostics())));
        }
        return new Recomputed(definition.seedScript(), exposureLimits(definition, registry), overlays,
                SeriesColumns.describe(columnNames, overlays));
    }

    /** The engine's signal as the contract's {@link NextSignal}. */
    public static NextSignal next(Signal s) {
        return new NextSignal(s.asOf(), s.nextSession(), s.rebalance(), s.weights(), s.leverage(), s.diagnostics());
    }

    static List<OverlayDiagnostics> overlays(BacktestDefinition d, PluginRegistry registry) {
        List<OverlayDiagnostics> out = new ArrayList<>();
        for (PluginRef ref : d.overlays()) {
            Overlay o = registry.overlay(ref.id()).orElseThrow(() -> new IllegalArgumentException(
                    "overlay " + ref.id() + " is not in the plugin registry the run was resolved with"));
            out.add(new OverlayDiagnostics(o.id(), o.description(), o.stages().stream().map(Enum::name).toList(),
                    o.diagnostics()));
        }
        return out;
    }

    /**
     * The definition's {@code exposureLimits} when set; otherwise the tightest bounds its overlays declare through
     * {@value #MIN_LEVERAGE} / {@value #MAX_LEVERAGE} parameters (the definition's value, else the declared default).
     */
    static ExposureLimits exposureLimits(BacktestDefinition d, PluginRegistry registry) {
        if (d.exposureLimits() != null) {
            return new ExposureLimits(d.exposureLimits().min(), d.exposureLimits().max());
        }
        Double lo = null;
        Double hi = null;
        for (PluginRef ref : d.overlays()) {
            Overlay o = registry.overlay(ref.id()).orElse(null);
            if (o == null) {
                continue;
            }
            Double min = bound(o, ref, MIN_LEVERAGE);
            Double max = bound(o, ref, MAX_LEVERAGE);
            if (min != null) {
                lo = lo == null ? min : Math.max(lo, min);
            }
            if (max != null) {
                hi = hi == null ? max : Math.min(hi, max);
            }
        }
        return lo != null && hi != null && lo > hi ? ExposureLimits.NONE : new ExposureLimits(lo, hi);
    }

    private static Double bound(Overlay o, PluginRef ref, String name) {
        for (ParameterSpec p : o.parameters()) {
            if (p.name().equals(name)) {
                Object v = ref.params().getOrDefault(name, p.defaultValue());
                return v instanceof Number n ? n.doubleValue() : null;
            }
        }
        return null;
    }
}
