package io.keel.marketdata.snapshot;

import static io.keel.common.testing.Keys.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.keel.marketdata.TestSupport;
import io.keel.marketdata.yahoo.LoopbackYahoo;
import io.keel.marketdata.yahoo.LoopbackYahoo.Fault;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each fault the loopback Yahoo can inject, after a baseline snapshot: the snapshot recovers (transient faults) or
 * reports the symbol as failed (persistent ones), and nothing an earlier snapshot holds is lost or changed.
 */
@QuarkusTest
class YahooFaultsTest {

    private static final List<String> SYMBOLS = List.of("SPY", "QQQ");

    @Inject
    TestSupport support;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    private LoopbackYahoo yahoo;
    private String baselinePrices;
    private long baselineRows;

    /** Baseline: SPY and QQQ up to 2025-09-19 from 2025-01-01; then Yahoo has data up to 2025-09-26. */
    private void baseline() throws Exception {
        yahoo = support.reset();
        yahoo.serveClasspathCsv("sample-data/etf8", SYMBOLS, LocalDate.of(2025, 9, 19));
        assertThat(TestSupport.snapshot(Map.of("symbols", SYMBOLS, "start", "2025-01-01")).getString("status")).isEqualTo("succeeded");
        baselinePrices = pricesAtFirstSnapshot();
        baselineRows = support.scalar("SELECT count(*) FROM marketdata.bar");
        yahoo.reset();
        yahoo.serveClasspathCsv("sample-data/etf8", SYMBOLS, null);
    }

    private static String pricesAtFirstSnapshot() {
        return given().queryParam("symbols", "SPY,QQQ").queryParam("snapshot", "1").when().get("/api/v1/prices")
                .then().statusCode(200).extract().asString();
    }

    private void assertNothingEarlierLost() throws Exception {
        assertThat(pricesAtFirstSnapshot()).isEqualTo(baselinePrices);
        assertThat(support.scalar("SELECT count(*) FROM marketdata.bar")).isGreaterThanOrEqualTo(baselineRows);
    }

    private static JsonPath daily() {
        return TestSupport.snapshot(Map.of("symbols", SYMBOLS));
    }

    private static JsonPath symbol(JsonPath snapshot, String symbol) {
        return new JsonPath(snapshot.prettify()).setRootPath("symbols.find { it.symbol == '" + symbol + "' }");
    }

    @Test
    void tooManyRequests_isRetriedAfterRetryAfter() throws Exception {
        baseline();
        yahoo.enqueue("SPY", Fault.tooManyRequests(1));
        JsonPath s = daily();
        assertThat(s.getString("status")).isEqualTo("succeeded");
        assertThat(symbol(s, "SPY").getInt("rowsWritten")).isEqualTo(5);
        List<LoopbackYahoo.Request> r = yahoo.requests("SPY");
        assertThat(r).hasSize(2);
        assertThat((r.get(1).atNanos() - r.get(0).atNanos()) / 1_000_000).as("ms between the 429 and the retry").isGreaterThanOrEqualTo(950);
        assertNothingEarlierLost();
    }

    @Test
    void serverErrors_areRetriedWithBackoff() throws Exception {
        baseline();
        yahoo.enqueue("SPY", Fault.status(500), Fault.status(502));
        JsonPath s = daily();
        assertThat(s.getString("status")).isEqualTo("succeeded");
        assertThat(yahoo.requests("SPY")).hasSize(3);
        assertNothingEarlierLost();
    }

    @Test
    void slowResponse_timesOutAndIsRetried() throws Exception {
        baseline();
        yahoo.enqueue("QQQ", Fault.slow(3_000));
        JsonPath s = daily();
        assertThat(s.getString("status")).isEqualTo("succeeded");
        assertThat(yahoo.requests("QQQ")).hasSize(2);
        assertThat(symbol(s, "QQQ").getInt("rowsWritten")).isEqualTo(5);
        assertNothingEarlierLost();
    }

    @Test
    void truncatedJson_isRetried() throws Exception {
        baseline();
        yahoo.enqueue("SPY", Fault.truncated());
        JsonPath s = daily();
        assertThat(s.getString("status")).isEqualTo("succeeded");
        assertThat(yahoo.requests("SPY")).hasSize(2);
        assertNothingEarlierLost();
    }

