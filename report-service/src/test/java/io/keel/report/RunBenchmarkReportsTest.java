package io.keel.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.report.support.StrategyStubResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.keel.common.testing.Keys.given;
import static io.keel.report.ReportCacheTest.stub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 20: a run's own benchmark (its run request's, else its definition's, stored by strategy-service) is what its
 * reports compare with when no {@code ?benchmark=} is given; a summary stored before the run result contract still
 * reports correctly.
 */
@QuarkusTest
@QuarkusTestResource(StrategyStubResource.class)
class RunBenchmarkReportsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode summary(long run, String query) throws Exception {
        return JSON.readTree(given().get("/reports/runs/" + run + "/summary.json" + query).then().statusCode(200).extract().asString());
    }

    private static boolean absent(JsonNode n) {
        return n == null || n.isNull();
    }

    @Test
    void aRunsOwnSymbolBenchmark_isTheDefault_fromItsStoredReturns_andAQueryOverridesIt() throws Exception {
        stub("/_stub/benchmark?run=3&value=SPY");
        try {
            JsonNode own = summary(3, "").get("benchmark");
            double[] spy = RunReportsTest.engine(3).series().column("price_SPY").orElseThrow();
            int n = spy.length - 1;
            assertThat(own.get("benchmark").asText()).isEqualTo("SPY");
            assertThat(own.get("days").asInt()).isEqualTo(n);
            assertThat(own.get("benchmarkCagr").asDouble()).isCloseTo(Math.pow(spy[n] / spy[0], 252.0 / n) - 1, within(1e-9));
            // the same figures as naming it: one cache entry's worth of work, whichever way it is asked
            assertThat(summary(3, "?benchmark=spy").get("benchmark")).isEqualTo(own);
            assertThat(summary(3, "?benchmark=QQQ").get("benchmark").get("benchmark").asText()).isEqualTo("QQQ");
            assertThat(absent(summary(3, "?benchmark=none").get("benchmark"))).isTrue();
            assertThat(given().get("/reports/runs/3/tearsheet.html").then().statusCode(200).extract().asString())
                    .contains("Against the benchmark: SPY");
        } finally {
            stub("/_stub/benchmark?run=3&value=");
        }
        assertThat(absent(summary(3, "").get("benchmark"))).as("a run without a benchmark has no relative figures").isTrue();
    }

    @Test
    void aRunsOwnDefinitionBenchmark_comparesWithThatDefinitionsLatestRunOnTheSameSnapshot() throws Exception {
        stub("/_stub/benchmark?run=3&value=definition:level70-hrp");
        try {
            JsonNode own = summary(3, "").get("benchmark");
            JsonNode named = summary(3, "?benchmark=run:2").get("benchmark");
            assertThat(own.get("benchmark").asText()).isEqualTo("definition level70-hrp (run 2)");
            assertThat(own.get("beta").asDouble()).isEqualTo(named.get("beta").asDouble());
            assertThat(own.get("trackingError").asDouble()).isEqualTo(named.get("trackingError").asDouble());
            given().get("/reports/runs/3/summary.json?benchmark=definition:level70-ew-unrun").then().statusCode(409)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("benchmark"))
                    .body("detail", containsString("no succeeded run on snapshot 1"));
        } finally {
            stub("/_stub/benchmark?run=3&value=");
        }
    }

    /** Issue 20: "old stored runs lack new summary fields". */
    @Test
    void aSummaryInTheShapeBeforeTheResultContract_reportsTheSameFigures_withWhatItLacksAbsent() throws Exception {
        long run = 4; // level61: a regime overlay with a risk_off diagnostic and leverage caps
        JsonNode current = summary(run, "?rf=0.0137");
        assertThat(current.get("diagnostics").size()).isPositive();
        stub("/_stub/old-shape?run=" + run + "&value=true");
        stub("/_stub/version?run=" + run + "&version=4"); // another fingerprint: nothing served from the cache
        try {
            JsonNode old = summary(run, "?rf=0.0137");
            assertThat(old.get("portfolio")).isEqualTo(current.get("portfolio"));
            assertThat(old.get("base")).isEqualTo(current.get("base"));
            assertThat(old.get("trading")).isEqualTo(current.get("trading"));
            assertThat(old.at("/leverage/average").asDouble()).isEqualTo(current.at("/leverage/average").asDouble());
            // what the old shape does not carry is absent, never a guess
            assertThat(old.get("diagnostics").size()).isZero();
            assertThat(old.at("/leverage/capMax").isMissingNode() || old.at("/leverage/capMax").isNull()).isTrue();
            assertThat(given().get("/reports/runs/" + run + "/tearsheet.html").then().statusCode(200).extract().asString())
                    .contains("<table id=\"drawdowns\">");
            given().get("/reports/runs/" + run + "/series.csv").then().statusCode(200);
        } finally {
            stub("/_stub/old-shape?run=" + run + "&value=false");
            stub("/_stub/version?run=" + run + "&version=1");
        }
    }
}
