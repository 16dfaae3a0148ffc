package io.keel.report.api;

import io.keel.common.ProblemException;
import io.keel.report.report.SeriesCsv;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parsing of query and path parameters; each failure is a 400 problem naming the parameter. */
final class Params {

    private Params() {
    }

    static long runId(String name, String raw) {
        try {
            long id = Long.parseLong(raw.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // falls through to the problem below
        }
        throw ProblemException.badRequest(name, "a run id is a positive integer, got '" + raw + "'");
    }

    static double riskFreeRate(String raw, double fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            double rf = Double.parseDouble(raw.trim());
            if (Double.isFinite(rf) && rf > -0.5 && rf < 1.0) {
                return rf;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw ProblemException.badRequest("rf", "the annual risk-free rate is a fraction in (-0.5, 1), e.g. 0.02 for 2%, got '" + raw + "'");
    }

    static SeriesCsv.Layout layout(String raw) {
        if (raw == null || raw.isBlank()) {
            return SeriesCsv.Layout.CANONICAL;
        }
        try {
            return SeriesCsv.Layout.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("layout", "one of canonical, seed; got '" + raw + "'");
        }
    }

    static List<Long> runIds(String raw, int max) {
        Set<Long> ids = new LinkedHashSet<>();
        for (String part : io.keel.common.QueryParams.list("runs", raw, "comma-separated run ids, e.g. runs=1,2")) {
            long id = runId("runs", part);
            if (!ids.add(id)) {
                throw ProblemException.badRequest("runs", "run " + id + " is listed twice");
            }
        }
        if (ids.size() > max) {
            throw ProblemException.badRequest("runs", "at most " + max + " runs can be compared, got " + ids.size());
        }
        return new ArrayList<>(ids);
    }

    /**
     * The {@code benchmark} parameter: absent = the run's own benchmark; {@code none} = no benchmark; otherwise the
     * syntax of {@link io.keel.result.Benchmark}.
     *
     * @throws io.keel.common.ProblemException 400 naming {@code benchmark} when malformed
     */
    static io.keel.report.report.ReportService.Asked benchmark(String raw) {
        if (raw == null) {
            return io.keel.report.report.ReportService.Asked.RUNS_OWN;
        }
        try {
            return new io.keel.report.report.ReportService.Asked(true, io.keel.result.Benchmark.parse(raw));
        } catch (IllegalArgumentException e) {
            throw io.keel.common.ProblemException.badRequest("benchmark", e.getMessage());
        }
    }
}
