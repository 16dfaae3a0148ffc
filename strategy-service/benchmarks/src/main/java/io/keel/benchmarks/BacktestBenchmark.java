package io.keel.benchmarks;

import io.keel.engine.calc.BacktestCalculator;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.ResolvedBacktest;
import io.keel.engine.data.PriceCsv;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The example definitions on the bundled ETF prices, warm. {@code calculate} times the pure
 * calculation of an already resolved backtest (what a run repeats per definition version and
 * snapshot); {@code resolveAndCalculate} adds resolution (validation, calendar alignment, returns).
 * Run from the repository root (paths are relative to it) or set -Dkeel.repo.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BacktestBenchmark {

    @Param({"level73", "level63", "level70-hrp", "level61"})
    public String definition;

    private BacktestDefinition def;
    private PriceHistory prices;
    private ResolvedBacktest resolved;
    private BacktestResolver resolver;

    @Setup
    public void setUp() throws IOException {
        Path repo = Path.of(System.getProperty("keel.repo", "."));
        def = DefinitionJson.read(repo.resolve("examples/definitions/" + definition + ".json"));
        prices = PriceCsv.readDirectory(repo.resolve("examples/data/etf8"), def.universe());
        resolver = new BacktestResolver(PluginRegistry.builtIn());
        resolved = resolver.resolve(def, prices);
    }

    @Benchmark
    public BacktestResult calculate() {
        return BacktestCalculator.calculate(resolved);
    }

    @Benchmark
    public BacktestResult resolveAndCalculate() {
        return BacktestCalculator.calculate(resolver.resolve(def, prices));
    }
}
