package io.keel.strategy.app;

import io.agroal.api.AgroalDataSource;
import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Issue 20: a definition or a run request names a benchmark, stored with the run; symbols are checked against the
 * snapshot at submission and become the run's {@code benchmark_ret}; summaries stored before the run result contract
 * are served in its current shape.
 */
@QuarkusTest
class RunBenchmarkTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final List<String> WITHOUT_SPY = List.of("QQQ", "IWM", "EFA", "EEM", "TLT", "LQD", "GLD");

    @Inject
    AgroalDataSource ds;

    private static String withBenchmark(String name, String benchmark, List<String> universe) {
        return Defs.json("level70-ew", name, n -> {
            n.put("benchmark", benchmark);
            var u = n.putArray("universe");
            universe.forEach(u::add);
        });
    }

    @Test
    void aDefinitionsBenchmarkOutsideItsUniverse_isStoredWithTheRun_andItsDailyReturnsAreTheRunsBenchmarkColumn() {
        Api.createDefinition(withBenchmark("bench-mix", "spy:0.6, TLT:0.4", WITHOUT_SPY));
        given().get("/api/v1/definitions/bench-mix").then().statusCode(200).body("definition.benchmark", equalTo("spy:0.6, TLT:0.4"));
        Api.createDefinition(Defs.json("level70-ew", "bench-prices"));
        long run = Api.submit("bench-mix", Map.of());
        long prices = Api.submit("bench-prices", Map.of());
        Response done = Api.await(run, TIMEOUT);
        assertThat(done.jsonPath().getString("status")).as(done.asString()).isEqualTo("SUCCEEDED");
        assertThat(Api.await(prices, TIMEOUT).jsonPath().getString("status")).isEqualTo("SUCCEEDED");
        // stored in canonical form; the summary describes the added column
        assertThat(done.jsonPath().getString("benchmark")).isEqualTo("SPY:0.6,TLT:0.4");
        assertThat(done.jsonPath().getList("summary.columns.name", String.class)).contains("benchmark_ret").doesNotContain("w_SPY");
        assertThat(done.jsonPath().getString("summary.columns.find { it.name == 'benchmark_ret' }.unit")).isEqualTo("fraction");

        JsonPath mine = series(run);
        JsonPath other = series(prices);
        Map<String, Integer> row = new HashMap<>();
        List<String> otherDates = other.getList("dates", String.class);
        for (int i = 0; i < otherDates.size(); i++) {
            row.put(otherDates.get(i), i);
        }
        List<String> dates = mine.getList("dates", String.class);
        List<Object> bench = mine.getList("columns.benchmark_ret");
        List<Object> spy = other.getList("columns.price_SPY");
        List<Object> tlt = other.getList("columns.price_TLT");
        assertThat(bench).hasSize(dates.size());
        assertThat(bench.get(0)).isNull();
        int compared = 0;
        for (int t = 1; t < dates.size(); t++) {
            Integer i = row.get(dates.get(t));
            Integer h = row.get(dates.get(t - 1));
            if (i == null || h == null || i != h + 1) {
                continue;
            }
            double expected = 0.6 * (num(spy.get(i)) / num(spy.get(h)) - 1) + 0.4 * (num(tlt.get(i)) / num(tlt.get(h)) - 1);
            assertThat(num(bench.get(t))).as(dates.get(t)).isCloseTo(expected, within(1e-15));
            compared++;
        }
        assertThat(compared).isGreaterThan(dates.size() - 5);
    }

    @Test
    void aRunRequestsBenchmark_overridesTheDefinitions_andNoneLeavesTheRunWithout() {
        Api.createDefinition(withBenchmark("bench-override", "SPY", WITHOUT_SPY));
        long own = Api.submit("bench-override", Map.of());
        long other = Api.submit("bench-override", Map.of("benchmark", "qqq"));
        long none = Api.submit("bench-override", Map.of("benchmark", "none"));
        Api.createDefinition(Defs.json("level70-ew", "bench-any"));
        long def = Api.submit("bench-override", Map.of("benchmark", "definition:bench-any"));
        assertThat(Api.await(own, TIMEOUT).jsonPath().getString("benchmark")).isEqualTo("SPY");
        Response o = Api.await(other, TIMEOUT);
        assertThat(o.jsonPath().getString("benchmark")).isEqualTo("QQQ");
        assertThat(o.jsonPath().getString("status")).isEqualTo("SUCCEEDED");
        Response n = Api.await(none, TIMEOUT);
        assertThat(n.jsonPath().getString("benchmark")).isNull();
        assertThat(n.jsonPath().getList("summary.columns.name", String.class)).doesNotContain("benchmark_ret");
        Response d = Api.await(def, TIMEOUT);
        assertThat(d.jsonPath().getString("benchmark")).isEqualTo("definition:bench-any");
        // a definition or run benchmark adds no column: reports read that run's own returns
        assertThat(d.jsonPath().getList("summary.columns.name", String.class)).doesNotContain("benchmark_ret");
    }

    @Test
    void aBenchmarkSymbolOutsideTheSnapshot_isRefusedAtSubmission_namingTheBenchmark() {
        Api.createDefinition(withBenchmark("bench-unknown", "SPY:0.5,NOPE:0.5", WITHOUT_SPY));
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/definitions/bench-unknown/runs")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("benchmark")).body("detail", containsString("NOPE"));
        // the request's own benchmark is checked the same way, and overrides the definition's
        given().contentType(ContentType.JSON).body(Map.of("benchmark", "XYZ")).post("/api/v1/definitions/bench-unknown/runs")
                .then().statusCode(422).body("errors[0].field", equalTo("benchmark")).body("detail", containsString("XYZ"));
        given().contentType(ContentType.JSON).body(Map.of("benchmark", "definition:no-such-definition"))
                .post("/api/v1/definitions/bench-unknown/runs")
                .then().statusCode(422).body("errors[0].field", equalTo("benchmark")).body("detail", containsString("no-such-definition"));
        given().contentType(ContentType.JSON).body(Map.of("benchmark", "run:987654"))
                .post("/api/v1/definitions/bench-unknown/runs")
                .then().statusCode(422).body("errors[0].field", equalTo("benchmark")).body("detail", containsString("987654"));
        given().contentType(ContentType.JSON).body(Map.of("benchmark", "SPY:0.7,TLT:0.4")).post("/api/v1/definitions/bench-unknown/runs")
                .then().statusCode(400).body("errors[0].field", equalTo("benchmark")).body("detail", containsString("sum to 1"));
        given().contentType(ContentType.JSON).body(Map.of("benchmark", "QQQ")).post("/api/v1/definitions/bench-unknown/runs")
                .then().statusCode(202).body("benchmark", equalTo("QQQ"));
    }

    @Test
    void aDefinitionsMalformedBenchmark_isRefused_namingTheField() {
        for (String bad : List.of("SPY:0.5", "run:12", "bench-self", "definition:", "S P Y")) {
            String body = withBenchmark("bench-self", bad.equals("bench-self") ? "definition:bench-self" : bad, WITHOUT_SPY);
            given().contentType(ContentType.JSON).body(body).post("/api/v1/definitions")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("benchmark"));
        }
        given().get("/api/v1/schemas/definition").then().statusCode(200)
                .body("properties.benchmark.type", equalTo("string"))
                .body("properties.benchmark.description", containsString("definition:<name>"))
                .body("properties.benchmark.examples", hasItem("SPY:0.6,TLT:0.4"));
    }

    /** Issue 20: "old stored runs lack new summary fields". */
    @Test
    void aSummaryStoredBeforeTheResultContract_isServedInTheCurrentShape_recomputedFromItsDefinitionAndColumns() throws Exception {
        Api.createDefinition(Defs.json("level70-ew", "bench-old-shape"));
        long id = Api.submit("bench-old-shape", Map.of());
        Response current = Api.await(id, TIMEOUT);
        assertThat(current.jsonPath().getString("status")).isEqualTo("SUCCEEDED");
        Map<String, Object> expected = current.jsonPath().getMap("summary");
        assertThat(expected).containsKeys("exposureLimits", "overlays", "columns", "seedScript");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE run SET summary = summary - 'seedScript' - 'exposureLimits' - 'overlays' - 'columns' WHERE id = ?")) {
            ps.setLong(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT summary -> 'columns' IS NOT NULL FROM run WHERE id = ?")) {
            ps.setLong(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("the stored summary is in the old shape").isFalse();
            }
        }
        Response old = given().get("/api/v1/runs/" + id).then().statusCode(200).extract().response();
        assertThat(old.jsonPath().getMap("summary")).isEqualTo(expected);
        given().get("/api/v1/runs?definition=bench-old-shape").then().statusCode(200)
                .body("[0].summary.columns.name", hasItem("port_ret")).body("[0].summary.seedScript", equalTo("level70"));
    }

    private static JsonPath series(long id) {
        return given().get("/api/v1/runs/" + id + "/series").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }
}
