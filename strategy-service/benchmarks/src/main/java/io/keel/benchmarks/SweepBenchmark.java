package io.keel.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.keel.engine.data.PriceCsv;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.json.DefinitionJson;
import io.keel.engine.plugin.PluginRegistry;
import io.keel.engine.sweep.SweepAxis;
import io.keel.engine.sweep.SweepCalculator;
import io.keel.engine.sweep.SweepPlan;
import io.keel.engine.sweep.SweepPlanner;
import io.keel.engine.sweep.SweepSpec;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Parameter sweeps of level63-default on the bundled ETF prices, in process, both cores: each invocation plans the
 * sweep (expansion and validation of every variant) and runs every valid variant to its figures and monthly moments.
 * <ul>
 *   <li>{@code overlays10k}: 10,000 variants of the overlays' parameters, target vol 0.05..0.24 (20) x vol lookback
 *       20..200 days (10) x brake threshold 0.05..0.25 (5) x fullBrakeAt 0.10..0.55 (10), 8,500 valid (a threshold above
 *       fullBrakeAt is invalid): one set of rebalance decisions, a daily pass per variant;</li>
 *   <li>{@code covariance1k}: 1,000 variants of the weight scheme's covariance lookback, 252..1,251 days: every
 *       variant its own covariances and solves.</li>
 * </ul>
 * Run from the repository root (paths are relative to it) or set -Dkeel.repo.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class SweepBenchmark {

    @Param({"overlays10k", "covariance1k"})
    public String sweep;

    private SweepSpec spec;
    private PriceHistory prices;
    private PluginRegistry registry;

    /** The sweep named {@code name} on level63-default (see the class comment). */
    public static SweepSpec spec(Path repo, String name) throws IOException {
        JsonNode base = DefinitionJson.mapper().readTree(Files.readString(repo.resolve("examples/definitions/default/level63-default.json")));
        List<SweepAxis> axes = switch (name) {
            case "overlays10k" -> List.of(
                    axis(0, "/overlays/0/params/targetVol", "{\"from\": 0.05, \"to\": 0.24, \"step\": 0.01}"),
                    axis(1, "/overlays/0/params/lookbackDays", "{\"from\": 20, \"to\": 200, \"step\": 20}"),
                    axis(2, "/overlays/1/params/threshold", "{\"from\": 0.05, \"to\": 0.25, \"step\": 0.05}"),
                    axis(3, "/overlays/1/params/fullBrakeAt", "{\"from\": 0.10, \"to\": 0.55, \"step\": 0.05}"));
            case "covariance1k" -> List.of(axis(0, "/weightScheme/params/lookbackDays", "{\"from\": 252, \"to\": 1251, \"step\": 1}"));
            default -> throw new IllegalArgumentException("unknown sweep " + name);
        };
        return new SweepSpec(base, axes, SweepSpec.Combination.GRID);
    }

    private static SweepAxis axis(int i, String pointer, String values) throws IOException {
        return SweepAxis.parse(i, pointer, DefinitionJson.mapper().readTree(values));
    }

    @Setup
    public void setUp() throws IOException {
        Path repo = Path.of(System.getProperty("keel.repo", "."));
        spec = spec(repo, sweep);
        registry = PluginRegistry.builtIn();
        prices = PriceCsv.readDirectory(repo.resolve("examples/data/etf8"), List.of("SPY", "QQQ", "IWM", "EFA", "EEM", "TLT", "LQD", "GLD"));
    }

    /** Plans the sweep and runs its valid variants; returns how many gave figures. */
    @Benchmark
    public long planAndRun() {
        SweepPlan plan = SweepPlanner.plan(spec, registry);
        LongAdder ok = new LongAdder();
        new SweepCalculator(registry).run(plan.valid(), prices, r -> {
            if (r.ok()) {
                ok.increment();
            }
        });
        return ok.sum();
    }
}
