package io.keel.report;

import io.keel.common.testing.Concurrent;
import io.keel.report.report.ReportCache;
import io.keel.report.report.ReportSlots;
import io.keel.report.support.EngineRuns;
import io.keel.report.support.StrategyStubResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.keel.report.ReportCacheTest.stub;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 20: rendered reports are kept in memory in front of report.report_cache; a hit is answered without a report
 * slot, but never without the run's check against strategy-service, and never for another fingerprint.
 */
@QuarkusTest
@QuarkusTestResource(StrategyStubResource.class)
class ReportMemoryTierTest {

    static final long RUN = EngineRuns.CORRECT_LEVEL73;

    @Inject
    ReportCache cache;
    @Inject
    ReportSlots slots;
    @Inject
    DataSource dataSource;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void deleteStoredReports(long run) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM report.report_cache WHERE run_id = ?")) {
            ps.setLong(1, run);
            ps.executeUpdate();
        }
    }

    @Test
    void repeatedRead_isServedFromMemory_withTheSameBytesAndLength_withoutTheDatabaseRow() throws Exception {
        String url = "/reports/runs/" + RUN + "/series.csv";
        HttpResponse<byte[]> first = get(url);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Length")).hasValue(Integer.toString(first.body().length));

        deleteStoredReports(RUN);
        int seriesReads = stub("/_stub/series-requests");
        HttpResponse<byte[]> again = get(url);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("X-Keel-Cache")).hasValue("hit");
        assertThat(again.body()).as("the same bytes, from memory (the database row is gone)").isEqualTo(first.body());
        assertThat(again.headers().firstValue("Content-Disposition").orElseThrow()).contains("run-" + RUN);
        assertThat(stub("/_stub/series-requests")).isEqualTo(seriesReads);
        assertThat(cache.count(RUN)).as("nothing rendered, nothing written").isZero();
    }

    @Test
    void reportInMemory_isNeverServedForAnotherFingerprint_norWhenTheRunCannotBeChecked() throws Exception {
        String url = "/reports/runs/" + RUN + "/summary.json?rf=0.0431";
        given().get(url).then().statusCode(200).body("run.version", equalTo(1));
        given().get(url).then().statusCode(200).header("X-Keel-Cache", "hit").body("run.version", equalTo(1));

        // the run id now denotes other outputs (e.g. a reset strategy database): rendered afresh, in memory and database
        stub("/_stub/version?run=" + RUN + "&version=2");
        try {
            given().get(url).then().statusCode(200).header("X-Keel-Cache", "miss").body("run.version", equalTo(2));
            given().get(url).then().statusCode(200).header("X-Keel-Cache", "hit").body("run.version", equalTo(2));
        } finally {
            stub("/_stub/version?run=" + RUN + "&version=1");
        }
        given().get(url).then().statusCode(200).header("X-Keel-Cache", "miss").body("run.version", equalTo(1));

        // in memory, but strategy-service cannot confirm the run: 503, not the held report
        stub("/_stub/down?value=true");
        try {
            given().get(url).then().statusCode(503).header("Retry-After", "30");
        } finally {
            stub("/_stub/down?value=false");
        }
        // an id strategy-service does not know is 404 whatever is held
        given().get("/reports/runs/99/summary.json").then().statusCode(404);
    }

    @Test
    void whileEveryRenderSlotIsBusy_cachedReportsAreAnswered_andRendersBeyondTheQueueAre503WithRetryAfterAtOnce() throws Exception {
        String held = "/reports/runs/" + RUN + "/tearsheet.html?rf=0.0432";
        byte[] page = get(held).body();
        int capacity = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("keel.report.max-concurrent", Integer.class);
        int maxQueued = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("keel.report.max-queued", Integer.class);

        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holders = Executors.newFixedThreadPool(capacity);
        List<Future<String>> holding = new java.util.ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            holding.add(holders.submit(() -> slots.call(() -> {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "held";
            })));
        }
        ExecutorService readers = Executors.newFixedThreadPool(maxQueued + 10);
        try {
            waitFor(() -> gauge("keel_report_in_flight") == capacity);

            long t0 = System.nanoTime();
            HttpResponse<byte[]> hit = get(held);
            assertThat(hit.statusCode()).isEqualTo(200);
            assertThat(hit.body()).isEqualTo(page);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("a report in memory waits for no slot").isLessThan(Duration.ofSeconds(3));
            // out of memory but stored: read from the database in a slot of its own, not behind the renders
            cache.memory().clear();
            long t1 = System.nanoTime();
            HttpResponse<byte[]> stored = get(held);
            assertThat(stored.statusCode()).isEqualTo(200);
            assertThat(stored.headers().firstValue("X-Keel-Cache")).hasValue("hit");
            assertThat(stored.body()).isEqualTo(page);
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofSeconds(3));

            // renders: maxQueued of them wait for a slot, the rest are refused at once
            int n = maxQueued + 10;
            List<Future<Concurrent.Answer>> answers = new java.util.ArrayList<>();
            List<Long> millis = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < n; i++) {
                String url = "/reports/runs/" + RUN + "/summary.json?rf=0.05" + (100 + i);
                answers.add(readers.submit(() -> {
                    long s = System.nanoTime();
                    Concurrent.Answer a = Concurrent.send("GET", url, null);
                    if (a.status() == 503) {
                        millis.add((System.nanoTime() - s) / 1_000_000);
                    }
                    return a;
                }));
            }
            waitFor(() -> millis.size() >= 10 && gauge("keel_report_queued") == maxQueued);
            assertThat(millis).as("refused without waiting for the 10 s queue wait").allSatisfy(ms -> assertThat(ms).isLessThan(3000L));
            release.countDown();
            int ok = 0;
            for (Future<Concurrent.Answer> f : answers) {
                Concurrent.Answer a = f.get(60, TimeUnit.SECONDS);
                assertThat(a.status()).as(a.toString()).isIn(200, 503);
                if (a.status() == 503) {
                    assertThat(a.retryAfter()).isNotBlank();
                    assertThat(a.isOrderlyOrRefusedWithAReason()).isTrue();
                } else {
                    ok++;
                }
            }
            assertThat(ok).as("the queued ones are served once slots free up").isEqualTo(maxQueued);
        } finally {
            release.countDown();
            holders.shutdown();
            readers.shutdownNow();
        }
        for (Future<String> f : holding) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("held");
        }
    }

    @Test
    void answerBytesInFlight_returnToZero_afterGetsAndAHeadThatWritesNoBody() throws Exception {
        String url = "/reports/runs/" + RUN + "/tearsheet.html?rf=0.0433";
        byte[] page = get(url).body();
        for (int i = 0; i < 3; i++) {
            assertThat(get(url).body()).isEqualTo(page);
        }
        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + url))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(page.length));
        waitFor(() -> gauge("keel_report_answer_bytes_in_flight_bytes") == 0.0);
    }

    @Test
    void requestsArrival_isSeenFromTheWorkerThread_soTimeQueuedBeforeTheResourceCounts() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/_test/arrival"))
                .header("X-Test-Delay-Ms", "400").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Long.parseLong(r.body().trim())).isBetween(380L, 10_000L);
    }

    private static double gauge(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in 20 s").isLessThan(end);
            Thread.sleep(20);
        }
    }
}
