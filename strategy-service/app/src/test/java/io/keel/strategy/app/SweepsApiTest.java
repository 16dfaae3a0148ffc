package io.keel.strategy.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.keel.result.metrics.PeriodMoments;
import io.keel.result.overfitting.SharpeInference;
import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Db;
import io.keel.strategy.app.support.Defs;
import io.keel.strategy.app.support.MarketDataStub;
import io.keel.strategy.app.support.MarketDataStubResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@QuarkusTest
class SweepsApiTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TARGET_VOL = "/overlays/0/params/targetVol";
    static final String THRESHOLD = "/overlays/1/params/threshold";
    static final String MIN_SCALE = "/overlays/1/params/minScale";

    @Inject
    AgroalDataSource ds;

    /** level70-ew stored under {@code name}: fullBrakeAt 0.3, so a threshold above it is an invalid combination. */
    static void define(String name) {
        Api.createDefinition(Defs.json("level70-ew", name));
    }

    static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/sweeps");
    }

    static long submit(String body) {
        Response r = post(body);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        long id = r.jsonPath().getLong("id");
        assertThat(r.header("Location")).endsWith("/api/v1/sweeps/" + id);
        return id;
    }

    static JsonPath await(long id) throws InterruptedException {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Response r = given().get("/api/v1/sweeps/" + id);
            String status = r.jsonPath().getString("status");
            if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status)) {
                return r.jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
            }
            assertThat(System.nanoTime()).as("sweep " + id + " still " + status).isLessThan(end);
            Thread.sleep(50);
        }
    }

    /** 3 x 3 x 2 = 18 variants; threshold 0.35 above fullBrakeAt 0.3 makes 6 of them invalid: 12 run, in 2 chunks of 8. */
    static String gridBody(String definition) {
        return "{\"definition\":\"" + definition + "\",\"snapshot\":\"latest\",\"axes\":["
                + "{\"pointer\":\"" + TARGET_VOL + "\",\"values\":[0.08,0.1,0.12]},"
                + "{\"pointer\":\"" + THRESHOLD + "\",\"values\":{\"from\":0.1,\"to\":0.35,\"count\":3}},"
                + "{\"pointer\":\"" + MIN_SCALE + "\",\"values\":[0.2,0.5]}],"
                + "\"combination\":{\"kind\":\"grid\"},\"ranking\":[\"sharpe\",\"calmar\"]}";
    }

    @Test
    void gridSweep_runsEveryValidVariantOnce_listsInvalidOnes_andMatchesASingleRunOfThePromotedVariant() throws Exception {
        define("sweep-grid");
        long id = submit(gridBody("sweep-grid"));
        JsonPath done = await(id);
        assertThat(done.getString("status")).as(done.prettify()).isEqualTo("SUCCEEDED");
        assertThat(done.getInt("total")).isEqualTo(18);
        assertThat(done.getInt("valid")).isEqualTo(12);
        assertThat(done.getInt("invalid")).isEqualTo(6);
        assertThat(done.getLong("done")).isEqualTo(12);
        assertThat(done.getLong("failed")).isZero();
        assertThat(done.getLong("remaining")).isZero();
        assertThat(done.getLong("snapshotId")).as("latest pinned at submission").isEqualTo(MarketDataStub.LATEST);
        assertThat(done.getInt("chunks.total")).isEqualTo(2);
        assertThat(done.getInt("chunks.done")).isEqualTo(2);
        assertThat(done.getDouble("rate")).isPositive();
        assertThat(done.getLong("etaSeconds")).isZero();
        List<Map<String, Object>> nodes = done.getList("nodes");
        assertThat(nodes.stream().mapToDouble(n -> ((Number) n.get("variants")).doubleValue()).sum()).isEqualTo(12.0);
        assertThat(Db.scalar(ds, "SELECT count(*) FROM sweep_variant WHERE sweep_id = ?", id)).isEqualTo(12);
        assertThat(Db.scalar(ds, "SELECT count(DISTINCT variant_index) FROM sweep_variant WHERE sweep_id = ?", id)).isEqualTo(12);
        assertThat(Db.scalar(ds, "SELECT count(*) FROM sweep_variant WHERE sweep_id = ? AND moments IS NULL", id)).isZero();

        // invalid: every combination with threshold 0.35, naming the field
        JsonPath invalid = given().get("/api/v1/sweeps/" + id + "/invalid").then().statusCode(200).extract().jsonPath();
        assertThat(invalid.getInt("invalid")).isEqualTo(6);
        assertThat(invalid.getList("variants")).hasSize(6);
        assertThat(invalid.getList("variants.values.'" + THRESHOLD + "'", Float.class)).containsOnly(0.35f);
        assertThat(invalid.getString("variants[0].problems[0].field")).isEqualTo("overlays[1].params.threshold");
        assertThat(invalid.getString("variants[0].problems[0].message")).contains("fullBrakeAt");

        // results: ranked by the sweep's ranking (sharpe, best first), values by pointer
        JsonPath results = given().get("/api/v1/sweeps/" + id + "/results").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertThat(results.getLong("matching")).isEqualTo(12);
        assertThat(results.getString("sort")).isEqualTo("-sharpe,-calmar");
        List<Double> sharpes = results.getList("rows.metrics.sharpe", Double.class);
        assertThat(sharpes).hasSize(12).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(results.getMap("rows[0].values")).containsOnlyKeys(TARGET_VOL, THRESHOLD, MIN_SCALE);
        assertThat(results.getMap("rows[0].metrics")).containsOnlyKeys("cagr", "annualVolatility", "sharpe", "sortino", "maxDrawdown",
                "calmar", "turnover", "averageLeverage");
        int best = results.getInt("rows[0].index");

        // the best variant promoted to version 2 of its definition, then run alone: the same figures, bit for bit
        Response promoted = given().contentType(ContentType.JSON).body("{}").post("/api/v1/sweeps/" + id + "/variants/" + best + "/promote");
        assertThat(promoted.statusCode()).as(promoted.asString()).isEqualTo(201);
        assertThat(promoted.jsonPath().getInt("version")).isEqualTo(2);
        assertThat(promoted.jsonPath().getDouble("definition.overlays[0].params.targetVol"))
                .isEqualTo(results.getDouble("rows[0].values.'" + TARGET_VOL + "'"));
        assertThat(Db.scalar(ds, "SELECT count(*) FROM audit_event WHERE action = 'definition.updated' AND definition = 'sweep-grid' "
                + "AND detail LIKE ?", "promoted from sweep " + id + " variant " + best + " %")).isEqualTo(1);
        long run = Api.submit("sweep-grid", Map.of("snapshot", MarketDataStub.LATEST, "version", 2));
        JsonPath single = Api.await(run, TIMEOUT).jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertThat(single.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(results.getDouble("rows[0].metrics.sharpe")).isEqualTo(single.getDouble("summary.portfolio.sharpe"));
        assertThat(results.getDouble("rows[0].metrics.cagr")).isEqualTo(single.getDouble("summary.portfolio.cagr"));
        assertThat(results.getDouble("rows[0].metrics.maxDrawdown")).isEqualTo(single.getDouble("summary.portfolio.maxDrawdown"));
        assertThat(results.getDouble("rows[0].metrics.averageLeverage")).isEqualTo(single.getDouble("summary.avgLeverage"));
        assertThat(results.getDouble("rows[0].metrics.turnover")).isEqualTo(single.getDouble("summary.annualTurnover"));

        // the variant's series on demand: the run's series, same shape and numbers
        JsonNode series = JSON.readTree(given().get("/api/v1/sweeps/" + id + "/variants/" + best + "/series").then().statusCode(200)
                .extract().asString());
        JsonNode runSeries = JSON.readTree(given().get("/api/v1/runs/" + run + "/series").then().statusCode(200).extract().asString());
        assertThat(series.get("variantIndex").asInt()).isEqualTo(best);
        assertThat(series.get("dates")).isEqualTo(runSeries.get("dates"));
        assertThat(series.get("columns")).isEqualTo(runSeries.get("columns"));
        // an invalid variant has no series: 409 naming its problem
        int invalidIndex = invalid.getInt("variants[0].index");
        Response bad = given().get("/api/v1/sweeps/" + id + "/variants/" + invalidIndex + "/series");
        assertThat(bad.statusCode()).isEqualTo(409);
        assertThat(bad.asString()).contains("overlays[1].params.threshold");
        assertThat(given().get("/api/v1/sweeps/" + id + "/variants/18/series").statusCode()).isEqualTo(404);
    }

    @Test
    void results_filterSortAndCsv_agreeWithTheStoredRows_andBadSortOrFilterNameTheParameter() throws Exception {
        define("sweep-query");
        long id = submit(gridBody("sweep-query"));
        assertThat(await(id).getString("status")).isEqualTo("SUCCEEDED");
        double median = sharpeMedian(id);
        long above = Db.scalar(ds, "SELECT count(*) FROM sweep_variant WHERE sweep_id = ? AND sharpe > ? AND max_drawdown > -0.5", id, median);
        JsonPath filtered = given().queryParam("filter", "sharpe>" + median + ",maxDrawdown>-0.5").queryParam("sort", "index")
                .get("/api/v1/sweeps/" + id + "/results").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertThat(filtered.getLong("matching")).isEqualTo(above).isBetween(1L, 11L);
        assertThat(filtered.getList("rows.index", Integer.class)).isSorted();
        assertThat(filtered.getList("rows.metrics.sharpe", Double.class)).allSatisfy(s -> assertThat(s).isGreaterThan(median));
        // paging
        JsonPath page = given().queryParam("sort", "-annualVolatility").queryParam("limit", 5).queryParam("offset", 5)
                .get("/api/v1/sweeps/" + id + "/results").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertThat(page.getList("rows")).hasSize(5);
        assertThat(page.getList("rows.metrics.annualVolatility", Double.class)).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        // CSV by format and by Accept: a header naming the axes and metrics, one line per variant
        for (Response csv : List.of(given().queryParam("format", "csv").get("/api/v1/sweeps/" + id + "/results"),
                given().accept("text/csv").get("/api/v1/sweeps/" + id + "/results"))) {
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.contentType()).startsWith("text/csv");
            String[] lines = csv.asString().split("\n");
            assertThat(lines[0]).isEqualTo("index," + TARGET_VOL + "," + THRESHOLD + "," + MIN_SCALE
                    + ",cagr,annualVolatility,sharpe,sortino,maxDrawdown,calmar,turnover,averageLeverage,failure");
            assertThat(lines).hasSize(13);
            String[] first = lines[1].split(",", -1);
            assertThat(first).hasSize(13);
            assertThat(Double.parseDouble(first[6])).isEqualTo(sharpeMax(id));
        }
        // bad sort / filter / format / paging: 400 naming the parameter
        assertBadRequest(given().queryParam("sort", "-sharpness").get("/api/v1/sweeps/" + id + "/results"), "sort");
        assertBadRequest(given().queryParam("filter", "sharpe>>1").get("/api/v1/sweeps/" + id + "/results"), "filter");
        assertBadRequest(given().queryParam("filter", "sharpe>abc").get("/api/v1/sweeps/" + id + "/results"), "filter");
        assertBadRequest(given().queryParam("filter", "leverage<2").get("/api/v1/sweeps/" + id + "/results"), "filter");
        assertBadRequest(given().queryParam("format", "xml").get("/api/v1/sweeps/" + id + "/results"), "format");
        assertBadRequest(given().queryParam("limit", 0).get("/api/v1/sweeps/" + id + "/results"), "limit");
        assertBadRequest(given().queryParam("offset", -1).get("/api/v1/sweeps/" + id + "/results"), "offset");
        assertThat(given().get("/api/v1/sweeps/999999/results").statusCode()).isEqualTo(404);
    }

    private double sharpeMedian(long id) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY sharpe) FROM sweep_variant WHERE sweep_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }

    private double sharpeMax(long id) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT max(sharpe) FROM sweep_variant WHERE sweep_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }

    static void assertBadRequest(Response r, String field) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getList("errors.field", String.class)).as(r.asString()).contains(field);
        assertThat(r.asString()).doesNotContain("Exception", "io.keel");
    }

    /** Rows of every sweep table and the sweeps' Quartz jobs: a refused submission adds none. */
    private long[] stored() throws Exception {
        return new long[]{Db.scalar(ds, "SELECT count(*) FROM sweep"), Db.scalar(ds, "SELECT count(*) FROM sweep_chunk"),
                Db.scalar(ds, "SELECT count(*) FROM sweep_invalid"), Db.scalar(ds, "SELECT count(*) FROM sweep_variant"),
                Db.scalar(ds, "SELECT count(*) FROM qrtz_job_details WHERE job_group = 'sweeps'")};
    }

    @Test
    void badSubmissions_are400NamingTheAxisOrField_andStoreNothing() throws Exception {
        define("sweep-bad");
        String base = "{\"definition\":\"sweep-bad\",";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        // an unknown pointer (no such overlay), a parameter the plugin does not declare, a value of the wrong type, an empty axis
        cases.put(base + "\"axes\":[{\"pointer\":\"" + TARGET_VOL + "\",\"values\":[0.1]},{\"pointer\":\"/overlays/7/params/targetVol\",\"values\":[0.1]}]}",
                "axes[1].pointer");
        cases.put(base + "\"axes\":[{\"pointer\":\"/overlays/0/params/targetVolatility\",\"values\":[0.1,0.2]}]}", "axes[0].pointer");
        cases.put(base + "\"axes\":[{\"pointer\":\"" + TARGET_VOL + "\",\"values\":[0.1,\"high\"]}]}", "axes[0].values[1]");
        cases.put(base + "\"axes\":[{\"pointer\":\"" + TARGET_VOL + "\",\"values\":[]}]}", "axes[0].values");
        cases.put(base + "\"axes\":[]}", "axes");
        // too many variants: 1,000 x 1,000 grid
        cases.put(base + "\"axes\":[{\"pointer\":\"" + TARGET_VOL + "\",\"values\":{\"from\":0.01,\"to\":1,\"count\":1000}},"
                + "{\"pointer\":\"" + MIN_SCALE + "\",\"values\":{\"from\":0.0,\"to\":1,\"count\":1000}}]}", "axes");
        // unknown ranking metric, bad combination, bad snapshot
        cases.put(base + "\"axes\":[{\"pointer\":\"" + TARGET_VOL + "\",\"values\":[0.1]}],\"ranking\":[\"sharpe\",\"sharpness\"]}", "ranking[1]");
        cases.put(base + "\"axes\":[{\"pointer\":\"" + TARGET_VOL + "\",\"values\":[0.1]}],\"combination\":{\"kind\":\"random\",\"seed\":1}}",
                "combination.count");
        cases.put(base + "\"snapshot\":\"newest\",\"axes\":[{\"pointer\":\"" + TARGET_VOL + "\",\"values\":[0.1]}]}", "snapshot");
        // no valid variant at all: every threshold above fullBrakeAt
        cases.put(base + "\"axes\":[{\"pointer\":\"" + THRESHOLD + "\",\"values\":[0.4,0.5]}]}", "overlays[1].params.threshold");
        // both bases, neither, an unknown field
        cases.put(base + "\"inline\":" + Defs.json("level70-ew", "x") + ",\"axes\":[{\"pointer\":\"" + TARGET_VOL + "\",\"values\":[0.1]}]}", "definition");
        cases.put("{\"axes\":[{\"pointer\":\"" + TARGET_VOL + "\",\"values\":[0.1]}]}", "definition");
        cases.put("{\"inline\":" + Defs.json("level70-ew", "x", n -> n.put("start", "2010-13-01")) + ",\"axes\":[{\"pointer\":\""
                + TARGET_VOL + "\",\"values\":[0.1]}]}", "inline.start");
        long[] before = stored();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertBadRequest(post(c.getKey()), c.getValue());
        }
        Response unknownField = post(base + "\"axis\":[]}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.asString()).contains("axis");
        assertThat(post("{\"definition\":\"no-such-definition\",\"axes\":[{\"pointer\":\"" + TARGET_VOL + "\",\"values\":[0.1]}]}").statusCode())
                .isEqualTo(404);
        assertThat(stored()).as("nothing stored by refused submissions").isEqualTo(before);
        // a viewer may read but not submit
        assertThat(io.restassured.RestAssured.given().header("X-API-Key", io.keel.common.testing.Keys.VIEWER).contentType(ContentType.JSON)
                .body(gridBody("sweep-bad")).post("/api/v1/sweeps").statusCode()).isEqualTo(403);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void cancel_skipsChunksNotStarted_keepsFinishedOnes_andASecondCancelIs409() throws Exception {
        define("sweep-cancel");
        MarketDataStubResource.stub().delayMillis(300);
        try {
            // 5 x 8 = 40 variants in 5 chunks, each waiting 0.3 s for its prices
            long id = submit("{\"definition\":\"sweep-cancel\",\"snapshot\":" + MarketDataStub.LATEST + ",\"axes\":["
                    + "{\"pointer\":\"" + TARGET_VOL + "\",\"values\":{\"from\":0.06,\"to\":0.14,\"step\":0.02}},"
                    + "{\"pointer\":\"" + MIN_SCALE + "\",\"values\":{\"from\":0.1,\"to\":0.8,\"step\":0.1}}]}");
            Response cancelled = given().post("/api/v1/sweeps/" + id + "/cancel");
            assertThat(cancelled.statusCode()).as(cancelled.asString()).isEqualTo(200);
            assertThat(cancelled.jsonPath().getString("status")).isEqualTo("CANCELLED");
            // chunks that had started finish; nothing stays pending or running
            long end = System.nanoTime() + TIMEOUT.toNanos();
            while (Db.scalar(ds, "SELECT count(*) FROM sweep_chunk WHERE sweep_id = ? AND status IN ('PENDING','RUNNING')", id) > 0) {
                assertThat(System.nanoTime()).isLessThan(end);
                Thread.sleep(50);
            }
            JsonPath after = given().get("/api/v1/sweeps/" + id).jsonPath();
            assertThat(after.getString("status")).isEqualTo("CANCELLED");
            assertThat(after.getInt("chunks.skipped")).as(after.prettify()).isPositive();
            assertThat(after.getInt("chunks.done") + after.getInt("chunks.skipped")).isEqualTo(5);
            assertThat(Db.scalar(ds, "SELECT count(*) FROM sweep_variant WHERE sweep_id = ?", id)).isEqualTo(after.getLong("done"))
                    .isEqualTo(8L * after.getInt("chunks.done"));
            assertThat(Db.scalar(ds, "SELECT count(*) FROM qrtz_job_details WHERE job_group = 'sweeps' AND job_name LIKE ?", "sweep-" + id + "-%"))
                    .as("no job left for the skipped chunks").isZero();
            Response again = given().post("/api/v1/sweeps/" + id + "/cancel");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(given().get("/api/v1/sweeps?status=CANCELLED").jsonPath().getList("id", Long.class)).contains(id);
        } finally {
            MarketDataStubResource.stub().delayMillis(0);
        }
    }

    @Test
    void analysis_givesFoldsPboAndTheDeflatedSharpeOfTheBestVariant_asTheLibraryComputesItFromTheMoments() throws Exception {
        define("sweep-analysis");
        long id = submit("{\"definition\":\"sweep-analysis\",\"axes\":["
                + "{\"pointer\":\"" + TARGET_VOL + "\",\"values\":{\"from\":0.05,\"to\":0.2,\"count\":4}},"
                + "{\"pointer\":\"/overlays/0/params/lookbackDays\",\"values\":[20,60,120]}],\"ranking\":[\"sortino\"]}");
        assertThat(await(id).getString("status")).isEqualTo("SUCCEEDED");
        // before it finishes no analysis: covered by status; bad parameters name themselves
        assertBadRequest(given().queryParam("metric", "calmar").get("/api/v1/sweeps/" + id + "/analysis"), "metric");
        assertBadRequest(given().queryParam("window", "sliding").get("/api/v1/sweeps/" + id + "/analysis"), "window");
        assertBadRequest(given().queryParam("blocks", 7).get("/api/v1/sweeps/" + id + "/analysis"), "blocks");
        assertBadRequest(given().queryParam("inSampleMonths", 0).get("/api/v1/sweeps/" + id + "/analysis"), "inSampleMonths");
        assertBadRequest(given().queryParam("inSampleMonths", 600).get("/api/v1/sweeps/" + id + "/analysis"), "inSampleMonths");
        assertBadRequest(given().queryParam("outOfSampleMonths", -3).get("/api/v1/sweeps/" + id + "/analysis"), "outOfSampleMonths");

        JsonPath a = given().queryParam("metric", "sharpe").queryParam("inSampleMonths", 36).queryParam("outOfSampleMonths", 12)
                .queryParam("window", "anchored").queryParam("blocks", 10).get("/api/v1/sweeps/" + id + "/analysis")
                .then().statusCode(200).extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertThat(a.getInt("variants")).isEqualTo(12);
        int months = a.getInt("months.count");
        List<Map<String, Object>> folds = a.getList("walkForward.folds");
        assertThat(folds).hasSize((int) Math.ceil((months - 36) / 12.0));
        assertThat(a.getString("walkForward.folds[0].inSample.first")).isEqualTo(a.getString("months.first"));
        assertThat(a.getString("walkForward.folds[1].inSample.first")).as("anchored").isEqualTo(a.getString("months.first"));
        assertThat(a.getMap("walkForward.folds[0].values")).containsOnlyKeys(TARGET_VOL, "/overlays/0/params/lookbackDays");
        assertThat(a.getDouble("pbo.probability")).isBetween(0.0, 1.0);
        assertThat(a.getInt("pbo.combinations")).isEqualTo(252); // C(10, 5)
        assertThat(a.getList("pbo.blockMonths")).hasSize(10);

        // the DSR: the best variant by Sharpe over the whole period, V[SR] from the stored (annualised) Sharpe in daily units
        int bestIndex = a.getInt("deflatedSharpe.variantIndex");
        assertThat(bestIndex).isEqualTo((int) Db.scalar(ds, "SELECT variant_index FROM sweep_variant WHERE sweep_id = ? ORDER BY sharpe DESC, variant_index LIMIT 1", id));
        assertThat(a.getInt("deflatedSharpe.trials")).isEqualTo(12);
        assertThat(a.getDouble("deflatedSharpe.annualSharpe")).isEqualTo(sharpeMax(id));
        assertThat(a.getDouble("deflatedSharpe.sharpe")).isCloseTo(sharpeMax(id) / Math.sqrt(252), within(1e-15));
        List<PeriodMoments> moments = new ArrayList<>();
        int position = -1;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT variant_index, moments FROM sweep_variant WHERE sweep_id = ? ORDER BY variant_index")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(1) == bestIndex) {
                        position = moments.size();
                    }
                    moments.add(PeriodMoments.decode(rs.getBytes(2)));
                }
            }
        }
        SharpeInference.Deflated expected = SharpeInference.deflated(moments, position, a.getDouble("deflatedSharpe.skewness"),
                a.getDouble("deflatedSharpe.kurtosis"));
        assertThat(a.getDouble("deflatedSharpe.sharpeVariance")).isCloseTo(expected.sharpeVariance(), within(1e-12 * expected.sharpeVariance()));
        assertThat(a.getDouble("deflatedSharpe.probability")).isCloseTo(expected.probability(), within(1e-9)).isBetween(0.0, 1.0);
        assertThat(a.getLong("deflatedSharpe.observations")).isEqualTo(expected.observations());
        assertThat(a.getDouble("deflatedSharpe.kurtosis")).as("raw kurtosis of daily returns").isGreaterThan(3.0);
    }

    @Test
    void inlineBase_withARandomSample_runsAndPromotesUnderTheNameGiven() throws Exception {
        String inline = Defs.json("level70-ew", "sweep-inline-base");
        long id = submit("{\"inline\":" + inline + ",\"axes\":[{\"pointer\":\"" + TARGET_VOL + "\",\"values\":{\"from\":0.05,\"to\":0.2,\"step\":0.01}},"
                + "{\"pointer\":\"" + MIN_SCALE + "\",\"values\":[0.1,0.3,0.5]}],\"combination\":{\"kind\":\"random\",\"count\":5,\"seed\":7}}");
        JsonPath done = await(id);
        assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(done.getInt("total")).isEqualTo(5);
        assertThat(done.getBoolean("base.inline")).isTrue();
        assertThat(done.getString("combination.kind")).isEqualTo("random");
        assertThat(given().get("/api/v1/sweeps/" + id + "/results").jsonPath().getList("rows.index", Integer.class))
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertBadRequest(given().contentType(ContentType.JSON).body("{}").post("/api/v1/sweeps/" + id + "/variants/2/promote"), "name");
        Response created = given().contentType(ContentType.JSON).body("{\"name\":\"sweep-inline-promoted\"}")
                .post("/api/v1/sweeps/" + id + "/variants/2/promote");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.jsonPath().getString("name")).isEqualTo("sweep-inline-promoted");
        assertThat(created.jsonPath().getInt("version")).isEqualTo(1);
        assertThat(Db.scalar(ds, "SELECT count(*) FROM audit_event WHERE action = 'sweep.submitted' AND detail LIKE ?", "sweep " + id + ":%")).isEqualTo(1);
    }

    @Test
    void variantsThatCannotRun_areCountedFailedWithTheReason_andTheSweepStillSucceeds() throws Exception {
        define("sweep-failing");
        // 5,000 days of history before the first allocation: more than the data holds, so those variants never allocate
        long id = submit("{\"definition\":\"sweep-failing\",\"axes\":[{\"pointer\":\"/weightScheme/params/minHistory\",\"values\":[126,5000]},"
                + "{\"pointer\":\"" + TARGET_VOL + "\",\"values\":[0.1,0.12]}]}");
        JsonPath done = await(id);
        assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(done.getLong("done")).isEqualTo(4);
        assertThat(done.getLong("failed")).isEqualTo(2);
        JsonPath failed = given().queryParam("failed", true).get("/api/v1/sweeps/" + id + "/results").then().statusCode(200).extract().jsonPath();
        assertThat(failed.getList("rows")).hasSize(2);
        assertThat(failed.getList("rows.values.'/weightScheme/params/minHistory'", Integer.class)).containsOnly(5000);
        assertThat(failed.getString("rows[0].failure")).isNotBlank().doesNotContain("Exception");
        assertThat(failed.getString("rows[0].metrics")).isNull();
        // a metric condition never matches a failed variant; the default ranking puts them last
        assertThat(given().queryParam("filter", "sharpe>-100").get("/api/v1/sweeps/" + id + "/results").jsonPath().getLong("matching")).isEqualTo(2);
        assertThat(given().get("/api/v1/sweeps/" + id + "/results").jsonPath().getList("rows.failure", String.class))
                .satisfies(f -> assertThat(f.subList(0, 2)).containsOnlyNulls(), f -> assertThat(f.subList(2, 4)).doesNotContainNull());
        // the analysis compares the variants that ran
        assertThat(given().queryParam("inSampleMonths", 24).queryParam("blocks", 4).get("/api/v1/sweeps/" + id + "/analysis")
                .then().statusCode(200).extract().jsonPath().getInt("variants")).isEqualTo(2);
    }

    @Inject
    io.keel.strategy.app.sweeps.OrphanChunks orphans;

    @Inject
    org.quartz.Scheduler scheduler;

    @Test
    void chunksLeftWithoutAJob_areResumedByTheOrphanCheck_andTheSweepCompletesWithEveryVariantOnce() throws Exception {
        define("sweep-orphans");
        MarketDataStubResource.stub().delayMillis(400);
        long id;
        try {
            id = submit("{\"definition\":\"sweep-orphans\",\"axes\":[{\"pointer\":\"" + TARGET_VOL + "\",\"values\":{\"from\":0.05,\"to\":0.2,\"count\":8}},"
                    + "{\"pointer\":\"" + MIN_SCALE + "\",\"values\":[0.1,0.3,0.5,0.7]}]}");
            // the jobs of chunks not started vanish, as when an execution ended without storing (a long database outage)
            List<org.quartz.JobKey> keys = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                keys.add(new org.quartz.JobKey("sweep-" + id + "-" + c, "sweeps"));
            }
            io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
                try {
                    scheduler.deleteJobs(keys);
                } catch (org.quartz.SchedulerException e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            MarketDataStubResource.stub().delayMillis(0);
        }
        long end = System.nanoTime() + TIMEOUT.toNanos();
        // what ran meanwhile finishes; the rest stays PENDING with no job
        while (Db.scalar(ds, "SELECT count(*) FROM qrtz_fired_triggers WHERE job_group = 'sweeps'") > 0) {
            assertThat(System.nanoTime()).isLessThan(end);
            Thread.sleep(50);
        }
        long pending = Db.scalar(ds, "SELECT count(*) FROM sweep_chunk WHERE sweep_id = ? AND status = 'PENDING'", id);
        assertThat(pending).as("chunks not started when their jobs vanished").isPositive();
        List<String> resumed = orphans.resumeOrphans(0);
        assertThat(resumed).hasSize((int) pending).allMatch(r -> r.startsWith(id + "/"));
        JsonPath done = await(id);
        assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(Db.scalar(ds, "SELECT count(*) FROM sweep_variant WHERE sweep_id = ?", id)).isEqualTo(32);
        assertThat(orphans.resumeOrphans(0)).as("nothing left to resume").isEmpty();
    }
}
