package io.keel.strategy.app;

import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.keel.strategy.app.support.MarketDataStub;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class RunsApiTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void level63RunThroughTheApi_reproducesTheGoldenSeries_within1e9() throws Exception {
        Api.createDefinition(Defs.json("level63", "level63"));
        long id = Api.submit("level63", Map.of("snapshot", "latest"));
        Response done = Api.await(id, TIMEOUT);
        assertThat(done.jsonPath().getString("status")).as(done.asString()).isEqualTo("SUCCEEDED");
        assertThat(done.jsonPath().getLong("snapshotId")).isEqualTo(MarketDataStub.LATEST);
        assertThat(done.jsonPath().getInt("version")).isEqualTo(1);
        assertThat(done.jsonPath().getString("summary.definition.name")).isEqualTo("level63");
        // the engine's decision at the last close travels with the run (report-service's seed layouts read it)
        assertThat(done.jsonPath().getString("next.asOf")).isEqualTo("2025-09-26");
        assertThat(done.jsonPath().getString("next.nextSession")).isEqualTo("2025-09-29");
        assertThat(done.jsonPath().getDouble("next.leverage")).isBetween(0.3, 2.0);
        assertThat(done.jsonPath().getMap("next.diagnostics")).containsKeys("vol_ann", "drawdown", "dd_scale");

        // numbers parsed as doubles (RestAssured's JsonPath would read them as floats)
        JsonPath series = given().get("/api/v1/runs/" + id + "/series").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        Map<String, double[]> golden = new LinkedHashMap<>();
        List<String> goldenDates = new ArrayList<>();
        Path file = MarketDataStub.repo().resolve("strategy-service/engine/src/test/resources/golden/level63/level63_dd_leverage_series.csv.gz");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String[] header = r.readLine().split(",", -1);
            List<String[]> rows = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(",", -1);
                goldenDates.add(f[0]);
                rows.add(f);
            }
            for (int c = 1; c < header.length; c++) {
                double[] v = new double[rows.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = rows.get(i)[c].isEmpty() ? Double.NaN : Double.parseDouble(rows.get(i)[c]);
                }
                golden.put(header[c], v);
            }
        }
        assertThat(series.getList("dates", String.class)).isEqualTo(goldenDates);
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("ret_port_dyn", "port_ret");
        columns.put("leverage", "leverage");
        columns.put("equity_dyn", "port_equity");
        for (String s : MarketDataStub.ETF8) {
            columns.put("w_" + s, "w_" + s);
        }
        int compared = 0;
        for (var e : columns.entrySet()) {
            double[] g = golden.get(e.getKey());
            List<Object> ours = series.getList("columns." + e.getValue());
            assertThat(ours).as(e.getValue()).hasSize(g.length);
            for (int i = 0; i < g.length; i++) {
                Object o = ours.get(i);
                if (Double.isNaN(g[i])) {
                    assertThat(o).as(e.getValue() + " on " + goldenDates.get(i)).isNull();
                } else {
                    assertThat(((Number) o).doubleValue()).as(e.getValue() + " on " + goldenDates.get(i))
                            .isCloseTo(g[i], org.assertj.core.data.Offset.offset(1e-9));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(goldenDates.size() * 10);
        given().get("/api/v1/runs/" + id + "/definition").then().statusCode(200)
                .body("name", equalTo("level63")).body("seedScript", equalTo("level63"));
    }

    @Test
    void rerunningTheSameVersionOnTheSameSnapshot_givesIdenticalResults() {
        Api.createDefinition(Defs.json("level70-ew", "repro-ew"));
        long a = Api.submit("repro-ew", Map.of("snapshot", MarketDataStub.OLD));
        long b = Api.submit("repro-ew", Map.of("snapshot", String.valueOf(MarketDataStub.OLD), "version", 1));
        Response ra = Api.await(a, TIMEOUT);
        Response rb = Api.await(b, TIMEOUT);
        assertThat(ra.jsonPath().getString("status")).isEqualTo("SUCCEEDED");
        assertThat(rb.jsonPath().getLong("snapshotId")).isEqualTo(MarketDataStub.OLD);
        assertThat(ra.jsonPath().getMap("summary")).isEqualTo(rb.jsonPath().getMap("summary"));
        String sa = given().get("/api/v1/runs/" + a + "/series").asString();
        String sb = given().get("/api/v1/runs/" + b + "/series").asString();
        assertThat(sa.replace("\"runId\":" + a, "")).isEqualTo(sb.replace("\"runId\":" + b, ""));
        assertThat(ra.jsonPath().getString("summary.endDate")).isLessThanOrEqualTo(MarketDataStub.OLD_END.toString());
    }

    @Test
    void aRunRecordsTheVersionItRan_evenAfterAnUpdate() {
        Api.createDefinition(Defs.json("level70-ew", "versioned-ew"));
        given().contentType(ContentType.JSON).body(Defs.json("level70-ew", "versioned-ew", n -> n.put("start", "2015-01-01")))
                .put("/api/v1/definitions/versioned-ew").then().statusCode(200).body("version", equalTo(2));
        long v1 = Api.submit("versioned-ew", Map.of("version", 1));
        long v2 = Api.submit("versioned-ew", Map.of());
        assertThat(Api.await(v1, TIMEOUT).jsonPath().getInt("version")).isEqualTo(1);
        assertThat(Api.await(v2, TIMEOUT).jsonPath().getInt("version")).isEqualTo(2);
        given().get("/api/v1/runs/" + v1 + "/definition").then().body("start", equalTo("2010-01-01"));
        given().get("/api/v1/runs/" + v2 + "/definition").then().body("start", equalTo("2015-01-01"));
        given().get("/api/v1/runs?definition=versioned-ew&status=SUCCEEDED&limit=10").then().statusCode(200)
                .body("id", hasItem((int) v1)).body("id", hasItem((int) v2));
    }

    /** issue 17: such a run used to be accepted (202) and fail later; now refused at submission, naming the snapshot. */
    @Test
    void aRunOnAnUnknownOrUnreadableSnapshot_isRefusedAtSubmission_namingTheSnapshot() {
        Api.createDefinition(Defs.json("level70-ew", "no-snapshot"));
        given().contentType(ContentType.JSON).body(Map.of("snapshot", 999)).post("/api/v1/definitions/no-snapshot/runs")
                .then().statusCode(404).contentType("application/problem+json")
                .body("errors[0].field", equalTo("snapshot")).body("detail", containsString("no snapshot 999"));
        given().contentType(ContentType.JSON).body(Map.of("snapshot", String.valueOf(MarketDataStub.FAILED)))
                .post("/api/v1/definitions/no-snapshot/runs")
                .then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("snapshot")).body("detail", containsString("is failed"));
        given().contentType(ContentType.JSON).body(Map.of("snapshot", MarketDataStub.RUNNING)).post("/api/v1/definitions/no-snapshot/runs")
                .then().statusCode(409).body("detail", containsString("is running"));
        given().get("/api/v1/runs?definition=no-snapshot").then().statusCode(200).body("size()", equalTo(0));
        given().get("/api/v1/audit?definition=no-snapshot").then().statusCode(200).body("action", org.hamcrest.Matchers.not(hasItem("run.submitted")));
    }

    /**
     * issue 17: the run-submission body was parsed loosely, so a typo ran on the latest snapshot. Unknown fields,
     * duplicate keys, content after the body, and numbers as strings or fractions are refused, naming the field.
     */
    @Test
    void submissionBodies_areParsedStrictly() {
        Api.createDefinition(Defs.json("level70-ew", "strict-submit"));
        String url = "/api/v1/definitions/strict-submit/runs";
        given().contentType(ContentType.JSON).body("{\"snapshotId\": 2}").post(url).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("snapshotId"))
                .body("errors[0].message", containsString("unknown field"));
        given().contentType(ContentType.JSON).body("{\"snapshot\": 2, \"snapshot\": 3}").post(url).then().statusCode(400)
                .body("errors[0].field", equalTo("snapshot")).body("errors[0].message", containsString("twice"));
        given().contentType(ContentType.JSON).body("{\"snapshot\": 2} {\"snapshot\": 3}").post(url).then().statusCode(400)
                .body("errors[0].message", containsString("after the JSON value"));
        given().contentType(ContentType.JSON).body("{\"version\": \"1\"}").post(url).then().statusCode(400)
                .body("errors[0].field", equalTo("version")).body("errors[0].message", equalTo("must be a whole number"));
        given().contentType(ContentType.JSON).body("{\"version\": 1.5}").post(url).then().statusCode(400)
                .body("errors[0].field", equalTo("version"));
        given().contentType(ContentType.JSON).body("{\"version\": [1]}").post(url).then().statusCode(400)
                .body("errors[0].field", equalTo("version")).body("detail", org.hamcrest.Matchers.not(containsString("java")));
        given().get("/api/v1/runs?definition=strict-submit").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void malformedSubmissions_areRejected_andUnknownOnesAre404() {
        Api.createDefinition(Defs.json("level70-ew", "submit-checks"));
        Map<String, Object> badSnapshot = new HashMap<>();
        badSnapshot.put("snapshot", "yesterday");
        given().contentType(ContentType.JSON).body(badSnapshot).post("/api/v1/definitions/submit-checks/runs")
                .then().statusCode(400).body("errors[0].field", equalTo("snapshot"));
        given().contentType(ContentType.JSON).body(Map.of("version", 0)).post("/api/v1/definitions/submit-checks/runs")
                .then().statusCode(400).body("errors[0].field", equalTo("version"));
        given().contentType(ContentType.JSON).body(Map.of("version", 7)).post("/api/v1/definitions/submit-checks/runs")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/definitions/nobody/runs").then().statusCode(404);
        given().get("/api/v1/runs/987654").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/runs?status=DONE").then().statusCode(400).body("detail", containsString("status"));
    }
}
