package io.keel.benchmarks;

import io.keel.engine.calc.BacktestCalculator;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.data.PriceSeries;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.PluginRef;
import io.keel.engine.plugin.PluginRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * HRP on a synthetic universe (default 500 assets x 5,000 trading days, 5 latent factors plus
 * idiosyncratic noise, fixed seed), monthly rebalancing on the last trading day, 252-day covariance,
 * default semantics: one whole backtest (resolution and calculation) per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class LargeUniverseHrpBenchmark {

    @Param({"500"})
    public int assets;

    @Param({"5000"})
    public int days;

    private PriceHistory prices;
    private BacktestDefinition def;
    private BacktestResolver resolver;

    @Setup
    public void setUp() {
        prices = synthetic(assets, days, 42L);
        List<String> symbols = new ArrayList<>(prices.symbols());
        def = BacktestDefinition.builder("hrp-" + assets).universe(symbols)
                .weightScheme(PluginRef.of("hrp", Map.of("lookbackDays", 252, "minHistory", 252))).build();
        resolver = new BacktestResolver(PluginRegistry.builtIn());
    }

    @Benchmark
    public BacktestResult backtest() {
        return BacktestCalculator.calculate(resolver.resolve(def, prices));
    }

    /** Prices from daily returns r = beta . f + e, f ~ N(0, 1%) per factor, e ~ N(0, 1.5%). */
    static PriceHistory synthetic(int n, int days, long seed) {
        Random rnd = new Random(seed);
        int k = 5;
        double[][] beta = new double[n][k];
        for (double[] b : beta) {
            for (int j = 0; j < k; j++) {
                b[j] = rnd.nextGaussian() * 0.5 + (j == 0 ? 1.0 : 0.0);
            }
        }
        LocalDate[] dates = new LocalDate[days];
        LocalDate d = LocalDate.of(2000, 1, 3);
        for (int t = 0; t < days; t++) {
            while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                d = d.plusDays(1);
            }
            dates[t] = d;
            d = d.plusDays(1);
        }
        double[][] p = new double[n][days];
        double[] f = new double[k];
        double[] level = new double[n];
        java.util.Arrays.fill(level, 100.0);
        for (int t = 0; t < days; t++) {
            for (int j = 0; j < k; j++) {
                f[j] = rnd.nextGaussian() * 0.01;
            }
            for (int a = 0; a < n; a++) {
                double r = 0.0002 + rnd.nextGaussian() * 0.015;
                for (int j = 0; j < k; j++) {
                    r += beta[a][j] * f[j];
                }
                level[a] *= Math.max(0.5, 1.0 + r);
                p[a][t] = level[a];
            }
        }
        List<PriceSeries> series = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            series.add(PriceSeries.of(String.format("S%04d", a), dates, p[a]));
        }
        return PriceHistory.of(series);
    }
}
