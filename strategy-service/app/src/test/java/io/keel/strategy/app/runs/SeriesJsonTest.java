package io.keel.strategy.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.engine.calc.DailySeries;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesJsonTest {

    @Test
    void everyFiniteDouble_readsBackBitIdentical_andNonFiniteIsNull() throws Exception {
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 20_000;
        LocalDate[] dates = new LocalDate[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            dates[i] = LocalDate.of(2000, 1, 1).plusDays(i);
            values[i] = switch (i % 5) {
                case 0 -> rnd.nextDouble() * 0.1 - 0.05;                 // daily returns
                case 1 -> Double.longBitsToDouble(rnd.nextLong());        // any bit pattern
                case 2 -> 1 + rnd.nextDouble() * 1e-12;                   // equity near 1
                case 3 -> Math.scalb(rnd.nextDouble(), -1060);            // subnormals
                default -> rnd.nextGaussian() * 1e6;
            };
        }
        values[7] = Double.MIN_VALUE;
        values[9] = Double.MAX_VALUE;
        values[11] = -0.0;
        values[13] = Double.NaN;
        values[17] = Double.POSITIVE_INFINITY;
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("x", values);
        String json = SeriesJson.arrays(new DailySeries(dates, cols)).get("x");
        JsonNode arr = new ObjectMapper().readTree(json);
        assertThat(arr.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                assertThat(arr.get(i).isNull()).as("index " + i).isTrue();
            } else {
                String text = arr.get(i).asText();
                assertThat(Double.doubleToRawLongBits(Double.parseDouble(text)))
                        .as("index " + i + " " + v).isEqualTo(Double.doubleToRawLongBits(v));
                // the shortest such decimal: never longer than Java's own (which is not always shortest on Java 17)
                assertThat(text.length()).as("index " + i + " " + v).isLessThanOrEqualTo(Double.toString(v).length());
            }
        }
    }

    @Test
    void numbers_areWrittenInJavasSyntax_datesAsIsoStrings() {
        LocalDate[] dates = {LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3), LocalDate.of(2024, 1, 4), LocalDate.of(2024, 1, 5)};
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("x", new double[] {0.1, -0.0, 1.0E-5, 2.0E22});
        Map<String, String> out = SeriesJson.arrays(new DailySeries(dates, cols));
        assertThat(out.keySet()).containsExactly(SeriesJson.DATES, "x");
        assertThat(out.get(SeriesJson.DATES)).isEqualTo("[\"2024-01-02\",\"2024-01-03\",\"2024-01-04\",\"2024-01-05\"]");
        assertThat(out.get("x")).isEqualTo("[0.1,-0.0,1.0E-5,2.0E22]");
    }
}
