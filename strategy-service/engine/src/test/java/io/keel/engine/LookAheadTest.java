package io.keel.engine;

import io.keel.engine.calc.BacktestResult;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.data.PriceSeries;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.PluginRef;
import io.keel.engine.definition.Rebalance;
import io.keel.engine.definition.RebalanceFrequency;
import io.keel.engine.plugin.PluginRegistry;
import io.keel.spi.WeightScheme;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With default semantics, changing every price after a date t changes no weight and no leverage
 * decided at or before t (those applied up to the first session after t), for every built-in
 * weight scheme combined with every built-in overlay.
 */
class LookAheadTest {

    static Stream<String> schemes() {
        List<String> ids = new ArrayList<>();
        for (PluginRegistry.Entry e : TestData.REGISTRY.entries()) {
            if (e.plugin() instanceof WeightScheme) {
                ids.add(e.plugin().id());
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(7);
        return ids.stream();
    }

    static BacktestDefinition definition(String scheme, String ddSource, RebalanceFrequency freq) {
        Map<String, Object> schemeParams = switch (scheme) {
            case "static-buckets", "equal-weight" -> Map.of();
            case "inverse-volatility" -> Map.of("lookbackDays", 40, "minHistory", 20);
            default -> Map.of("lookbackDays", 120, "minHistory", 60);
        };
        return BacktestDefinition.builder("lookahead-" + scheme).universe(TestData.ETF8)
                .groups(Map.of("defensive", List.of("TLT", "LQD", "GLD")))
                .start(LocalDate.of(2012, 1, 1)).end(LocalDate.of(2015, 12, 31))
                .rebalance(new Rebalance(freq, null, null, null))
                .weightScheme(PluginRef.of(scheme, schemeParams))
                .overlays(List.of(PluginRef.of("regime-risk-off", Map.of("lookbackDays", 40)),
                        PluginRef.of("ex-ante-vol-target", Map.of("lookbackDays", 40)),
                        PluginRef.of("vol-target", Map.of("lookbackDays", 20)),
                        PluginRef.of("drawdown-brake", Map.of("threshold", 0.02, "fullBrakeAt", 0.08, "source", ddSource)),
                        PluginRef.of("transaction-costs", Map.of())))
                .build();
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void decisionsAtOrBeforeT_ignorePricesAfterT(String scheme) {
        Random rnd = new Random(scheme.hashCode());
        for (String source : List.of("portfolio", "base")) {
            RebalanceFrequency freq = source.equals("base") ? RebalanceFrequency.WEEKLY : RebalanceFrequency.MONTHLY;
            BacktestDefinition def = definition(scheme, source, freq);
            BacktestResult original = TestData.run(def);
            var dates = original.series().dates();
            for (int k = 0; k < 3; k++) {
                int cut = 50 + rnd.nextInt(dates.size() - 100);
                LocalDate t = dates.get(cut);
                BacktestResult perturbed = TestData.run(def, perturbAfter(TestData.etf8(), t, rnd.nextLong()));
                var a = original.series();
                var b = perturbed.series();
                assertThat(b.dates()).isEqualTo(a.dates());
                List<String> decided = new ArrayList<>(List.of("leverage", "vol_ann", "drawdown", "risk_off", "exante_leverage"));
                for (String s : TestData.ETF8) {
                    decided.add("w_" + s);
                }
                // rows up to and including the first session after t hold what was decided at or before t
                for (int row = 0; row <= cut + 1; row++) {
                    for (String col : decided) {
                        // bit-identical (NaN during warm-up equals NaN)
                        assertThat(Double.doubleToLongBits(b.value(col, row)))
                                .as("%s/%s: %s on %s with prices changed after %s: %s vs %s", scheme, source, col,
                                        a.date(row), t, b.value(col, row), a.value(col, row))
                                .isEqualTo(Double.doubleToLongBits(a.value(col, row)));
                    }
                }
                boolean laterDiffers = false;
                for (int row = cut + 1; row < a.size() && !laterDiffers; row++) {
                    laterDiffers = a.value("port_ret", row) != b.value("port_ret", row);
                }
                assertThat(laterDiffers).as("the perturbation changes returns after " + t).isTrue();
            }
        }
    }

    /** Every price strictly after {@code t} multiplied by a random walk factor (independent per asset). */
    static PriceHistory perturbAfter(PriceHistory h, LocalDate t, long seed) {
        Random rnd = new Random(seed);
        List<PriceSeries> out = new ArrayList<>();
        for (String s : h.symbols()) {
            PriceSeries ps = h.series(s).orElseThrow();
            LocalDate[] d = ps.dates();
            double[] p = ps.prices();
            double f = 1.0;
            for (int i = 0; i < p.length; i++) {
                if (d[i].isAfter(t)) {
                    f *= Math.exp(0.03 * rnd.nextGaussian());
                    p[i] *= f;
                }
            }
            out.add(PriceSeries.of(s, d, p));
        }
        return PriceHistory.of(out);
    }
}