    @Test
    void persistentlyMalformedJson_failsTheSymbolOnly_andKeepsItsData() throws Exception {
        baseline();
        yahoo.always("SPY", Fault.malformed());
        JsonPath s = daily();
        assertThat(s.getString("status")).isEqualTo("partial");
        assertThat(symbol(s, "SPY").getString("status")).isEqualTo("failed");
        assertThat(symbol(s, "SPY").getString("message")).contains("malformed JSON");
        assertThat(symbol(s, "QQQ").getString("status")).isEqualTo("ok");
        assertThat(yahoo.requests("SPY")).hasSize(5); // 1 + 4 retries
        assertNothingEarlierLost();
        // latest (the partial snapshot) still serves SPY as it was, plus QQQ's new days
        JsonPath latest = given().queryParam("symbols", "SPY,QQQ").queryParam("from", "2025-09-19").when().get("/api/v1/prices")
                .then().statusCode(200).extract().jsonPath();
        assertThat(latest.getList("dates")).hasSize(6);
        assertThat(latest.getList("values.SPY")).hasSize(6).filteredOn(java.util.Objects::isNull).hasSize(5);
        assertThat(latest.getList("values.SPY").get(0)).isNotNull();
    }

    @Test
    void nullBars_areDroppedAndReported() throws Exception {
        baseline();
        yahoo.nullBars("SPY", LocalDate.of(2025, 9, 23), LocalDate.of(2025, 9, 24));
        JsonPath s = daily();
        assertThat(s.getString("status")).isEqualTo("succeeded");
        assertThat(symbol(s, "SPY").getInt("rowsWritten")).isEqualTo(3);
        assertThat(symbol(s, "SPY").getInt("rowsRejected")).isEqualTo(2);
        JsonPath issues = given().when().get("/api/v1/snapshots/" + s.getLong("id") + "/issues").then().statusCode(200).extract().jsonPath();
        assertThat(issues.getList("code")).contains("NULL_BAR");
        assertThat(issues.getList("findAll { it.code == 'NULL_BAR' }.date")).containsExactly("2025-09-23", "2025-09-24");
        assertNothingEarlierLost();
    }

    @Test
    void liveRowOfToday_isDeduplicated_andRecordedAsRepaired() throws Exception {
        baseline();
        yahoo.liveRow("QQQ");
        JsonPath s = daily();
        assertThat(s.getString("status")).isEqualTo("succeeded");
        assertThat(symbol(s, "QQQ").getInt("rowsWritten")).isEqualTo(5);
        assertThat(symbol(s, "QQQ").getInt("rowsRepaired")).isEqualTo(1);
        assertThat(s.getInt("rowsRepaired")).isEqualTo(1);
        assertNothingEarlierLost();
    }

    @Test
    void unknownSymbol_failsWithoutRetry_andCreatesNoInstrument() throws Exception {
        baseline();
        JsonPath s = TestSupport.snapshot(Map.of("symbols", List.of("SPY", "NOSUCH")));
        assertThat(s.getString("status")).isEqualTo("partial");
        assertThat(symbol(s, "NOSUCH").getString("status")).isEqualTo("failed");
        assertThat(symbol(s, "NOSUCH").getString("message")).contains("unknown symbol NOSUCH");
        assertThat(yahoo.requests("NOSUCH")).hasSize(1);
        given().when().get("/api/v1/instruments/NOSUCH").then().statusCode(404);
        assertNothingEarlierLost();
    }

    @Test
    void circuitBreaker_opensAfterRepeatedFailures_andStopsCallingYahoo() throws Exception {
        baseline();
        yahoo.always("SPY", Fault.status(500));
        yahoo.always("QQQ", Fault.status(500));
        JsonPath s = daily();
        assertThat(s.getString("status")).isEqualTo("failed");
        assertThat(circuitBreakers.currentState("yahoo")).isEqualTo(CircuitBreakerState.OPEN);
        int calls = yahoo.requests().size();
        assertThat(calls).isLessThan(10); // 6 failures opened it; the remaining attempts were refused locally
        JsonPath again = daily();
        assertThat(again.getString("status")).isEqualTo("failed");
        assertThat(again.getList("symbols.message", String.class)).anySatisfy(m -> assertThat(m).contains("circuit breaker is open"));
        assertThat(yahoo.requests().size()).isEqualTo(calls);
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        assertThat(metrics).containsPattern("keel_yahoo_circuit_state(\\{[^}]*})? 2\\.0");
        assertNothingEarlierLost();
        // Yahoo recovers; after the breaker's delay (1 s in tests) a snapshot goes through again
        yahoo.always("SPY", null);
        yahoo.always("QQQ", null);
        Thread.sleep(1_100);
        assertThat(daily().getString("status")).isEqualTo("succeeded");
    }

    @Test
    void crumbDemandingEndpoint_getsCookieAndCrumb() throws Exception {
        baseline();
        yahoo.requireCrumb(true);
        JsonPath s = daily();
        assertThat(s.getString("status")).isEqualTo("succeeded");
        assertThat(yahoo.requests("SPY").get(yahoo.requests("SPY").size() - 1).uri().getQuery()).contains("crumb=loopbackCrumb42");
    }
}
