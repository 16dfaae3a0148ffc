package io.keel.marketdata.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.keel.marketdata.TestSupport;
import io.keel.marketdata.yahoo.LoopbackYahoo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark of issue 4 (skipped unless {@code -Dkeel.bench=true}): a snapshot of the 8 ETFs 2010–2025 from the
 * loopback server into PostgreSQL (target <= 2 s) and a price query of 8 symbols x 16 years (target p95 <= 30 ms).
 * Prints the figures recorded in BENCHMARKS.md.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "keel.bench", matches = "true")
class PerformanceBenchmarkTest {

    @Inject
    TestSupport support;

    @Inject
    io.keel.marketdata.store.BarStore bars;

    @Test
    void snapshotOfEightEtfs_andEightSymbolSixteenYearQuery() throws Exception {
        LoopbackYahoo yahoo = support.reset();
        yahoo.serveClasspathCsv("sample-data/etf8", TestSupport.ETF8, null);
        // warm-up run (JIT, connection pool), then the measured runs on a clean schema each time
        long[] snapshotMs = new long[5];
        for (int run = -1; run < snapshotMs.length; run++) {
            support.reset();
            yahoo.serveClasspathCsv("sample-data/etf8", TestSupport.ETF8, null);
            Instant t0 = Instant.now();
            JsonPath s = TestSupport.snapshot(Map.of("symbols", TestSupport.ETF8, "start", "2010-01-01"));
            long ms = Duration.between(t0, Instant.now()).toMillis();
            assertThat(s.getString("status")).isEqualTo("succeeded");
            assertThat(s.getInt("rowsWritten")).isEqualTo(8 * 3958);
            if (run >= 0) {
                snapshotMs[run] = ms;
            }
        }
        Arrays.sort(snapshotMs);
        for (int i = 0; i < 50; i++) {
            query("json");
        }
        long[] store = new long[200];
        for (int i = 0; i < 200; i++) {
            long t0 = System.nanoTime();
            bars.prices(TestSupport.ETF8, java.time.LocalDate.of(2010, 1, 1), java.time.LocalDate.of(2025, 12, 31), 1,
                    io.keel.marketdata.domain.PriceField.ADJ_CLOSE);
            store[i] = System.nanoTime() - t0;
        }
        Arrays.sort(store);
        System.out.printf("BENCH BarStore.prices alone (SQL + JDBC, in process): p50 %.1f ms, p95 %.1f ms%n", store[100] / 1e6, store[189] / 1e6);
        long[] json = measure("json", 200);
        long[] csv = measure("csv", 200);
        System.out.printf("BENCH snapshot 8 ETFs 2010-2025 (31664 bars, POST to succeeded): min %d ms, median %d ms, max %d ms%n",
                snapshotMs[0], snapshotMs[2], snapshotMs[4]);
        System.out.printf("BENCH price query 8 symbols 2010-2025 json: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                json[100] / 1e6, json[189] / 1e6, json[199] / 1e6);
        System.out.printf("BENCH price query 8 symbols 2010-2025 csv:  p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                csv[100] / 1e6, csv[189] / 1e6, csv[199] / 1e6);
        assertThat(snapshotMs[2]).as("median snapshot ms").isLessThanOrEqualTo(2000);
        assertThat(json[189] / 1_000_000).as("p95 json query ms").isLessThanOrEqualTo(30);
    }

    private static long[] measure(String format, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            query(format);
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        return t;
    }

    /** One query timed with the JDK client (RestAssured's own parsing would dominate the figure). */
    private static void query(String format) {
        try {
            java.net.http.HttpResponse<byte[]> r = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + io.restassured.RestAssured.port + "/api/v1/prices?symbols=" + String.join(",", TestSupport.ETF8)
                            + "&from=2010-01-01&to=2025-12-31&format=" + format)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body().length).isGreaterThan(200_000);
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
}
