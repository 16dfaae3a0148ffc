package io.keel.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.keel.engine.TestData;
import io.keel.engine.json.DefinitionJson;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.keel.engine.sweep.SweepCalculatorTest.axis;
import static io.keel.engine.sweep.SweepCalculatorTest.level63Default;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Axes, their ranges, the expansion's order and indices, and the refusals naming the axis. */
class SweepPlannerTest {

    static JsonNode json(String s) {
        try {
            return DefinitionJson.mapper().readTree(s);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<InvalidSweepException.Problem> problems(Runnable r) {
        try {
            r.run();
        } catch (InvalidSweepException e) {
            return e.problems();
        }
        throw new AssertionError("no InvalidSweepException");
    }

    static List<String> fields(Runnable r) {
        return problems(r).stream().map(InvalidSweepException.Problem::field).toList();
    }

    @Test
    void aSteppedRange_isComputedInDecimal_withoutDrift_andIncludesTo() {
        List<JsonNode> v = axis(0, "/x", "{\"from\": 0.05, \"to\": 0.20, \"step\": 0.01}").values();
        assertThat(v).hasSize(16);
        for (int k = 0; k < 16; k++) {
            // 0.05 + k * 0.01 as written in decimal, not 0.060000000000000005
            assertThat(v.get(k).doubleValue()).isEqualTo(Double.parseDouble(new java.math.BigDecimal("0.05")
                    .add(new java.math.BigDecimal("0.01").multiply(java.math.BigDecimal.valueOf(k))).toPlainString()));
        }
        assertThat(v.get(15).doubleValue()).isEqualTo(0.2);
        assertThat(axis(0, "/x", "{\"from\": 0, \"to\": 0.95, \"step\": 0.1}").values()).hasSize(10)
                .last().satisfies(x -> assertThat(x.doubleValue()).isEqualTo(0.9));
        assertThat(axis(0, "/x", "{\"from\": 1, \"to\": 0, \"step\": -0.25}").values().toString()).isEqualTo("[1.0, 0.75, 0.5, 0.25, 0.0]");
        // whole numbers stay whole (a whole-number field refuses 20.0)
        assertThat(axis(0, "/x", "{\"from\": 20, \"to\": 100, \"step\": 40}").values()).containsExactly(IntNode.valueOf(20),
                IntNode.valueOf(60), IntNode.valueOf(100));
    }

    @Test
    void aCountedRange_linearOrLog_includesBothEnds() {
        assertThat(axis(0, "/x", "{\"from\": 20, \"to\": 260, \"count\": 5}").values().toString()).isEqualTo("[20, 80, 140, 200, 260]");
        assertThat(axis(0, "/x", "{\"from\": 0.1, \"to\": 0.2, \"count\": 3, \"scale\": \"linear\"}").values().toString())
                .isEqualTo("[0.1, 0.15, 0.2]");
        assertThat(axis(0, "/x", "{\"from\": 0.001, \"to\": 0.1, \"count\": 3, \"scale\": \"log\"}").values().toString())
                .isEqualTo("[0.001, 0.01, 0.1]");
    }

    @Test
    void malformedAxes_areRefused_namingTheAxisAndItsField() {
        assertThat(fields(() -> axis(2, "/x", "[]"))).containsExactly("axes[2].values");
        assertThat(fields(() -> axis(1, "overlays/0", "[1]"))).containsExactly("axes[1].pointer");
        assertThat(fields(() -> axis(0, "/x", "{\"from\": 0, \"to\": 1, \"step\": 0}"))).containsExactly("axes[0].values.step");
        assertThat(fields(() -> axis(0, "/x", "{\"from\": 0, \"to\": 1, \"step\": 0.1, \"count\": 3}"))).containsExactly("axes[0].values");
        assertThat(fields(() -> axis(0, "/x", "{\"from\": 0, \"to\": 1, \"count\": 0}"))).containsExactly("axes[0].values.count");
        assertThat(fields(() -> axis(0, "/x", "{\"from\": 1, \"to\": 2, \"count\": 3, \"scale\": \"cubic\"}"))).containsExactly("axes[0].values.scale");
        assertThat(fields(() -> axis(0, "/x", "{\"from\": 0, \"to\": 1, \"count\": 3, \"scale\": \"log\"}"))).containsExactly("axes[0].values");
        assertThat(fields(() -> axis(0, "/x", "{\"from\": \"a\", \"to\": 1, \"step\": 1}"))).containsExactly("axes[0].values.from");
        assertThat(fields(() -> axis(0, "/x", "[0.1, 0.2, 0.1]"))).containsExactly("axes[0].values[2]");
        assertThat(fields(() -> axis(0, "/x", "{\"from\": 0, \"to\": 1, \"step\": 0.000001}"))).containsExactly("axes[0].values");
        assertThat(fields(() -> new SweepSpec(level63Default(), List.of(axis(0, "/overlays/0", "[{}]"),
                axis(1, "/overlays/0/params/targetVol", "[0.1]")), null))).containsExactly("axes[1].pointer");
        assertThat(fields(() -> SweepSpec.Combination.random(0, 1))).containsExactly("combination.count");
    }

    @Test
    void theGrid_listsTheLastAxisFastest_andIndicesArePositions() {
        SweepPlan plan = SweepPlanner.plan(new SweepSpec(level63Default(), List.of(
                axis(0, "/overlays/0/params/targetVol", "[0.08, 0.12]"),
                axis(1, "/overlays/1/params/minScale", "[0.2, 0.4, 0.6]")), SweepSpec.Combination.GRID), TestData.REGISTRY);
        assertThat(plan.total()).isEqualTo(6);
        assertThat(plan.valid()).extracting(Variant::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(plan.valid().get(4).values().toString()).isEqualTo("[0.12, 0.4]");
        Variant v = plan.valid().get(4);
        assertThat(v.definition().overlays().get(0).params().get("targetVol")).isEqualTo(0.12);
        assertThat(v.definition().overlays().get(1).params().get("minScale")).isEqualTo(0.4);
        // the rest of the definition is the base's
        assertThat(v.definition().overlays().get(1).params().get("fullBrakeAt")).isEqualTo(0.25);
        assertThat(plan.valid(2, 4)).extracting(Variant::index).containsExactly(2, 3);
    }

    @Test
    void aRandomSample_isDistinct_inGridOrder_andTheSameForTheSameSeed() {
        List<SweepAxis> axes = List.of(axis(0, "/overlays/0/params/targetVol", "{\"from\": 0.05, \"to\": 0.24, \"step\": 0.01}"),
                axis(1, "/overlays/0/params/lookbackDays", "{\"from\": 20, \"to\": 200, \"step\": 20}"),
                axis(2, "/overlays/1/params/minScale", "{\"from\": 0.1, \"to\": 0.9, \"step\": 0.1}"));
        SweepPlan a = SweepPlanner.plan(new SweepSpec(level63Default(), axes, SweepSpec.Combination.random(50, 7)), TestData.REGISTRY);
        SweepPlan b = SweepPlanner.plan(new SweepSpec(level63Default(), axes, SweepSpec.Combination.random(50, 7)), TestData.REGISTRY);
        SweepPlan c = SweepPlanner.plan(new SweepSpec(level63Default(), axes, SweepSpec.Combination.random(50, 8)), TestData.REGISTRY);
        assertThat(a.total()).isEqualTo(50);
        assertThat(a.valid()).extracting(Variant::index).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
        assertThat(a.valid().stream().map(Variant::values).distinct().count()).isEqualTo(50);
        assertThat(a.valid().stream().map(Variant::values).toList()).isEqualTo(b.valid().stream().map(Variant::values).toList());
        assertThat(a.valid().stream().map(Variant::values).toList()).isNotEqualTo(c.valid().stream().map(Variant::values).toList());
        // a sample at least the grid's size is the grid
        SweepPlan all = SweepPlanner.plan(new SweepSpec(level63Default(), List.of(axes.get(1)), SweepSpec.Combination.random(500, 1)),
                TestData.REGISTRY);
        assertThat(all.total()).isEqualTo(10);
    }

    @Test
    void axesTheDefinitionCannotTake_areRefused_namingTheAxis() {
        JsonNode base = level63Default();
        List<InvalidSweepException.Problem> p = problems(() -> SweepPlanner.plan(new SweepSpec(base, List.of(
                axis(0, "/overlays/0/params/targetVol", "[0.1, \"high\"]"),
                axis(1, "/overlays/1/params/thresold", "[0.1]"),
                axis(2, "/overlays/4/params/x", "[1]"),
                axis(3, "/rebalance/frequency", "[\"MONTHLY\", \"FORTNIGHTLY\"]"),
                axis(4, "/cashrate", "[0.01]"),
                axis(5, "/weightScheme/params/lookbackDays", "[252.5]")), null), TestData.REGISTRY));
        assertThat(p).extracting(InvalidSweepException.Problem::field).containsExactly("axes[0].values[1]", "axes[1].pointer",
                "axes[2].pointer", "axes[3].values[1]", "axes[4].pointer", "axes[5].values[0]");
        assertThat(p.get(0).message()).isEqualTo("the parameter 'targetVol' must be a number, not a string");
        assertThat(p.get(1).message()).startsWith("'thresold' is not a parameter of the overlay 'drawdown-brake'; it declares [threshold");
        assertThat(p.get(2).message()).isEqualTo("/overlays/4/params/x names no field of the base definition: overlays has 2 elements: there is no overlays[4]");
        assertThat(p.get(3).message()).startsWith("rebalance.frequency must be one of DAILY");
        assertThat(p.get(4).message()).startsWith("/cashrate names no field of a definition: unknown field 'cashrate'");
        assertThat(p.get(5).message()).startsWith("the parameter 'lookbackDays' must be a whole number");
        // a parameter the base leaves at its default may be swept
        assertThat(SweepPlanner.plan(new SweepSpec(base, List.of(axis(0, "/overlays/0/params/warmupClip", "[\"caps\", \"none\"]")), null),
                TestData.REGISTRY).valid()).hasSize(2);
    }

    @Test
    void aGridAboveTheLimit_isRefused_butASampleOfIt_isNot() {
        List<SweepAxis> axes = List.of(axis(0, "/overlays/0/params/targetVol", "{\"from\": 0.01, \"to\": 1.0, \"step\": 0.01}"),
                axis(1, "/overlays/0/params/lookbackDays", "{\"from\": 2, \"to\": 1001, \"step\": 1}"),
                axis(2, "/overlays/1/params/minScale", "{\"from\": 0.1, \"to\": 0.9, \"step\": 0.1}"));
        List<InvalidSweepException.Problem> p = problems(() -> SweepPlanner.plan(new SweepSpec(level63Default(), axes, null), TestData.REGISTRY));
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("axes");
            assertThat(x.message()).startsWith("the grid has 900,000 variants (100 x 1000 x 9), more than a sweep's 100,000");
        });
        assertThat(SweepPlanner.plan(new SweepSpec(level63Default(), axes, SweepSpec.Combination.random(20, 3)), TestData.REGISTRY).total())
                .isEqualTo(20);
    }

    @Test
    void noValidVariant_isRefused_namingTheBaseDefinitionsField() {
        List<InvalidSweepException.Problem> p = problems(() -> SweepPlanner.plan(new SweepSpec(level63Default(),
                List.of(axis(0, "/overlays/1/params/threshold", "[0.3, 0.4]")), null), TestData.REGISTRY));
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("baseDefinition.overlays[1].params.threshold");
            assertThat(x.message()).isEqualTo("must not exceed fullBrakeAt (0.25) (no variant is valid; this in 2 of 2)");
        });
    }

    @Test
    void theJsonForm_readsBackToTheSameVariants() {
        SweepSpec spec = SweepSpec.fromJson(json("{\"baseDefinition\": " + level63Default() + ", \"axes\": ["
                + "{\"pointer\": \"/overlays/0/params/targetVol\", \"values\": {\"from\": 0.08, \"to\": 0.12, \"step\": 0.02}},"
                + "{\"pointer\": \"/overlays/1/params/minScale\", \"values\": [0.2, 0.5]}],"
                + "\"combination\": {\"kind\": \"random\", \"count\": 4, \"seed\": 11}}"));
        SweepSpec again = SweepSpec.fromJson(spec.toJson());
        assertThat(again.axes()).isEqualTo(spec.axes());
        assertThat(again.combination()).isEqualTo(new SweepSpec.Combination.Random(4, 11));
        assertThat(SweepPlanner.plan(again, TestData.REGISTRY).valid().stream().map(Variant::values).toList())
                .isEqualTo(SweepPlanner.plan(spec, TestData.REGISTRY).valid().stream().map(Variant::values).toList());
        assertThat(fields(() -> SweepSpec.fromJson(json("{\"baseDefinition\": {}, \"axes\": [{\"pointer\": \"/x\"}], "
                + "\"combination\": {\"kind\": \"random\", \"count\": 0, \"seed\": 1}, \"extra\": 1}"))))
                .containsExactlyInAnyOrder("extra", "axes[0].values", "combination.count");
    }
}
