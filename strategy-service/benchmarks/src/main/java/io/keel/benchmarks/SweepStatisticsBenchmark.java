package io.keel.benchmarks;

import io.keel.result.metrics.PeriodMoments;
import io.keel.result.overfitting.Cscv;
import io.keel.result.overfitting.SelectionMetric;
import io.keel.result.overfitting.WalkForward;
import io.keel.result.overfitting.WalkForwardSpec;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The overfitting statistics of a large sweep: {@code variants} (default 10,000) variants of 16 years of weekday
 * returns (a common factor plus noise, fixed seed) given as monthly moments; PBO by CSCV with 16 blocks
 * (12,870 combinations, Sharpe) and a rolling 36/12-month walk-forward, one whole computation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class SweepStatisticsBenchmark {

    @Param({"10000"})
    public int variants;

    @Param({"16"})
    public int blocks;

    private List<PeriodMoments> moments;

    @Setup
    public void setUp() {
        int days = 16 * 261;
        LocalDate[] dates = new LocalDate[days];
        LocalDate d = LocalDate.of(2010, 1, 4);
        for (int t = 0; t < days; t++) {
            while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                d = d.plusDays(1);
            }
            dates[t] = d;
            d = d.plusDays(1);
        }
        Random rnd = new Random(42);
        double[] market = new double[days];
        for (int t = 0; t < days; t++) {
            market[t] = 0.0003 + 0.01 * rnd.nextGaussian();
        }
        moments = new ArrayList<>(variants);
        double[] r = new double[days];
        for (int v = 0; v < variants; v++) {
            double beta = 0.5 + rnd.nextDouble();
            for (int t = 0; t < days; t++) {
                r[t] = beta * market[t] + 0.005 * rnd.nextGaussian();
            }
            moments.add(PeriodMoments.of(dates, r, 0));
        }
    }

    @Benchmark
    public Cscv.Result pbo() {
        return Cscv.run(moments, new Cscv.Spec(blocks, SelectionMetric.SHARPE));
    }

    @Benchmark
    public WalkForward.Result walkForward() {
        return WalkForward.run(moments, new WalkForwardSpec(36, 12, WalkForwardSpec.Window.ROLLING, SelectionMetric.SHARPE));
    }
}
