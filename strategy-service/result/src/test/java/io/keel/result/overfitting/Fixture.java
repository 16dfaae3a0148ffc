package io.keel.result.overfitting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.result.metrics.PeriodMoments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The fixed inputs and numpy/scipy's figures of {@code src/test/resources/overfitting/overfitting.py}. */
final class Fixture {

    final LocalDate[] dates;
    /** returns[variant][row] */
    final double[][] returns;
    final JsonNode expected;

    private Fixture(LocalDate[] dates, double[][] returns, JsonNode expected) {
        this.dates = dates;
        this.returns = returns;
        this.expected = expected;
    }

    static Fixture load() {
        String[] lines = read("returns.csv").split("\n");
        int variants = lines[0].split(",").length - 1;
        LocalDate[] dates = new LocalDate[lines.length - 1];
        double[][] r = new double[variants][lines.length - 1];
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            dates[i - 1] = LocalDate.parse(f[0]);
            for (int v = 0; v < variants; v++) {
                r[v][i - 1] = Double.parseDouble(f[v + 1]);
            }
        }
        try {
            return new Fixture(dates, r, new ObjectMapper().readTree(read("expected.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<PeriodMoments> moments() {
        List<PeriodMoments> m = new ArrayList<>();
        for (double[] r : returns) {
            m.add(PeriodMoments.of(dates, r, 0));
        }
        return m;
    }

    private static String read(String name) {
        try (InputStream in = Fixture.class.getResourceAsStream("/overfitting/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
