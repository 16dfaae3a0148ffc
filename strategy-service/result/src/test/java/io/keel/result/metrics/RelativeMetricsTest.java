package io.keel.result.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The benchmark-relative figures against an independent computation with numpy/pandas over fixed inputs
 * ({@code src/test/resources/relative/relative_metrics.py} wrote {@code returns.csv} and {@code expected.json}).
 */
class RelativeMetricsTest {

    static final double TOL = 1e-12;

    record Inputs(List<LocalDate> dates, double[] strategy, List<LocalDate> benchmarkDates, double[] benchmark) {
    }

    static Inputs inputs() throws IOException {
        List<LocalDate> dates = new ArrayList<>();
        List<Double> s = new ArrayList<>();
        List<LocalDate> bd = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        String[] lines = read("returns.csv").split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            LocalDate d = LocalDate.parse(f[0]);
            dates.add(d);
            s.add(Double.parseDouble(f[1]));
            if (!f[2].isEmpty()) {
                bd.add(d);
                b.add(Double.parseDouble(f[2]));
            }
        }
        return new Inputs(dates, s.stream().mapToDouble(Double::doubleValue).toArray(), bd,
                b.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static String read(String name) throws IOException {
        try (InputStream in = RelativeMetricsTest.class.getResourceAsStream("/relative/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyFigure_equalsNumpyAndPandas_onTheAlignedDays() throws IOException {
        Inputs in = inputs();
        JsonNode e = new ObjectMapper().readTree(read("expected.json"));
        RelativeMetrics m = RelativeMetrics.of("benchmark", RelativeMetrics.align(in.dates(), in.strategy(),
                in.benchmarkDates(), in.benchmark()), e.get("riskFreeRate").asDouble());
        assertThat(m.days()).isEqualTo(e.get("days").asInt());
        assertThat(m.droppedDays()).isEqualTo(e.get("droppedDays").asInt());
        assertThat(m.strategyCagr()).isCloseTo(e.get("strategyCagr").asDouble(), within(TOL));
        assertThat(m.benchmarkCagr()).isCloseTo(e.get("benchmarkCagr").asDouble(), within(TOL));
        assertThat(m.excessCagr()).isCloseTo(e.get("excessCagr").asDouble(), within(TOL));
        assertThat(m.beta()).isCloseTo(e.get("beta").asDouble(), within(TOL));
        assertThat(m.alpha()).isCloseTo(e.get("alpha").asDouble(), within(TOL));
        assertThat(m.correlation()).isCloseTo(e.get("correlation").asDouble(), within(TOL));
        assertThat(m.rSquared()).isCloseTo(e.get("rSquared").asDouble(), within(TOL));
        assertThat(m.trackingError()).isCloseTo(e.get("trackingError").asDouble(), within(TOL));
        assertThat(m.informationRatio()).isCloseTo(e.get("informationRatio").asDouble(), within(TOL));
        assertThat(m.upCapture()).isCloseTo(e.get("upCapture").asDouble(), within(TOL));
        assertThat(m.downCapture()).isCloseTo(e.get("downCapture").asDouble(), within(TOL));
        assertThat(m.years()).hasSize(e.get("years").size());
        for (int i = 0; i < m.years().size(); i++) {
            JsonNode y = e.get("years").get(i);
            assertThat(m.years().get(i).year()).isEqualTo(y.get("year").asText());
            assertThat(m.years().get(i).strategy()).isCloseTo(y.get("strategy").asDouble(), within(TOL));
            assertThat(m.years().get(i).benchmark()).isCloseTo(y.get("benchmark").asDouble(), within(TOL));
        }
    }

    @Test
    void aStrategyAgainstItself_hasBetaOne_noAlpha_noTrackingError_fullCapture() throws IOException {
        Inputs in = inputs();
        RelativeMetrics m = RelativeMetrics.of("itself", RelativeMetrics.align(in.dates(), in.strategy(), in.dates(),
                in.strategy()), 0.0);
        assertThat(m.beta()).isCloseTo(1.0, within(TOL));
        assertThat(m.alpha()).isCloseTo(0.0, within(TOL));
        assertThat(m.trackingError()).isZero();
        assertThat(m.upCapture()).isCloseTo(1.0, within(TOL));
        assertThat(m.downCapture()).isCloseTo(1.0, within(TOL));
        assertThat(m.excessCagr()).isZero();
    }

    @Test
    void alignment_keepsOnlyDatesWithFiniteReturnsInBoth() {
        List<LocalDate> d = List.of(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3), LocalDate.of(2024, 1, 4),
                LocalDate.of(2024, 1, 5));
        var a = RelativeMetrics.align(d, new double[]{0.01, Double.NaN, 0.02, 0.03},
                List.of(d.get(0), d.get(1), d.get(3), LocalDate.of(2024, 1, 8)), new double[]{0.001, 0.002, 0.003, 0.004});
        assertThat(a.dates()).containsExactly(d.get(0), d.get(3));
        assertThat(a.strategy()).containsExactly(0.01, 0.03);
        assertThat(a.benchmark()).containsExactly(0.001, 0.003);
        assertThat(a.droppedDays()).isEqualTo(2);
        assertThatThrownBy(() -> RelativeMetrics.of("X", RelativeMetrics.align(d.subList(0, 1), new double[]{0.01},
                d.subList(0, 1), new double[]{0.02}), 0)).hasMessageContaining("at least 2");
    }

    @Test
    void rollingFiguresAndDrawdownPeriods_equalPandas_onTheAlignedStrategy() throws IOException {
        Inputs in = inputs();
        JsonNode e = new ObjectMapper().readTree(read("expected.json"));
        var a = RelativeMetrics.align(in.dates(), in.strategy(), in.benchmarkDates(), in.benchmark());
        double rf = e.get("riskFreeRate").asDouble();
        double[] vol = RollingMetrics.volatility(a.strategy(), 63);
        double[] sharpe = RollingMetrics.sharpe(a.strategy(), 126, rf);
        double[] beta = RollingMetrics.beta(a.strategy(), a.benchmark(), 252);
        JsonNode r = e.get("rolling");
        for (int k = 0; k < r.get("rows").size(); k++) {
            int row = r.get("rows").get(k).asInt();
            assertThat(vol[row]).as("vol63 row %d", row).isCloseTo(r.get("volatility63").get(k).asDouble(), within(1e-10));
            check(sharpe[row], r.get("sharpe126").get(k), "sharpe126 row " + row);
            check(beta[row], r.get("beta252").get(k), "beta252 row " + row);
        }
        assertThat(vol[61]).as("before the first full window").isNaN();

        List<DrawdownPeriods.Period> worst = DrawdownPeriods.worst(a.dates(), a.strategy(), 10);
        JsonNode w = e.get("worstDrawdowns");
        assertThat(worst).hasSize(w.size());
        for (int k = 0; k < worst.size(); k++) {
            DrawdownPeriods.Period p = worst.get(k);
            JsonNode x = w.get(k);
            assertThat(p.start()).hasToString(x.get("start").asText());
            assertThat(p.trough()).hasToString(x.get("trough").asText());
            assertThat(p.recovery() == null ? null : p.recovery().toString()).isEqualTo(x.get("recovery").isNull() ? null : x.get("recovery").asText());
            assertThat(p.depth()).isCloseTo(x.get("depth").asDouble(), within(TOL));
            assertThat(p.days()).isEqualTo(x.get("days").asInt());
        }
    }

    private static void check(double ours, JsonNode expected, String what) {
        if (expected.isNull()) {
            assertThat(ours).as(what).isNaN();
        } else {
            assertThat(ours).as(what).isCloseTo(expected.asDouble(), within(1e-10));
        }
    }
}
