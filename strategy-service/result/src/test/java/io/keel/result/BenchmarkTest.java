package io.keel.result;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BenchmarkTest {

    @Test
    void parse_readsEveryForm_andItsKeyReadsBackToTheSameBenchmark() {
        for (String text : new String[]{"spy", "SPY:0.6, tlt:0.4", "run:12", "definition:level70-ew-default"}) {
            Benchmark b = Benchmark.parse(text);
            assertThat(Benchmark.parse(b.key())).isEqualTo(b);
        }
        assertThat(Benchmark.parse("spy")).isEqualTo(new Benchmark.Mix(Map.of("SPY", 1.0)));
        assertThat(Benchmark.parse("spy").key()).isEqualTo("SPY");
        assertThat(Benchmark.parse("SPY:0.6,TLT:0.4").key()).isEqualTo("SPY:0.6,TLT:0.4");
        assertThat(Benchmark.parse("Definition:abc")).isEqualTo(new Benchmark.Definition("abc"));
    }

    @Test
    void parse_answersNone_forBlankAndTheWordNone() {
        assertThat(Benchmark.parse(null)).isNull();
        assertThat(Benchmark.parse("  ")).isNull();
        assertThat(Benchmark.parse("None")).isNull();
    }

    @Test
    void parse_refusesMalformedText_sayingWhatIsWrong() {
        assertThatThrownBy(() -> Benchmark.parse("SPY:0.6,TLT:0.5")).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> Benchmark.parse("SPY,TLT")).hasMessageContaining("needs its weight");
        assertThatThrownBy(() -> Benchmark.parse("SPY:0.5,SPY:0.5")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> Benchmark.parse("run:0")).hasMessageContaining("positive id");
        assertThatThrownBy(() -> Benchmark.parse("definition:")).hasMessageContaining("definition:<name>");
        assertThatThrownBy(() -> Benchmark.parse("S P Y")).hasMessageContaining("a symbol");
        assertThatThrownBy(() -> Benchmark.parse("SPY:1.5")).hasMessageContaining("(0, 1]");
    }

    @Test
    void dailyReturns_weighCloseToCloseReturns_andLeaveRowsWithoutBothClosesUndefined() {
        Benchmark.Mix mix = (Benchmark.Mix) Benchmark.parse("A:0.25,B:0.75");
        double[] r = mix.dailyReturns(Map.of("A", new double[]{100, 110, 99, 99},
                "B", new double[]{50, 50, Double.NaN, 60}));
        assertThat(r[0]).isNaN();
        assertThat(r[1]).isCloseTo(0.25 * 0.1, within(1e-15));
        assertThat(r[2]).isNaN();
        assertThat(r[3]).isNaN();
    }
}
