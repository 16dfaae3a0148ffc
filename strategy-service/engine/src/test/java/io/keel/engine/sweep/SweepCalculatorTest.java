package io.keel.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.TestData;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.json.DefinitionJson;
import io.keel.result.metrics.PerformanceMetrics;
import io.keel.result.metrics.PeriodMoments;
import io.keel.result.metrics.ReturnMetrics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A sweep's results are the single runs' results, bit for bit, whatever is shared between variants. */
class SweepCalculatorTest {

    static JsonNode level63Default() {
        try {
            return DefinitionJson.mapper().readTree(Files.readString(TestData.DEFINITIONS.resolve("default/level63-default.json")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static SweepAxis axis(int i, String pointer, String valuesJson) {
        try {
            return SweepAxis.parse(i, pointer, DefinitionJson.mapper().readTree(valuesJson));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Scheme parameters, weight-independent overlay parameters, holding and start: every kind of sharing at once. */
    static SweepSpec mixedGrid() {
        return new SweepSpec(level63Default(), List.of(
                axis(0, "/weightScheme/params/lookbackDays", "[252, 300]"),
                axis(1, "/overlays/0/params/targetVol", "{\"from\": 0.08, \"to\": 0.12, \"step\": 0.04}"),
                axis(2, "/overlays/1/params/threshold", "[0.05, 0.3]"),
                axis(3, "/semantics/holding", "[\"DRIFT\", \"CONSTANT\"]"),
                axis(4, "/start", "[\"2010-01-01\", \"2014-06-01\"]")), SweepSpec.Combination.GRID);
    }

    @Test
    void everyVariant_givesTheFiguresAndMomentsOfItsSingleRun_bitForBit() {
        SweepPlan plan = SweepPlanner.plan(mixedGrid(), TestData.REGISTRY);
        // threshold 0.3 above fullBrakeAt 0.25: half the grid is invalid, listed with the field
        assertThat(plan.total()).isEqualTo(32);
        assertThat(plan.valid()).hasSize(16);
        assertThat(plan.invalid()).hasSize(16).allSatisfy(iv ->
                assertThat(iv.problems()).containsExactly("overlays[1].params.threshold: must not exceed fullBrakeAt (0.25)"));
        SweepCalculator calc = new SweepCalculator(TestData.REGISTRY);
        Map<Integer, VariantResult> results = new ConcurrentHashMap<>();
        calc.run(plan.valid(), TestData.etf8(), r -> assertThat(results.put(r.index(), r)).isNull());
        assertThat(results).hasSize(16);
        for (Variant v : plan.valid()) {
            VariantResult r = results.get(v.index());
            assertThat(r.ok()).as(r.failure()).isTrue();
            assertThat(r.values()).isEqualTo(v.values());
            BacktestResult alone = calc.runOne(v, TestData.etf8());
            double[] port = alone.series().column("port_ret").orElseThrow();
            LocalDate[] dates = alone.series().dates().toArray(LocalDate[]::new);
            // record equality compares the doubles bit for bit (Double.compare)
            assertThat(r.metrics()).as("variant %d %s", v.index(), v.values()).isEqualTo(VariantMetrics.of(alone));
            assertThat(r.moments()).isEqualTo(PeriodMoments.of(dates, port, 0));
            // and they are the figures the one metrics implementation gives for the run's series
            ReturnMetrics m = PerformanceMetrics.of(Arrays.asList(dates), port, 0.0);
            assertThat(r.metrics().cagr()).isEqualTo(m.cagr());
            assertThat(r.metrics().annualVolatility()).isEqualTo(m.annualVolatility());
            assertThat(r.metrics().sharpe()).isEqualTo(m.sharpe());
            assertThat(r.metrics().sortino()).isEqualTo(m.sortino());
            assertThat(r.metrics().calmar()).isEqualTo(m.calmar());
            assertThat(r.metrics().maxDrawdown()).isEqualTo(m.maxDrawdown().depth());
            assertThat(r.metrics().turnover()).isEqualTo(alone.summary().annualTurnover());
            assertThat(r.metrics().averageLeverage()).isEqualTo(alone.summary().avgLeverage());
        }
        // the variants differ: a sweep that gave every variant the same figures would pass the comparison above
        assertThat(results.values().stream().map(r -> r.metrics().sharpe()).distinct().count()).isEqualTo(16);
    }

    @Test
    void results_doNotDependOnThreads_orOnWhichVariantsRunTogether() {
        SweepPlan plan = SweepPlanner.plan(mixedGrid(), TestData.REGISTRY);
        SweepCalculator calc = new SweepCalculator(TestData.REGISTRY);
        List<VariantResult> all = Collections.synchronizedList(new ArrayList<>());
        calc.run(plan.valid(), TestData.etf8(), all::add);
        List<VariantResult> oneByOne = new ArrayList<>();
        for (Variant v : plan.valid()) {
            calc.run(List.of(v), TestData.etf8(), oneByOne::add);
        }
        all.sort(Comparator.comparingInt(VariantResult::index));
        assertThat(all).isEqualTo(oneByOne);
    }

    @Test
    void sinkCalls_areNeverConcurrent() {
        SweepSpec spec = new SweepSpec(level63Default(), List.of(
                axis(0, "/overlays/0/params/targetVol", "{\"from\": 0.05, \"to\": 0.20, \"step\": 0.01}"),
                axis(1, "/overlays/1/params/minScale", "[0.2, 0.5]")), SweepSpec.Combination.GRID);
        SweepPlan plan = SweepPlanner.plan(spec, TestData.REGISTRY);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        new SweepCalculator(TestData.REGISTRY).run(plan.valid(), TestData.etf8(), r -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            seen.add(r.index());
            Thread.onSpinWait();
            inside.decrementAndGet();
        });
        assertThat(most.get()).isEqualTo(1);
        assertThat(seen).hasSize(32).doesNotHaveDuplicates();
    }

    @Test
    void aVariantWithoutEnoughHistory_failsAlone_withTheReason() {
        ObjectNode base = (ObjectNode) level63Default();
        SweepSpec spec = new SweepSpec(base, List.of(
                axis(0, "/start", "[\"2010-01-01\", \"2025-06-01\"]")), SweepSpec.Combination.GRID);
        SweepPlan plan = SweepPlanner.plan(spec, TestData.REGISTRY);
        List<VariantResult> out = Collections.synchronizedList(new ArrayList<>());
        new SweepCalculator(TestData.REGISTRY).run(plan.valid(), TestData.etf8(), out::add);
        out.sort(Comparator.comparingInt(VariantResult::index));
        assertThat(out.get(0).ok()).isTrue();
        assertThat(out.get(1).ok()).isFalse();
        assertThat(out.get(1).metrics()).isNull();
        assertThat(out.get(1).failure()).contains("never had enough history to allocate");
    }
}
