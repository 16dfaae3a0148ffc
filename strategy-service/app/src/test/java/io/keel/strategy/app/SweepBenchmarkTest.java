package io.keel.strategy.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.common.testing.Keys;
import io.keel.strategy.app.support.Api;
import io.keel.strategy.app.support.Defs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark (run with {@code -Dkeel.bench=true}, holding /tmp/keel-maven.lock): 10,000 variants of level63-default's
 * overlay parameters (vol target: targetVol x lookbackDays x maxLeverage; drawdown brake: threshold x minScale) through
 * the API on one node, timed from the POST until the sweep has SUCCEEDED and its results can be read. The service runs
 * with its production chunk size (500). Target: <= 20 s.
 */
@QuarkusTest
@TestProfile(SweepBenchmarkTest.ProductionChunks.class)
@EnabledIfSystemProperty(named = "keel.bench", matches = "true")
class SweepBenchmarkTest {

    /** The production chunk size instead of the test profile's 8. */
    public static class ProductionChunks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keel.sweeps.chunk-size", "500");
        }
    }

    static final String BODY = "{\"definition\":\"bench-sweep\",\"snapshot\":\"latest\",\"axes\":["
            + "{\"pointer\":\"/overlays/0/params/targetVol\",\"values\":{\"from\":0.06,\"to\":0.15,\"count\":10}},"
            + "{\"pointer\":\"/overlays/0/params/lookbackDays\",\"values\":[20,40,60,90,120]},"
            + "{\"pointer\":\"/overlays/0/params/maxLeverage\",\"values\":[1.0,1.5,2.0,2.5]},"
            + "{\"pointer\":\"/overlays/1/params/threshold\",\"values\":{\"from\":0.05,\"to\":0.2,\"count\":5}},"
            + "{\"pointer\":\"/overlays/1/params/minScale\",\"values\":{\"from\":0.1,\"to\":1.0,\"count\":10}}],"
            + "\"ranking\":[\"sharpe\"]}";

    @Test
    void tenThousandOverlayVariants_fromPostToResults_within20s() throws Exception {
        Api.createDefinition(Defs.json("default/level63-default", "bench-sweep"));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + io.restassured.RestAssured.port;
        ObjectMapper json = new ObjectMapper();
        long t0 = System.nanoTime();
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sweeps"))
                .header("X-API-Key", Keys.OPERATOR).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        long t1 = System.nanoTime();
        JsonNode s = json.readTree(submitted.body());
        long id = s.path("id").asLong();
        String status;
        do {
            Thread.sleep(50);
            s = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sweeps/" + id)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            status = s.path("status").asText();
        } while (!status.equals("SUCCEEDED") && !status.equals("FAILED") && System.nanoTime() - t0 < 300_000_000_000L);
        long t2 = System.nanoTime();
        HttpResponse<String> results = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sweeps/" + id + "/results?limit=100"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        long t3 = System.nanoTime();
        assertThat(status).as(s.toString()).isEqualTo("SUCCEEDED");
        assertThat(results.statusCode()).isEqualTo(200);
        assertThat(s.path("valid").asInt() + s.path("invalid").asInt()).isEqualTo(10_000);
        double total = (t3 - t0) / 1e9;
        System.out.printf("bench sweep: %d variants (%d valid, %d invalid, %d failed) in %d chunks: submit %.2f s, until SUCCEEDED %.2f s, "
                        + "first results page %.3f s; total %.2f s = %.0f variants/s; nodes %s%n",
                s.path("total").asInt(), s.path("valid").asInt(), s.path("invalid").asInt(), s.path("failed").asLong(),
                s.path("chunks").path("total").asInt(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, total,
                s.path("total").asInt() / total, s.path("nodes"));
        assertThat(total).isLessThanOrEqualTo(20.0);
    }

    /** The largest sweep accepted: 100,000 variants planned, checked and queued (then cancelled), timed from the POST to 202. */
    @Test
    void largestSweep_100000Variants_isPlannedAndQueued() throws Exception {
        Api.createDefinition(Defs.json("default/level63-default", "bench-sweep-max"));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + io.restassured.RestAssured.port;
        String body = "{\"definition\":\"bench-sweep-max\",\"axes\":["
                + "{\"pointer\":\"/overlays/0/params/targetVol\",\"values\":{\"from\":0.06,\"to\":0.15,\"count\":10}},"
                + "{\"pointer\":\"/overlays/0/params/lookbackDays\",\"values\":{\"from\":20,\"to\":200,\"step\":20}},"
                + "{\"pointer\":\"/overlays/0/params/maxLeverage\",\"values\":{\"from\":1.0,\"to\":2.8,\"step\":0.2}},"
                + "{\"pointer\":\"/overlays/1/params/threshold\",\"values\":{\"from\":0.02,\"to\":0.2,\"step\":0.02}},"
                + "{\"pointer\":\"/overlays/1/params/minScale\",\"values\":{\"from\":0.1,\"to\":1.0,\"count\":10}}]}";
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        long t0 = System.nanoTime();
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sweeps"))
                .header("X-API-Key", Keys.OPERATOR).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        long heapAfter = rt.totalMemory() - rt.freeMemory();
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        JsonNode s = new ObjectMapper().readTree(submitted.body());
        HttpResponse<String> cancelled = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sweeps/" + s.path("id").asLong() + "/cancel"))
                .header("X-API-Key", Keys.OPERATOR).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf("bench sweep max: %d variants (%d valid) in %d chunks queued in %.2f s (heap %d MB before, %d MB after, max %d MB); "
                        + "cancel %d%n", s.path("total").asInt(), s.path("valid").asInt(), s.path("chunks").path("total").asInt(), seconds,
                heapBefore >> 20, heapAfter >> 20, rt.maxMemory() >> 20, cancelled.statusCode());
        assertThat(s.path("total").asInt()).isEqualTo(100_000);
    }
}
